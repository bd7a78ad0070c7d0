import { describe, expect, it } from "vitest";
import {
  buildUsageProfile,
  findStockout,
  forecastErrors,
  forecastUsage,
  HOUR_MS,
  projectCurve,
  slotFunction,
  WEEK_MS,
  type HourlyUsage,
} from "./forecast";

const utc = slotFunction("UTC");
// Monday 2026-11-23 00:00 UTC; weeks of history end here.
const NOW = Date.UTC(2026, 10, 23);

/** Hourly usage for `weeks` weeks before NOW, from a function of (weeksAgo, hourStart). */
function series(weeks: number, at: (weeksAgo: number, hourStart: number) => number): HourlyUsage[] {
  const out: HourlyUsage[] = [];
  for (let t = NOW - weeks * WEEK_MS; t < NOW; t += HOUR_MS) {
    const q = at(Math.floor((NOW - 1 - t) / WEEK_MS), t);
    if (q) out.push({ hourStart: t, quantity: q });
  }
  return out;
}

describe("slotFunction", () => {
  it.each([
    ["UTC Monday 00:00", "UTC", Date.UTC(2026, 10, 23, 0), 1 * 24 + 0],
    ["UTC Sunday 23:00", "UTC", Date.UTC(2026, 10, 22, 23), 0 * 24 + 23],
    ["New York is 5 h behind in November", "America/New_York", Date.UTC(2026, 10, 23, 3), 0 * 24 + 22],
    ["New York is 4 h behind in July", "America/New_York", Date.UTC(2026, 6, 6, 12), 1 * 24 + 8],
  ])("%s", (_name, tz, ms, slot) => {
    expect(slotFunction(tz)(ms)).toBe(slot);
  });
});

describe("buildUsageProfile", () => {
  it.each([
    ["constant usage", series(4, () => 10), 0.35, 12, 10],
    ["no usage", [] as HourlyUsage[], 0.35, 12, 0],
    ["a jump in the last week, alpha 0.5", series(4, (w) => (w === 0 ? 40 : 10)), 0.5, 12, 25],
    ["a jump in the last week, alpha 1", series(4, (w) => (w === 0 ? 40 : 10)), 1, 12, 40],
    ["a rising trend, alpha 0.5", series(3, (w) => [30, 20, 10][w] ?? 0), 0.5, 12, 22.5],
  ])("learns %s", (_name, usage, alpha, slot, expected) => {
    const profile = buildUsageProfile(usage, { now: NOW, slotOf: utc, alpha });
    expect(profile.perSlot[slot]).toBeCloseTo(expected, 9);
  });

  it("keeps weekday×hour seasonality apart", () => {
    // 100 every Saturday 09:00, nothing otherwise.
    const usage = series(6, (_w, t) => (utc(t) === 6 * 24 + 9 ? 100 : 0));
    const profile = buildUsageProfile(usage, { now: NOW, slotOf: utc });
    expect(profile.perSlot[6 * 24 + 9]).toBeCloseTo(100, 9);
    expect(profile.perSlot.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 9);
    expect(profile.weeks).toBe(6);
  });

  it("does not count weeks before the history started as zero usage", () => {
    const usage = series(2, () => 5);
    const profile = buildUsageProfile(usage, { now: NOW, slotOf: utc, weeks: 8 });
    expect(profile.weeks).toBe(2);
    expect(profile.perSlot[30]).toBeCloseTo(5, 9);
  });
});

describe("forecastUsage / projectCurve / findStockout", () => {
  const flat = buildUsageProfile(series(4, () => 10), { now: NOW, slotOf: utc });
  it.each([
    ["five whole hours", 0, 5 * HOUR_MS, 50],
    ["half an hour", 0, HOUR_MS / 2, 5],
    ["across hour edges", HOUR_MS / 2, 2 * HOUR_MS + HOUR_MS / 4, 17.5],
    ["an empty range", HOUR_MS, HOUR_MS, 0],
  ])("forecasts %s", (_name, from, to, expected) => {
    expect(forecastUsage(flat, NOW + from, NOW + to, utc)).toBeCloseTo(expected, 9);
  });

  it.each([
    ["runs out mid-hour", 55, [], NOW + 5.5 * HOUR_MS],
    ["already out", 0, [], NOW],
    ["incoming pushes it back", 55, [{ at: NOW + 2 * HOUR_MS, quantity: 30 }], NOW + 8.5 * HOUR_MS],
    ["never within the horizon", 1_000_000, [], null],
  ])("stock-out: %s", (_name, onHand, incoming, expected) => {
    expect(findStockout({ onHand, profile: flat, incoming, from: NOW, horizonMs: 14 * 24 * HOUR_MS, slotOf: utc })).toBe(expected);
  });

  it("projects the on-hand curve with incoming landing", () => {
    const curve = projectCurve({
      onHand: 100,
      profile: flat,
      incoming: [{ at: NOW + 2 * HOUR_MS, quantity: 50 }],
      from: NOW,
      to: NOW + 3 * HOUR_MS,
      stepMs: HOUR_MS,
      slotOf: utc,
    });
    expect(curve.map((p) => p.projected)).toEqual([100, 90, 130, 120]);
  });
});

describe("forecastErrors", () => {
  it.each([
    ["perfect", [{ actual: 10, forecast: 10 }], 0, 0],
    ["off by half", [{ actual: 10, forecast: 5 }, { actual: 20, forecast: 30 }], 0.5, 0.5],
    ["zero actuals skip MAPE", [{ actual: 0, forecast: 5 }, { actual: 10, forecast: 10 }], 0, 0.5],
  ])("%s", (_name, pairs, mape, wape) => {
    const e = forecastErrors(pairs);
    expect(e.mape).toBeCloseTo(mape, 9);
    expect(e.wape).toBeCloseTo(wape, 9);
  });
});

describe("buildUsageProfile with a partial oldest week", () => {
  it("starts each slot's series at its first covered hour", () => {
    // 10 days of 10 per hour: the oldest week is only 3 days deep.
    const usage: HourlyUsage[] = [];
    for (let t = NOW - 10 * 24 * HOUR_MS; t < NOW; t += HOUR_MS) usage.push({ hourStart: t, quantity: 10 });
    const profile = buildUsageProfile(usage, { now: NOW, slotOf: utc });
    expect(profile.weeks).toBe(2);
    expect(profile.perSlot.every((v) => Math.abs(v - 10) < 1e-9)).toBe(true);
  });
});
