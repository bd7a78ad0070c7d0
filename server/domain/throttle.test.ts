import { describe, expect, it } from "vitest";
import {
  DIRECT_CLIENT,
  THROTTLE_WINDOW_MS,
  clientAddress,
  clientFailureLimit,
  isFull,
  isLocked,
  recordFailure,
  retryAfterSeconds,
  takeToken,
  type TokenBucket,
} from "./throttle";

const t0 = new Date("2026-11-24T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("sign-in throttle", () => {
  it("locks on the max-th failure within the window and not before", () => {
    let bucket = recordFailure(null, t0, 3);
    expect(bucket).toEqual({ failures: 1, windowStart: t0, lockedUntil: null });
    bucket = recordFailure(bucket, at(1000), 3);
    expect(isLocked(bucket, at(1000))).toBe(false);
    bucket = recordFailure(bucket, at(2000), 3);
    expect(bucket.failures).toBe(3);
    expect(isLocked(bucket, at(2000))).toBe(true);
    expect(bucket.lockedUntil).toEqual(at(THROTTLE_WINDOW_MS));
  });

  it("starts a fresh window once the old one has passed", () => {
    const old = { failures: 4, windowStart: t0, lockedUntil: null };
    expect(recordFailure(old, at(THROTTLE_WINDOW_MS), 5)).toEqual({
      failures: 1,
      windowStart: at(THROTTLE_WINDOW_MS),
      lockedUntil: null,
    });
  });

  it.each([
    [0, 900],
    [THROTTLE_WINDOW_MS - 1500, 2],
    [THROTTLE_WINDOW_MS, 0],
    [THROTTLE_WINDOW_MS + 60_000, 0],
  ])("tells the client to retry after the lock (at +%i ms: %i s)", (elapsed, seconds) => {
    const locked = { failures: 5, windowStart: t0, lockedUntil: at(THROTTLE_WINDOW_MS) };
    expect(retryAfterSeconds(locked, at(elapsed))).toBe(seconds);
    expect(isLocked(locked, at(elapsed))).toBe(seconds > 0);
  });

  it("never locks an unknown client", () => {
    expect(isLocked(null, t0)).toBe(false);
    expect(retryAfterSeconds(null, t0)).toBe(0);
  });
});

describe("client address for throttling", () => {
  it.each([
    // No trusted proxy: whatever the client wrote is ignored, everyone shares one bucket.
    ["6.6.6.6", 0, DIRECT_CLIENT],
    [undefined, 0, DIRECT_CLIENT],
    ["1.1.1.1, 2.2.2.2", 0, DIRECT_CLIENT],
    // One proxy appends what it saw: the right-most entry; a forged left part is ignored.
    ["9.9.9.9", 1, "9.9.9.9"],
    ["6.6.6.6, 9.9.9.9", 1, "9.9.9.9"],
    [" 6.6.6.6 ,  9.9.9.9 ", 1, "9.9.9.9"],
    // Two proxies: the address the outer one saw.
    ["6.6.6.6, 9.9.9.9, 10.0.0.2", 2, "9.9.9.9"],
    // Fewer entries than proxies (a request that skipped one): the left-most there is.
    ["9.9.9.9", 2, "9.9.9.9"],
    ["", 1, DIRECT_CLIENT],
    [undefined, 1, DIRECT_CLIENT],
  ])("x-forwarded-for %j with %i trusted proxies → %s", (header, hops, expected) => {
    expect(clientAddress(header, hops)).toBe(expected);
  });

  it("gives the shared bucket more room than one address", () => {
    expect(clientFailureLimit(DIRECT_CLIENT, 5)).toBe(100);
    expect(clientFailureLimit("9.9.9.9", 5)).toBe(20);
  });
});

describe("token bucket", () => {
  it("allows a burst, then the steady rate, and says when to retry", () => {
    let bucket: TokenBucket | undefined;
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(bucket, 0, 2, 3);
      bucket = r.bucket;
      allowed.push(r.allowed);
    }
    expect(allowed).toEqual([true, true, true, false]);
    const refused = takeToken(bucket, 0, 2, 3);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    // Half a second at 2/s gives one token back, not more.
    const later = takeToken(bucket, 500, 2, 3);
    expect(later.allowed).toBe(true);
    expect(takeToken(later.bucket, 500, 2, 3).allowed).toBe(false);
  });

  it("never refills past the burst and rounds the wait up to whole seconds", () => {
    const idle = takeToken({ tokens: 0, updatedAtMs: 0 }, 3_600_000, 5, 10);
    expect(idle.bucket.tokens).toBe(9);
    expect(takeToken({ tokens: 0, updatedAtMs: 0 }, 0, 0.1, 1).retryAfterSeconds).toBe(10);
    expect(isFull({ tokens: 0, updatedAtMs: 0 }, 2000, 5, 10)).toBe(true);
    expect(isFull({ tokens: 0, updatedAtMs: 0 }, 1000, 5, 10)).toBe(false);
  });
});
