import type { Db, DbTx } from "../db";
import * as sql from "../db-sql/sqlite/dashboard";
import { addDays, localParts, parseLocalDateTime, startOfBusinessDay } from "../domain/business-day";
import { defaultGranularity, resolveRange, type RangePreset, type ResolvedRange } from "../domain/date-range";
import { DomainError, invalidFields } from "../domain/errors";
import { averageOrderValue, ratio, relativeChange, wasteShare } from "../domain/kpi";
import { attributionSegments } from "../domain/attribution";
import { DEFAULT_CHANNELS } from "./shops";

const SEEDED_COLOURS = new Map<string, string>(DEFAULT_CHANNELS.map((c) => [c.code, c.color.toLowerCase()]));

/**
 * A channel's own colour only when the owner chose it: the colours every new shop starts with are
 * dropped so charts use the colour-blind-safe palette instead.
 */
function ownColour(channel: { code: string; color: string | null }): string | null {
  if (!channel.color) return null;
  return SEEDED_COLOURS.get(channel.code) === channel.color.toLowerCase() ? null : channel.color;
}

const DEFAULT_ORDER = new Map<string, number>(DEFAULT_CHANNELS.map((c, i) => [c.code, i]));

/**
 * Channels in a stable order (stack order, legend, CSV columns): the defaults in their usual order
 * (walk-in at the bottom of the stack), then the shop's own channels as they were added.
 */
async function orderedChannels(db: Db, shopId: string) {
  const rows = await db.channel.findMany({ where: { shopId }, select: { code: true, name: true, color: true, createdAt: true } });
  const rank = (c: { code: string }) => DEFAULT_ORDER.get(c.code) ?? DEFAULT_ORDER.size;
  rows.sort((a, b) => rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime() || (a.code < b.code ? -1 : 1));
  return rows.map(({ code, name, color }) => ({ code, name, color }));
}

export type DashboardFilterInput = {
  preset: RangePreset;
  from?: string;
  to?: string;
  locationId?: string | null;
  channel?: string | null;
  granularity?: "day" | "week";
};

export type DashboardScope = {
  shopId: string;
  timeZone: string;
  currency: string;
  range: ResolvedRange;
  locationId: string | null;
  channel: string | null;
  granularity: "day" | "week";
  now: Date;
  /** Today's business date in the shop's zone. */
  today: string;
};

/**
 * Checks the filters against the shop (the location must be one of its own) and resolves the date
 * range in the shop's time zone. Every dashboard query starts here.
 */
export async function resolveScope(db: DbTx, shopId: string, input: DashboardFilterInput, now = new Date()): Promise<DashboardScope> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { timeZone: true, currency: true } });
  if (!shop) throw new DomainError("NOT_FOUND", "Shop not found.");
  if (input.locationId) {
    const location = await db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } });
    if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  }
  const today = localParts(now, shop.timeZone).businessDate;
  const range = resolveRange(input, today);
  return {
    shopId,
    timeZone: shop.timeZone,
    currency: shop.currency,
    range,
    locationId: input.locationId ?? null,
    channel: input.channel ?? null,
    granularity: input.granularity ?? defaultGranularity(range.days),
    now,
    today,
  };
}

function sliceOf(scope: DashboardScope, which: "current" | "previous" = "current"): sql.OrderSlice {
  const r = which === "current" ? scope.range : scope.range.previous;
  return { shopId: scope.shopId, from: r.from, to: r.to, locationId: scope.locationId, channel: scope.channel };
}

/** UTC instants bounding the business dates of a range; the end never runs past `now`. */
function instantsOf(scope: DashboardScope, which: "current" | "previous" = "current"): { start: Date; end: Date } {
  const r = which === "current" ? scope.range : scope.range.previous;
  const start = startOfBusinessDay(r.from, scope.timeZone);
  const dayAfter = startOfBusinessDay(addDays(r.to, 1), scope.timeZone);
  return { start, end: dayAfter.getTime() < scope.now.getTime() ? dayAfter : scope.now };
}

/** Each business date of a range with the UTC instants where it starts and ends (DST-aware). */
function dayBoundsOf(scope: DashboardScope, which: "current" | "previous" = "current"): sql.DayBounds[] {
  const r = which === "current" ? scope.range : scope.range.previous;
  const out: sql.DayBounds[] = [];
  let start = startOfBusinessDay(r.from, scope.timeZone);
  for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
    const end = startOfBusinessDay(addDays(d, 1), scope.timeZone);
    out.push({ businessDate: d, start, end });
    start = end;
  }
  return out;
}

function describe(scope: DashboardScope) {
  return {
    preset: scope.range.preset,
    from: scope.range.from,
    to: scope.range.to,
    days: scope.range.days,
    previous: scope.range.previous,
    granularity: scope.granularity,
    timeZone: scope.timeZone,
    currency: scope.currency,
    today: scope.today,
    locationId: scope.locationId,
    channel: scope.channel,
  };
}

function totalsOf(rows: sql.ChannelTotalsRow[]) {
  const orders = rows.reduce((s, r) => s + r.orders, 0);
  const gross = rows.reduce((s, r) => s + r.grossMinor, 0);
  const refunded = rows.reduce((s, r) => s + r.refundedMinor, 0);
  const revenue = gross - refunded;
  return { orders, grossMinor: gross, refundedMinor: refunded, revenueMinor: revenue, aovMinor: averageOrderValue(revenue, orders) };
}

function kpi(current: number | null, previous: number | null) {
  return { current, previous, change: current === null || previous === null ? null : relativeChange(current, previous) };
}

/** Sales KPIs (revenue, orders, AOV, refund rate), each with the previous period's value and the change. */
export async function getSummary(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const [chCur, chPrev] = await Promise.all([sql.channelTotals(db, sliceOf(scope)), sql.channelTotals(db, sliceOf(scope, "previous"))]);
  const a = totalsOf(chCur);
  const b = totalsOf(chPrev);
  return {
    scope: describe(scope),
    revenue: kpi(a.revenueMinor, b.revenueMinor),
    orders: kpi(a.orders, b.orders),
    aov: kpi(a.aovMinor, b.aovMinor),
    refundRate: kpi(ratio(a.refundedMinor, a.grossMinor), ratio(b.refundedMinor, b.grossMinor)),
  };
}

/** Customer KPIs: preorder same-day conversion and repeat customers within 60 days. */
export async function getCustomerKpis(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const current = sliceOf(scope);
  const previous = sliceOf(scope, "previous");
  const [preCur, prePrev, repeat] = await Promise.all([
    sql.preorderConversion(db, current, dayBoundsOf(scope)),
    sql.preorderConversion(db, previous, dayBoundsOf(scope, "previous")),
    sql.repeatCustomersWithPrevious(db, current, previous),
  ]);
  const repCur = repeat.current;
  const repPrev = repeat.previous;
  return {
    scope: describe(scope),
    preorderConversion: { ...kpi(ratio(preCur.collected, preCur.preorders), ratio(prePrev.collected, prePrev.preorders)), ...preCur },
    repeatRate: { ...kpi(ratio(repCur.repeaters, repCur.customers), ratio(repPrev.repeaters, repPrev.customers)), ...repCur },
  };
}

/** Operations KPIs from the ledger and deliveries: waste (value, share of usage) and lead time met. */
export async function getOperations(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const cur = instantsOf(scope);
  const prev = instantsOf(scope, "previous");
  const costs = new Map(
    (await db.component.findMany({ where: { shopId }, select: { id: true, costPerUnitMilli: true } })).map((c) => [c.id, c.costPerUnitMilli]),
  );
  const [useCur, usePrev, leadCur, leadPrev] = await Promise.all([
    sql.usageCost(db, shopId, cur.start, cur.end, costs, scope.locationId),
    sql.usageCost(db, shopId, prev.start, prev.end, costs, scope.locationId),
    sql.leadTimeMet(db, shopId, cur.start, cur.end, scope.locationId),
    sql.leadTimeMet(db, shopId, prev.start, prev.end, scope.locationId),
  ]);
  const consumed = (u: sql.UsageCost) => Math.max(0, u.soldMinor - u.restockedMinor);
  return {
    scope: describe(scope),
    waste: {
      ...kpi(useCur.wasteMinor, usePrev.wasteMinor),
      share: wasteShare(useCur.wasteMinor, consumed(useCur)),
      previousShare: wasteShare(usePrev.wasteMinor, consumed(usePrev)),
      consumedMinor: consumed(useCur),
    },
    leadTimeMet: { ...kpi(ratio(leadCur.onTime, leadCur.received), ratio(leadPrev.onTime, leadPrev.received)), ...leadCur },
  };
}

/** Stacked revenue per channel per bucket, channel totals against the previous period, refund rates. */
export async function getChannelRevenue(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const [series, prev, channels] = await Promise.all([
    sql.revenueSeries(db, sliceOf(scope), scope.granularity),
    sql.channelTotals(db, sliceOf(scope, "previous")),
    orderedChannels(db, shopId),
  ]);
  const cur = sql.totalsFromSeries(series);
  // Every bucket of the range appears, so days without sales show as zero rather than vanish.
  const buckets: string[] = [];
  for (let d = scope.range.from; d <= scope.range.to; d = addDays(d, scope.granularity === "week" ? 7 : 1)) {
    buckets.push(scope.granularity === "week" ? weekOf(d) : d);
  }
  const codes = [...new Set([...channels.map((c) => c.code), ...series.map((s) => s.channel), ...cur.map((c) => c.channel)])];
  const known = new Map(channels.map((c) => [c.code, c]));
  const byBucket = new Map<string, Record<string, number>>();
  for (const b of buckets) byBucket.set(b, {});
  for (const s of series) {
    const row = byBucket.get(s.bucket) ?? {};
    row[s.channel] = s.revenueMinor;
    byBucket.set(s.bucket, row);
  }
  const prevBy = new Map(prev.map((p) => [p.channel, p]));
  const curBy = new Map(cur.map((c) => [c.channel, c]));
  return {
    scope: describe(scope),
    channels: codes.map((code) => {
      const c = known.get(code);
      return { code, name: c?.name ?? code, color: c ? ownColour(c) : null };
    }),
    series: [...byBucket.entries()]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([bucket, values]) => ({ bucket, values })),
    totals: codes
      .map((code) => {
        const c = curBy.get(code);
        const p = prevBy.get(code);
        const revenue = c ? c.grossMinor - c.refundedMinor : 0;
        const previousRevenue = p ? p.grossMinor - p.refundedMinor : 0;
        return {
          channel: code,
          orders: c?.orders ?? 0,
          revenueMinor: revenue,
          previousRevenueMinor: previousRevenue,
          change: relativeChange(revenue, previousRevenue),
          refundedMinor: c?.refundedMinor ?? 0,
          refundRate: c ? ratio(c.refundedMinor, c.grossMinor) : null,
          refundedOrders: c?.refundedOrders ?? 0,
        };
      })
      .filter((t) => t.orders > 0 || t.previousRevenueMinor > 0 || !scope.channel || t.channel === scope.channel),
  };
}

function weekOf(d: string): string {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return addDays(d, -((weekday + 6) % 7));
}

/** Revenue per tag in the period and the previous one. */
export async function getTagRevenue(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const [cur, prev] = await Promise.all([sql.tagTotals(db, sliceOf(scope)), sql.tagTotals(db, sliceOf(scope, "previous"))]);
  const prevBy = new Map(prev.map((p) => [p.tag, p]));
  return {
    scope: describe(scope),
    tags: cur.map((t) => {
      const previousRevenueMinor = prevBy.get(t.tag)?.revenueMinor ?? 0;
      return { ...t, previousRevenueMinor, change: relativeChange(t.revenueMinor, previousRevenueMinor) };
    }),
  };
}

type CampaignSums = { explicitOrders: number; explicitMinor: number; windowOrders: number; windowMinor: number };

/** Revenue per campaign code in one period, explicit and window-attributed apart. */
async function campaignSums(db: Db, scope: DashboardScope, which: "current" | "previous", campaigns: readonly { code: string; sentAt: Date | null; attributionWindowHours: number }[]) {
  const r = which === "current" ? scope.range : scope.range.previous;
  // Only windows that touch the range (with a day's margin for the time zone) are replayed.
  const marginStart = startOfBusinessDay(addDays(r.from, -1), scope.timeZone).getTime();
  const marginEnd = startOfBusinessDay(addDays(r.to, 2), scope.timeZone).getTime();
  const spans = attributionSegments(campaigns).filter((s) => s.end.getTime() >= marginStart && s.start.getTime() <= marginEnd);
  const rows = await sql.campaignTotals(db, sliceOf(scope, which), spans);
  const byCode = new Map<string, CampaignSums>();
  for (const row of rows) {
    const e = byCode.get(row.code) ?? { explicitOrders: 0, explicitMinor: 0, windowOrders: 0, windowMinor: 0 };
    if (row.via === "explicit") {
      e.explicitOrders += row.orders;
      e.explicitMinor += row.revenueMinor;
    } else {
      e.windowOrders += row.orders;
      e.windowMinor += row.revenueMinor;
    }
    byCode.set(row.code, e);
  }
  return byCode;
}

/**
 * Revenue per campaign, split into explicit (coded) and window-attributed orders, each against the
 * previous period, plus all campaign-attributed revenue of both periods (campaigns rarely repeat,
 * so the total is the comparison that usually says most).
 */
export async function getCampaignRevenue(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const campaigns = await db.campaign.findMany({
    where: { shopId },
    select: { id: true, code: true, name: true, sentAt: true, attributionWindowHours: true },
    orderBy: [{ sentAt: "desc" }, { code: "asc" }],
  });
  const [cur, prev] = [await campaignSums(db, scope, "current", campaigns), await campaignSums(db, scope, "previous", campaigns)];
  const known = new Map(campaigns.map((c) => [c.code, c]));
  const revenueOf = (e: CampaignSums | undefined) => (e ? e.explicitMinor + e.windowMinor : 0);
  const ordersOf = (e: CampaignSums | undefined) => (e ? e.explicitOrders + e.windowOrders : 0);
  const sum = (m: Map<string, CampaignSums>, f: (e: CampaignSums) => number) => [...m.values()].reduce((a, e) => a + f(e), 0);
  const totalMinor = sum(cur, (e) => e.explicitMinor + e.windowMinor);
  const previousTotalMinor = sum(prev, (e) => e.explicitMinor + e.windowMinor);
  return {
    scope: describe(scope),
    total: {
      orders: sum(cur, (e) => e.explicitOrders + e.windowOrders),
      revenueMinor: totalMinor,
      previousOrders: sum(prev, (e) => e.explicitOrders + e.windowOrders),
      previousRevenueMinor: previousTotalMinor,
      change: relativeChange(totalMinor, previousTotalMinor),
      campaigns: cur.size,
      previousCampaigns: prev.size,
    },
    campaigns: [...cur.keys()]
      .map((code) => {
        const c = known.get(code);
        const e = cur.get(code) as CampaignSums;
        const previousRevenueMinor = revenueOf(prev.get(code));
        return {
          code,
          name: c?.name ?? code,
          sentAt: c?.sentAt ?? null,
          attributionWindowHours: c?.attributionWindowHours ?? null,
          known: Boolean(c),
          ...e,
          orders: ordersOf(e),
          revenueMinor: revenueOf(e),
          previousOrders: ordersOf(prev.get(code)),
          previousRevenueMinor,
          change: relativeChange(revenueOf(e), previousRevenueMinor),
        };
      })
      .sort((x, y) => y.revenueMinor - x.revenueMinor || (x.code < y.code ? -1 : 1)),
  };
}

/** Minutes at or below zero on-hand per component per location, replayed from the ledger. */
export async function getStockouts(db: Db, shopId: string, input: DashboardFilterInput, now?: Date) {
  const scope = await resolveScope(db, shopId, input, now);
  const { start, end } = instantsOf(scope);
  const { pairs, days } = await sql.stockoutDays(db, shopId, start, end, scope.locationId);
  const minutesByPair = new Map<string, number>();
  const addMinutes = (k: string, m: number) => {
    if (m > 0) minutesByPair.set(k, (minutesByPair.get(k) ?? 0) + m);
  };
  const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);
  /** Minutes of [from, to) inside the range. */
  const within = (from: number, to: number) => Math.max(0, Math.min(to, end.getTime()) - Math.max(from, start.getTime())) / 60_000;
  // Until its first day with movements, a pair holds the on-hand it opened the range with.
  for (const p of pairs) {
    if (p.opening <= 0) addMinutes(`${p.locationId}:${p.componentId}`, within(start.getTime(), p.firstDay ? dayStart(p.firstDay) : Infinity));
  }
  // A day that can touch zero is replayed movement by movement; one that closes at or below zero
  // stays out through the days without movements that follow it.
  const spans: sql.ReplaySpan[] = [];
  for (const d of days) {
    spans.push({ locationId: d.locationId, componentId: d.componentId, day: d.day, opening: d.opening });
    if (d.closing <= 0) addMinutes(`${d.locationId}:${d.componentId}`, within(dayStart(d.day) + 86_400_000, d.nextDay ? dayStart(d.nextDay) : Infinity));
  }
  (await sql.replaySpans(db, spans, start, end)).forEach((minutes, i) => {
    const span = spans[i];
    if (span) addMinutes(`${span.locationId}:${span.componentId}`, minutes);
  });
  const [locations, components] = await Promise.all([
    db.location.findMany({ where: { shopId }, select: { id: true, code: true, name: true } }),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, name: true, unit: true } }),
  ]);
  const loc = new Map(locations.map((l) => [l.id, l]));
  const comp = new Map(components.map((c) => [c.id, c]));
  const rangeMinutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  const rows = [...minutesByPair.entries()].flatMap(([k, raw]) => {
    const minutes = Math.min(Math.round(raw), rangeMinutes);
    if (minutes <= 0) return [];
    const [locationId = "", componentId = ""] = k.split(":");
    const l = loc.get(locationId);
    const c = comp.get(componentId);
    return [
      {
        locationId,
        locationName: l?.name ?? "Unknown location",
        componentId,
        componentCode: c?.code ?? "?",
        componentName: c?.name ?? "Unknown component",
        minutes,
        share: ratio(minutes, rangeMinutes),
      },
    ];
  });
  rows.sort((x, y) => y.minutes - x.minutes);
  return { scope: describe(scope), rangeMinutes, rows, totalMinutes: rows.reduce((s, r) => s + r.minutes, 0) };
}

/** Locations and channels for the filter bar, and the shop's zone and today for date checks. */
export async function getFilterOptions(db: Db, shopId: string, now = new Date()) {
  const [shop, locations, channels] = await Promise.all([
    db.shop.findUnique({ where: { id: shopId }, select: { timeZone: true, currency: true } }),
    db.location.findMany({ where: { shopId }, select: { id: true, code: true, name: true }, orderBy: { createdAt: "asc" } }),
    orderedChannels(db, shopId),
  ]);
  if (!shop) throw new DomainError("NOT_FOUND", "Shop not found.");
  return {
    timeZone: shop.timeZone,
    currency: shop.currency,
    today: localParts(now, shop.timeZone).businessDate,
    locations,
    channels: channels.map((c) => ({ ...c, color: ownColour(c) })),
  };
}

export async function listCampaigns(db: Db, shopId: string) {
  return db.campaign.findMany({
    where: { shopId },
    select: { id: true, code: true, name: true, sentAt: true, attributionWindowHours: true },
    orderBy: [{ sentAt: "desc" }, { code: "asc" }],
  });
}

/**
 * `sentAtLocal` ("YYYY-MM-DDTHH:MM") is read on the shop's wall clock, whatever zone the browser is
 * in; `sentAt` is an instant (API callers). An empty local value clears the send time.
 */
export type CampaignInput = {
  id?: string;
  code: string;
  name: string;
  sentAt?: Date | null;
  sentAtLocal?: string | null;
  attributionWindowHours: number;
};

/** Creates or edits a campaign; the code is what the POS sends on orders and must be unique per shop. */
export async function saveCampaign(db: Db, shopId: string, input: CampaignInput) {
  const code = input.code.trim();
  const name = input.name.trim();
  const fields: Record<string, string> = {};
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(code)) fields.code = "Use letters, digits, dots, dashes or underscores (max 64).";
  if (!name) fields.name = "Give the campaign a name.";
  if (!Number.isInteger(input.attributionWindowHours) || input.attributionWindowHours < 1 || input.attributionWindowHours > 720) {
    fields.attributionWindowHours = "Pick a window between 1 and 720 hours.";
  }
  let sentAt = input.sentAt ?? null;
  if (input.sentAtLocal !== undefined && input.sentAtLocal !== null && input.sentAtLocal.trim() !== "") {
    const shop = await db.shop.findUnique({ where: { id: shopId }, select: { timeZone: true } });
    if (!shop) throw new DomainError("NOT_FOUND", "Shop not found.");
    sentAt = parseLocalDateTime(input.sentAtLocal, shop.timeZone);
    if (!sentAt) fields.sentAt = "Use a date and time such as 2026-11-20T09:00.";
  } else if (input.sentAtLocal !== undefined) {
    sentAt = null;
  }
  if (Object.keys(fields).length) throw invalidFields("Check the campaign fields.", fields);
  const clash = await db.campaign.findFirst({
    where: { shopId, code, ...(input.id ? { NOT: { id: input.id } } : {}) },
    select: { id: true },
  });
  if (clash) throw invalidFields("Code already used.", { code: `Another campaign already uses the code ${code}.` });
  const data = { code, name, sentAt, attributionWindowHours: input.attributionWindowHours };
  const select = { id: true, code: true, name: true, sentAt: true, attributionWindowHours: true } as const;
  if (input.id) {
    const existing = await db.campaign.findFirst({ where: { id: input.id, shopId }, select: { id: true } });
    if (!existing) throw new DomainError("NOT_FOUND", "Campaign not found.");
    return db.campaign.update({ where: { id: existing.id }, data, select });
  }
  return db.campaign.create({ data: { ...data, shopId }, select });
}

export async function deleteCampaign(db: Db, shopId: string, id: string) {
  const { count } = await db.campaign.deleteMany({ where: { id, shopId } });
  if (count === 0) throw new DomainError("NOT_FOUND", "Campaign not found.");
  return { id };
}
