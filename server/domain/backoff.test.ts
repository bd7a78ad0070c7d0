import { describe, expect, it } from "vitest";
import { classifyAttempt, MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  it.each([
    [1, 0.5, 30_000],
    [2, 0.5, 120_000],
    [3, 0.5, 600_000],
    [5, 0.5, 3_600_000],
    [9, 0.5, 28_800_000],
    [1, 0, 24_000],
    [1, 0.999999, 36_000],
    [4, 0, 1_440_000],
    [10, 0.5, null],
    [11, 0.5, null],
  ])("after %i failed attempts (random %f) waits %s ms", (attempts, random, expected) => {
    const got = retryDelayMs(attempts, random);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, -1);
  });

  it("spreads the retries over about a day", () => {
    const total = RETRY_DELAYS_SECONDS.reduce((s, d) => s + d, 0);
    expect(total / 3600).toBeGreaterThan(22);
    expect(total / 3600).toBeLessThan(26);
    expect(MAX_ATTEMPTS).toBe(10);
  });

  it("refuses a non-positive attempt count", () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });
});

describe("classifyAttempt", () => {
  const now = 1_000_000;
  it.each([
    ["200 succeeds", 200, 1, { status: "SUCCEEDED" }],
    ["204 succeeds", 204, 3, { status: "SUCCEEDED" }],
    ["410 disables", 410, 1, { status: "DEAD", disableSubscription: true }],
    ["500 retries", 500, 1, { status: "FAILED", nextAttemptAt: now + 30_000 }],
    ["no answer retries", null, 2, { status: "FAILED", nextAttemptAt: now + 120_000 }],
    ["a redirect retries", 301, 1, { status: "FAILED", nextAttemptAt: now + 30_000 }],
    ["the last attempt is dead", 503, 10, { status: "DEAD", disableSubscription: false }],
  ])("%s", (_n, statusCode, attempts, expected) => {
    expect(classifyAttempt({ statusCode, attempts, now, random: 0.5 })).toEqual(expected);
  });
});
