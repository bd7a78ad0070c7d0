import { env } from "../env";
import { DomainError } from "../domain/errors";
import { isFull, takeToken, type TokenBucket } from "../domain/throttle";

/**
 * Per-API-key request budget of the integrator API, in this process's memory: a token bucket of
 * API_RATE_BURST refilled at API_RATE_PER_SECOND. Memory is enough here: a limit that resets on
 * restart or is per instance still stops a runaway sync loop from starving the shop's POS
 * traffic, which is what it is for. Idle buckets are forgotten once they would be full again.
 */
const buckets = new Map<string, TokenBucket>();
let lastSweepMs = 0;

export function limitApiKey(keyId: string, nowMs = Date.now()): void {
  const rate = env.API_RATE_PER_SECOND;
  const burst = env.API_RATE_BURST;
  if (nowMs - lastSweepMs > 60_000) {
    lastSweepMs = nowMs;
    for (const [id, bucket] of buckets) if (isFull(bucket, nowMs, rate, burst)) buckets.delete(id);
  }
  const result = takeToken(buckets.get(keyId), nowMs, rate, burst);
  buckets.set(keyId, result.bucket);
  if (!result.allowed) {
    throw new DomainError(
      "RATE_LIMITED",
      `Too many requests for this API key (${rate}/s, bursts of ${burst}). Retry after ${result.retryAfterSeconds} s.`,
      { retryAfterSeconds: result.retryAfterSeconds },
    );
  }
}
