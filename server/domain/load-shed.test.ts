import { describe, expect, it } from "vitest";
import { admissionLimit, isOverloaded, observeInflight, trackOverload, type ShedConfig, type ShedState } from "./load-shed";

const config: ShedConfig = { tauMs: 20_000, headroom: 2.5, floor: 32, ceiling: 512 };

/** Observes a constant in-flight count every `stepMs` for `durationMs`, starting from `from`. */
function hold(from: ShedState, inflight: number, durationMs: number, stepMs = 10): ShedState {
  let s = from;
  for (let t = stepMs; t <= durationMs; t += stepMs) s = observeInflight(s, inflight, from.at + t, config.tauMs);
  return s;
}

describe("admissionLimit", () => {
  it.each([
    ["idle shop", 0, 32],
    ["steady 20 in flight", 20, 50],
    ["steady 64 in flight", 64, 160],
    ["huge steady load", 400, 512],
  ])("%s → limit %i", (_label, steady, limit) => {
    const settled = hold({ level: 0, at: 0 }, steady, 200_000, 100);
    expect(admissionLimit(settled, config)).toBe(limit);
  });

  it("never sheds the steady load it has settled on", () => {
    for (const steady of [10, 32, 64, 100, 200]) {
      const settled = hold({ level: 0, at: 0 }, steady, 200_000, 100);
      expect(admissionLimit(settled, config)).toBeGreaterThanOrEqual(steady);
    }
  });

  it("sheds most of a sudden 5× burst over a steady 32", () => {
    const steady = hold({ level: 0, at: 0 }, 32, 200_000, 100);
    const afterOneSecond = hold(steady, 160, 1_000);
    const limit = admissionLimit(afterOneSecond, config);
    expect(limit).toBeLessThan(100);
    expect(limit).toBeGreaterThanOrEqual(80);
  });

  it("admits a load that ramps up slowly", () => {
    let s = hold({ level: 0, at: 0 }, 32, 200_000, 100);
    // +8 in flight every 10 s, up to 160: each step stays within the headroom of the last level.
    for (let inflight = 40; inflight <= 160; inflight += 8) {
      expect(admissionLimit(s, config)).toBeGreaterThanOrEqual(inflight);
      s = hold(s, inflight, 10_000, 100);
    }
  });

  it("weights by elapsed time, not by the number of requests", () => {
    const start: ShedState = { level: 10, at: 0 };
    const many = Array.from({ length: 1000 }, (_, i) => i).reduce((s, i) => observeInflight(s, 100, i === 999 ? 1 : 0, 20_000), start);
    expect(many.level).toBeLessThan(10.01);
    expect(observeInflight(start, 100, 20_000, 20_000).level).toBeCloseTo(10 + 90 * (1 - Math.exp(-1)), 6);
  });
});

describe("overload gate", () => {
  it("only a sustained lag counts as overload; one slow sample does not", () => {
    let since: number | null = null;
    const samples: [number, number][] = [
      [0, 5],
      [250, 80],
      [500, 90],
      [750, 20],
      [1000, 70],
      [1250, 75],
      [1500, 120],
      [1750, 65],
      [2000, 61],
    ];
    const overloaded = samples.map(([at, lag]) => {
      since = trackOverload(since, lag, at, 60);
      return isOverloaded(since, at, 1000);
    });
    expect(overloaded).toEqual([false, false, false, false, false, false, false, false, true]);
  });

  it("without overload the hard cap is the limit, whatever the recent level", () => {
    expect(admissionLimit({ level: 3, at: 0 }, config, false)).toBe(512);
    expect(admissionLimit({ level: 3, at: 0 }, config, true)).toBe(32);
  });
});
