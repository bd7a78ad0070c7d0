/**
 * Retry schedule of outbound webhook deliveries: exponential-ish steps from 30 s to 8 h, with ±20 %
 * jitter so many failed deliveries do not retry in lockstep. Ten attempts span about 24 hours;
 * after the last one the delivery is DEAD (the owner can still replay it from the log).
 */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
export const JITTER = 0.2;

/**
 * Delay before the next attempt after `attempts` failed attempts (1 = the first try failed), or
 * null when no attempt is left. `random` is in [0, 1); 0.5 gives the exact base delay.
 */
export function retryDelayMs(attempts: number, random: number = Math.random()): number | null {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts starts at 1");
  const base = RETRY_DELAYS_SECONDS[attempts - 1];
  if (base === undefined) return null;
  const factor = 1 - JITTER + 2 * JITTER * Math.min(Math.max(random, 0), 1);
  return Math.round(base * 1000 * factor);
}

export type DeliveryOutcome =
  | { status: "SUCCEEDED" }
  | { status: "FAILED"; nextAttemptAt: number }
  | { status: "DEAD"; disableSubscription: boolean };

/**
 * What an HTTP answer means for a delivery: 2xx done; 410 Gone means the receiver asks us to stop,
 * so the subscription is disabled; anything else (or no answer) retries on the schedule.
 */
export function classifyAttempt(input: { statusCode: number | null; attempts: number; now: number; random?: number }): DeliveryOutcome {
  const { statusCode } = input;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { status: "SUCCEEDED" };
  if (statusCode === 410) return { status: "DEAD", disableSubscription: true };
  const delay = retryDelayMs(input.attempts, input.random);
  if (delay === null) return { status: "DEAD", disableSubscription: false };
  return { status: "FAILED", nextAttemptAt: input.now + delay };
}
