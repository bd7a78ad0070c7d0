/** Fixed-window failure counting with a lock-out, as pure arithmetic over a stored bucket. */
export type ThrottleBucket = { failures: number; windowStart: Date; lockedUntil: Date | null };

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export function isLocked(bucket: ThrottleBucket | null, now: Date): boolean {
  return !!bucket?.lockedUntil && bucket.lockedUntil > now;
}

/** The bucket after one more failure; locks for the rest of the window once `max` is reached. */
export function recordFailure(bucket: ThrottleBucket | null, now: Date, max: number): ThrottleBucket {
  const fresh = !bucket || now.getTime() - bucket.windowStart.getTime() >= THROTTLE_WINDOW_MS;
  const failures = fresh ? 1 : bucket.failures + 1;
  const windowStart = fresh ? now : bucket.windowStart;
  const lockedUntil = failures >= max ? new Date(windowStart.getTime() + THROTTLE_WINDOW_MS) : null;
  return { failures, windowStart, lockedUntil };
}

export function retryAfterSeconds(bucket: ThrottleBucket | null, now: Date): number {
  if (!bucket?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((bucket.lockedUntil.getTime() - now.getTime()) / 1000));
}
