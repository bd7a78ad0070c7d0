/**
 * Back-tests the usage forecast on the recorded ledger: for each of the last --days days, learns
 * the weekday×hour profile from the weeks before that day only, forecasts the day's usage of every
 * component at every location, and compares with what was actually sold. Prints MAPE and WAPE per
 * component and overall, next to a naive "same day last week" baseline.
 *
 *   npm run backtest -- [--shop demo] [--days 14] [--alpha 0.35] [--json]
 */
import { parseArgs } from "node:util";
import { db } from "../db";
import { sqlitePath } from "../db-url";
import { buildUsageProfile, DEFAULT_WEEKS, forecastErrors, forecastUsage, slotFunction, WEEK_MS } from "../domain/forecast";
import { zonedTimeToUtc } from "../domain/resupply";
import { loadHourlyUsage } from "../services/forecast";

const { values } = parseArgs({
  options: {
    shop: { type: "string", default: "demo" },
    days: { type: "string", default: "14" },
    alpha: { type: "string", default: "0.35" },
    json: { type: "boolean", default: false },
  },
});

function localDate(ms: number, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day") };
}

async function main() {
  const days = Math.max(1, Math.min(60, Number(values.days) || 14));
  const alpha = Math.min(1, Math.max(0.01, Number(values.alpha) || 0.35));
  const shop = await db.shop.findFirst({ where: { OR: [{ slug: values.shop }, { id: values.shop }] }, select: { id: true, name: true, timeZone: true } });
  if (!shop) {
    console.error(`No shop "${values.shop}" in ${sqlitePath()}. Run npm start (it seeds the demo shop) or pass --shop <slug|id>.`);
    process.exit(2);
  }
  const slotOf = slotFunction(shop.timeZone);
  const today = localDate(Date.now(), shop.timeZone);
  const todayStart = zonedTimeToUtc(today.year, today.month, today.day, 0, shop.timeZone);
  // Whole local days before today, oldest first.
  const dayStarts: number[] = [];
  for (let d = days; d >= 1; d--) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - d));
    dayStarts.push(zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), 0, shop.timeZone));
  }
  const first = dayStarts[0] ?? todayStart;
  const [locations, components] = await Promise.all([
    db.location.findMany({ where: { shopId: shop.id }, select: { id: true, code: true } }),
    db.component.findMany({ where: { shopId: shop.id }, select: { id: true, code: true, unit: true } }),
  ]);
  const codeOf = new Map(components.map((c) => [c.id, c.code]));
  const pairs: { component: string; actual: number; forecast: number; naive: number }[] = [];
  const started = Date.now();
  for (const location of locations) {
    const usage = await loadHourlyUsage(db, shop.id, location.id, new Date(first - DEFAULT_WEEKS * WEEK_MS), new Date(todayStart));
    for (const [componentId, series] of usage) {
      const historyStart = series.reduce((m, u) => Math.min(m, u.hourStart), Number.POSITIVE_INFINITY);
      for (let i = 0; i < dayStarts.length; i++) {
        const from = dayStarts[i]!;
        const to = dayStarts[i + 1] ?? todayStart;
        if (from - historyStart < WEEK_MS) continue; // need a week of history to forecast from
        const profile = buildUsageProfile(series, { now: from, slotOf, alpha, historyStart });
        const actual = series.filter((u) => u.hourStart >= from && u.hourStart < to).reduce((s, u) => s + u.quantity, 0);
        const naive = series.filter((u) => u.hourStart >= from - WEEK_MS && u.hourStart < to - WEEK_MS).reduce((s, u) => s + u.quantity, 0);
        pairs.push({ component: codeOf.get(componentId) ?? componentId, actual, forecast: forecastUsage(profile, from, to, slotOf), naive });
      }
    }
  }
  const byComponent = new Map<string, typeof pairs>();
  for (const p of pairs) byComponent.set(p.component, [...(byComponent.get(p.component) ?? []), p]);
  const rows = [...byComponent].sort(([a], [b]) => a.localeCompare(b)).map(([component, list]) => ({
    component,
    days: list.length,
    actual: Math.round(list.reduce((s, p) => s + p.actual, 0)),
    forecast: Math.round(list.reduce((s, p) => s + p.forecast, 0)),
    ...forecastErrors(list),
    naiveWape: forecastErrors(list.map((p) => ({ actual: p.actual, forecast: p.naive }))).wape,
  }));
  const overall = { ...forecastErrors(pairs), naiveWape: forecastErrors(pairs.map((p) => ({ actual: p.actual, forecast: p.naive }))).wape, series: pairs.length };
  if (values.json) {
    console.log(JSON.stringify({ shop: shop.name, days, alpha, components: rows, overall }));
  } else {
    const pct = (v: number | null) => (v === null ? "   n/a" : `${(v * 100).toFixed(1).padStart(5)}%`);
    console.log(`Forecast back-test — ${shop.name}, last ${days} days, daily usage per component × location, alpha ${alpha}`);
    console.log(`${"component".padEnd(16)} ${"days".padStart(5)} ${"actual".padStart(10)} ${"forecast".padStart(10)}   MAPE    WAPE   naive WAPE`);
    for (const r of rows) {
      console.log(`${r.component.padEnd(16)} ${String(r.days).padStart(5)} ${String(r.actual).padStart(10)} ${String(r.forecast).padStart(10)}  ${pct(r.mape)}  ${pct(r.wape)}  ${pct(r.naiveWape)}`);
    }
    console.log(`overall: MAPE ${pct(overall.mape)}  WAPE ${pct(overall.wape)}  (naive same-day-last-week WAPE ${pct(overall.naiveWape)}) over ${overall.series} location-component-days in ${Date.now() - started} ms`);
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
