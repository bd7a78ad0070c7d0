import type { DbTx } from "../db";
import { isLocked, recordFailure, retryAfterSeconds, THROTTLE_WINDOW_MS } from "../domain/throttle";
import { isUniqueViolation } from "../db-errors";

export type ThrottleLimit = { key: string; max: number };


/**
 * Takes one attempt from every bucket BEFORE the secret is checked. Each take is a single
 * conditional UPDATE (`failures < max`), atomic on SQLite and PostgreSQL alike, so twenty parallel
 * guesses can never all pass a check that ran before any of them was counted: at most `max` are
 * let through per window. Returns 0 when granted, else the seconds to wait (and nothing is taken).
 */
export async function reserveSignInAttempts(db: DbTx, limits: ThrottleLimit[], now = new Date()): Promise<number> {
  const taken: string[] = [];
  for (const { key, max } of limits) {
    if (await takeAttempt(db, key, max, now)) {
      taken.push(key);
      continue;
    }
    // Refused on this bucket: give back what the others took, the attempt never happened.
    for (const k of taken) await releaseSignInAttempt(db, k);
    const bucket = await db.authThrottle.findUnique({ where: { key } });
    const lockedUntil = bucket?.lockedUntil ?? (bucket ? new Date(bucket.windowStart.getTime() + THROTTLE_WINDOW_MS) : now);
    return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  }
  return 0;
}

async function takeAttempt(db: DbTx, key: string, max: number, now: Date): Promise<boolean> {
  // A window that has run out starts again (conditional, so racing resets agree).
  await db.authThrottle.updateMany({
    where: { key, windowStart: { lte: new Date(now.getTime() - THROTTLE_WINDOW_MS) } },
    data: { failures: 0, windowStart: now, lockedUntil: null },
  });
  let { count } = await db.authThrottle.updateMany({ where: { key, failures: { lt: max } }, data: { failures: { increment: 1 } } });
  if (count === 0) {
    const created = await db.authThrottle.create({ data: { key, failures: 1, windowStart: now } }).then(
      () => true,
      (error: unknown) => {
        if (isUniqueViolation(error)) return false;
        throw error;
      },
    );
    // Someone else created it first: take from theirs.
    if (!created) ({ count } = await db.authThrottle.updateMany({ where: { key, failures: { lt: max } }, data: { failures: { increment: 1 } } }));
    else count = 1;
  }
  if (count === 0) return false;
  // The attempt that fills the bucket marks the lock until the window ends, so
  // checkSignInThrottle (and the retry hint) sees it too.
  const bucket = await db.authThrottle.findUnique({ where: { key } });
  if (bucket && bucket.failures >= max && !bucket.lockedUntil) {
    await db.authThrottle.updateMany({
      where: { key, lockedUntil: null },
      data: { lockedUntil: new Date(bucket.windowStart.getTime() + THROTTLE_WINDOW_MS) },
    });
  }
  return true;
}

/**
 * Gives one attempt back (a correct secret on a shared, per-address bucket): successes must not
 * lock out the people behind one address, and a refund, unlike a reset, cannot be used to wipe
 * the failures that others' guesses left there.
 */
export async function releaseSignInAttempt(db: DbTx, key: string): Promise<void> {
  await db.authThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 }, lockedUntil: null } });
}

/** Seconds until sign-in is allowed again for any of these keys (0 = allowed). */
export async function checkSignInThrottle(db: DbTx, keys: string[], now = new Date()): Promise<number> {
  const buckets = await db.authThrottle.findMany({ where: { key: { in: keys } } });
  return Math.max(0, ...buckets.filter((b) => isLocked(b, now)).map((b) => retryAfterSeconds(b, now)));
}

/**
 * Records a failure after the secret was checked (the tablet PIN flow still uses it). Unlike
 * reserveSignInAttempts it does not stop parallel attempts that all passed checkSignInThrottle.
 */
export async function recordSignInFailure(db: DbTx, keys: ThrottleLimit[], now = new Date()): Promise<void> {
  for (const { key, max } of keys) {
    const current = await db.authThrottle.findUnique({ where: { key } });
    const next = recordFailure(current, now, max);
    await db.authThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
}

/** Clears a bucket: a correct secret resets the per-account count. */
export async function clearSignInFailures(db: DbTx, key: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key } });
}
