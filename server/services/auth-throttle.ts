import type { DbTx } from "../db";
import { isLocked, recordFailure, retryAfterSeconds } from "../domain/throttle";

/** Seconds until sign-in is allowed again for any of these keys (0 = allowed). */
export async function checkSignInThrottle(db: DbTx, keys: string[], now = new Date()): Promise<number> {
  const buckets = await db.authThrottle.findMany({ where: { key: { in: keys } } });
  return Math.max(0, ...buckets.filter((b) => isLocked(b, now)).map((b) => retryAfterSeconds(b, now)));
}

export async function recordSignInFailure(
  db: DbTx,
  keys: { key: string; max: number }[],
  now = new Date(),
): Promise<void> {
  for (const { key, max } of keys) {
    const current = await db.authThrottle.findUnique({ where: { key } });
    const next = recordFailure(current, now, max);
    await db.authThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
}

export async function clearSignInFailures(db: DbTx, key: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key } });
}
