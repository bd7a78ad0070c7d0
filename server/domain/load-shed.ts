/**
 * Load shedding for webhook ingestion. A fixed in-flight cap either sheds a steady load (too low)
 * or lets a burst through to queue past the POS's timeout (too high), and the right number
 * depends on how hard the POS pushes. So while the process is overloaded (its event loop has lagged
 * past a threshold for a sustained while) the cap follows the recent steady level: an
 * exponentially weighted average of the in-flight count (time constant `tauMs`), and a delivery
 * is refused with 429 once in-flight exceeds `headroom` × that level. A sudden 5× burst is shed
 * once the overload shows; a load that grows over tens of seconds is admitted as it grows; a
 * one-off spike the server absorbs (200 orders at once) is never shed. Otherwise only `ceiling`,
 * the hard cap, applies. `floor` is the least the adaptive cap admits.
 */
export type ShedConfig = { tauMs: number; headroom: number; floor: number; ceiling: number };
export type ShedState = { level: number; at: number };

export const DEFAULT_SHED: Omit<ShedConfig, "ceiling"> = { tauMs: 20_000, headroom: 2.5, floor: 32 };

/** Event-loop lag (mean over a sample window) that counts as overloaded, and for how long it must last. */
export const OVERLOAD = { lagMs: 60, sustainMs: 1_000 } as const;

/** When the current overload began (null = not overloaded), after a lag sample taken at `now`. */
export function trackOverload(since: number | null, lagMs: number, now: number, thresholdMs = OVERLOAD.lagMs): number | null {
  if (lagMs < thresholdMs) return null;
  return since ?? now;
}

export function isOverloaded(since: number | null, now: number, sustainMs = OVERLOAD.sustainMs): boolean {
  return since !== null && now - since >= sustainMs;
}

/** The in-flight level after observing `inflight` at `now`. */
export function observeInflight(state: ShedState, inflight: number, now: number, tauMs: number): ShedState {
  const dt = Math.max(0, now - state.at);
  const alpha = 1 - Math.exp(-dt / tauMs);
  return { level: state.level + (inflight - state.level) * alpha, at: now };
}

/** How many deliveries may be in flight now. */
export function admissionLimit(state: ShedState, config: ShedConfig, overloaded = true): number {
  if (!overloaded) return config.ceiling;
  return Math.min(config.ceiling, Math.max(config.floor, Math.ceil(state.level * config.headroom)));
}
