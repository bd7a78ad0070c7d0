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

/**
 * The bucket every client shares when the deployment does not say it sits behind a proxy.
 * Next.js only fills `x-forwarded-for` from the socket when the client sent none, so without a
 * trusted proxy that header is whatever the caller typed: keying on it would give an attacker a
 * fresh bucket per request. One shared bucket (with a higher limit, see clientFailureLimit) still
 * caps password spraying across many emails; the per-email bucket stays the main guard.
 */
export const DIRECT_CLIENT = "direct";

/**
 * The client address to throttle on. `trustedProxyHops` is how many proxies in front of the app
 * append to `x-forwarded-for` (0 = none, trust nothing). Each proxy appends what it saw, so the
 * entry `hops` from the right is the address the outermost trusted proxy saw; anything left of
 * it came from the client and may be forged.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxyHops: number): string {
  if (trustedProxyHops <= 0) return DIRECT_CLIENT;
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const entry = entries[entries.length - trustedProxyHops] ?? entries[0];
  return entry ? entry.slice(0, 64) : DIRECT_CLIENT;
}

/** Attempts allowed per client address in a window: a shared bucket carries everyone's traffic. */
export function clientFailureLimit(client: string, maxFailuresPerAccount: number): number {
  return client === DIRECT_CLIENT ? maxFailuresPerAccount * 20 : maxFailuresPerAccount * 4;
}

/** A token bucket: `tokens` left at `updatedAtMs`; it refills at a steady rate up to the burst. */
export type TokenBucket = { tokens: number; updatedAtMs: number };

/**
 * Takes one token. Refill is computed from elapsed time, so no timer runs; a refused call leaves
 * the bucket as it was and says how long until a token is back (whole seconds, at least 1).
 */
export function takeToken(
  bucket: TokenBucket | undefined,
  nowMs: number,
  ratePerSecond: number,
  burst: number,
): { bucket: TokenBucket; allowed: boolean; retryAfterSeconds: number } {
  const elapsed = bucket ? Math.max(0, nowMs - bucket.updatedAtMs) / 1000 : 0;
  const tokens = bucket ? Math.min(burst, bucket.tokens + elapsed * ratePerSecond) : burst;
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, updatedAtMs: nowMs }, allowed: true, retryAfterSeconds: 0 };
  return {
    bucket: { tokens, updatedAtMs: nowMs },
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerSecond)),
  };
}

/** Whether an idle bucket has refilled completely (then it can be forgotten). */
export function isFull(bucket: TokenBucket, nowMs: number, ratePerSecond: number, burst: number): boolean {
  return bucket.tokens + ((nowMs - bucket.updatedAtMs) / 1000) * ratePerSecond >= burst;
}
