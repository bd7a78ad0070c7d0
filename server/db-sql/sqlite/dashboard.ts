/**
 * Dashboard aggregations for SQLite. All grouping happens here, in SQL; callers get small result
 * sets (one row per bucket × channel, per tag, per campaign, per component × location). Dates are
 * stored by Prisma as ISO text "YYYY-MM-DDTHH:MM:SS.mmm+00:00", so instants are bound in that form
 * and compare as text. Integers come back as BigInt from raw queries; `num` converts them.
 */
import type { DbTx } from "../../db";

export type OrderSlice = {
  shopId: string;
  from: string; // business date, inclusive
  to: string; // business date, inclusive
  locationId?: string | null;
  channel?: string | null;
};

/** Prisma's SQLite text form of an instant. */
export function sqlTime(instant: Date): string {
  return instant.toISOString().replace("Z", "+00:00");
}

/** The covering order index by business date (migration dashboard_hardening; named for INDEXED BY). */
const ORDER_COVERING_INDEX = "Order_dashboard_day_idx";
/** The customer index: a customer's orders by time, with what the repeat check filters on. */
const ORDER_CUSTOMER_INDEX = "Order_shopId_customerRef_placedAt_status_idx";
/** The customer-day rollup by day and pointer to the customer's previous day (migration customer_pointers). */
const CUSTOMER_DAY_INDEX = "DashboardCustomerDay_day_idx";
/** The same by day and pointer to the customer's previous repeat day. */
const CUSTOMER_REPEAT_INDEX = "DashboardCustomerDay_repeat_idx";
/** The covering index of preorder-tagged orders by business date (migration dashboard_rollups). */
const ORDER_PREORDER_INDEX = "Order_dashboard_preorder_idx";
/** The covering order index by placed-at time (campaign windows). */
const ORDER_TIME_INDEX = "Order_dashboard_time_idx";

function num(value: unknown): number {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return value;
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/**
 * The order filter of a slice. Location and channel are written `+col = ?` so that, with bound
 * parameters, SQLite stays on the covering (shopId, businessDate, …) index instead of a narrower
 * index that would need a table lookup per order.
 */
function sliceWhere(slice: OrderSlice, alias = "o"): { sql: string; params: unknown[] } {
  // (INDEXED BY on the scans below for the same reason: grouping by channel would otherwise tempt
  // the planner onto the (shopId, channel, businessDate) index and a row lookup per order.)
  let sql = `${alias}.shopId = ? AND ${alias}.businessDate >= ? AND ${alias}.businessDate <= ? AND ${alias}.status <> 'CANCELLED'`;
  const params: unknown[] = [slice.shopId, slice.from, slice.to];
  if (slice.locationId) {
    sql += ` AND +${alias}.locationId = ?`;
    params.push(slice.locationId);
  }
  if (slice.channel) {
    sql += ` AND +${alias}.channel = ?`;
    params.push(slice.channel);
  }
  return { sql, params };
}

/** The slice filter on the sales rollup (locationId is "" there for orders without a location). */
function salesDayWhere(slice: OrderSlice): { sql: string; params: unknown[] } {
  let sql = `d.shopId = ? AND d.businessDate >= ? AND d.businessDate <= ?`;
  const params: unknown[] = [slice.shopId, slice.from, slice.to];
  if (slice.locationId) {
    sql += ` AND d.locationId = ?`;
    params.push(slice.locationId);
  }
  if (slice.channel) {
    sql += ` AND d.channel = ?`;
    params.push(slice.channel);
  }
  return { sql, params };
}

export type SeriesRow = {
  bucket: string;
  channel: string;
  revenueMinor: number;
  orders: number;
  grossMinor: number;
  refundedMinor: number;
  refundedOrders: number;
};

/**
 * Net revenue, orders, gross, refunds and orders with a refund per day (or ISO week, keyed by its
 * Monday) per channel, from the trigger-kept daily sales rollup (DashboardSalesDay: one row per
 * day × location × channel), so a year costs a few thousand rows whatever the order volume.
 * Summed, the rows give the channel totals of the same slice.
 */
export async function revenueSeries(db: DbTx, slice: OrderSlice, granularity: "day" | "week"): Promise<SeriesRow[]> {
  const w = salesDayWhere(slice);
  const bucket = granularity === "week" ? "date(d.businessDate, '-6 days', 'weekday 1')" : "d.businessDate";
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${bucket} AS bucket, d.channel AS channel, SUM(d.orders) AS orders, SUM(d.grossMinor) AS gross, SUM(d.refundedMinor) AS refunded,
            SUM(d.refundedOrders) AS refundedOrders
       FROM DashboardSalesDay d WHERE ${w.sql} GROUP BY 1, 2 HAVING SUM(d.orders) > 0 ORDER BY 1, 2`,
    ...w.params,
  );
  return rows.map((r) => ({
    bucket: String(r.bucket),
    channel: String(r.channel),
    revenueMinor: num(r.gross) - num(r.refunded),
    orders: num(r.orders),
    grossMinor: num(r.gross),
    refundedMinor: num(r.refunded),
    refundedOrders: num(r.refundedOrders),
  }));
}

/** Channel totals from series rows of the same slice. */
export function totalsFromSeries(rows: readonly SeriesRow[]): ChannelTotalsRow[] {
  const by = new Map<string, ChannelTotalsRow>();
  for (const r of rows) {
    const t = by.get(r.channel) ?? { channel: r.channel, orders: 0, grossMinor: 0, refundedMinor: 0, refundedOrders: 0 };
    t.orders += r.orders;
    t.grossMinor += r.grossMinor;
    t.refundedMinor += r.refundedMinor;
    t.refundedOrders += r.refundedOrders;
    by.set(r.channel, t);
  }
  return [...by.values()].sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}

export type ChannelTotalsRow = { channel: string; orders: number; grossMinor: number; refundedMinor: number; refundedOrders: number };

/** Per channel: orders, gross sales, refunded amount and orders with a refund (from the rollup). */
export async function channelTotals(db: DbTx, slice: OrderSlice): Promise<ChannelTotalsRow[]> {
  const w = salesDayWhere(slice);
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT d.channel AS channel, SUM(d.orders) AS orders, SUM(d.grossMinor) AS gross, SUM(d.refundedMinor) AS refunded,
            SUM(d.refundedOrders) AS refundedOrders
       FROM DashboardSalesDay d WHERE ${w.sql} GROUP BY d.channel HAVING SUM(d.orders) > 0 ORDER BY d.channel`,
    ...w.params,
  );
  return rows.map((r) => ({
    channel: String(r.channel),
    orders: num(r.orders),
    grossMinor: num(r.gross),
    refundedMinor: num(r.refunded),
    refundedOrders: num(r.refundedOrders),
  }));
}

export type TagRow = { tag: string; orders: number; revenueMinor: number };

/**
 * Orders and net revenue per tag, from the trigger-kept tag rollup (DashboardTagDay: one row per
 * day × tag × location × channel of non-cancelled orders, migration dashboard_rollups), so a year
 * reads a few thousand rows whatever the order volume. Tags whose orders were all cancelled or
 * deleted leave zero rows behind, which HAVING drops (they were never in the plain join either).
 */
export async function tagTotals(db: DbTx, slice: OrderSlice): Promise<TagRow[]> {
  const w = salesDayWhere(slice);
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT d.tag AS tag, SUM(d.orders) AS orders, SUM(d.revenueMinor) AS revenue
       FROM DashboardTagDay d WHERE ${w.sql}
      GROUP BY d.tag HAVING SUM(d.orders) > 0 ORDER BY revenue DESC, d.tag`,
    ...w.params,
  );
  return rows.map((r) => ({ tag: String(r.tag), orders: num(r.orders), revenueMinor: num(r.revenue) }));
}

export type DayBounds = { businessDate: string; start: Date; end: Date };

/**
 * Preorder-tagged orders placed in the slice (cancelled included) and those collected on the
 * business day they were placed: fulfilledAt within that day's bounds in the shop's zone (`days`
 * gives each business date's [start, end) instants, so DST days are 23 or 25 hours long). Mirrors
 * `collectedSameDay` in server/domain/kpi.ts.
 */
export async function preorderConversion(db: DbTx, slice: OrderSlice, days: readonly DayBounds[]): Promise<{ preorders: number; collected: number }> {
  const w = sliceWhere(slice);
  // Cancelled preorders count in the denominator: they are preorders that did not convert.
  const where = w.sql.replace(" AND o.status <> 'CANCELLED'", "");
  const json = JSON.stringify(days.map((d) => ({ d: d.businessDate, s: sqlTime(d.start), e: sqlTime(d.end) })));
  // The trigger-kept preorderTagged flag (migration dashboard_rollups) puts a period's preorders
  // side by side in one covering index, pickup time included: no tag rows, no look-up per order.
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH d AS MATERIALIZED (SELECT value ->> 'd' AS d, value ->> 's' AS s, value ->> 'e' AS e FROM json_each(?))
     SELECT COUNT(*) AS preorders,
            SUM(CASE WHEN o.status <> 'CANCELLED' AND o.fulfilledAt >= d.s AND o.fulfilledAt < d.e THEN 1 ELSE 0 END) AS collected
       FROM "Order" o INDEXED BY "${ORDER_PREORDER_INDEX}" JOIN d ON d.d = o.businessDate
      WHERE o.preorderTagged = 1 AND ${where}`,
    json,
    ...w.params,
  );
  return { preorders: num(rows[0]?.preorders), collected: num(rows[0]?.collected) };
}

/**
 * Identified customers with a non-cancelled order in the slice, and the repeaters among them: at
 * least one of those orders has another non-cancelled order of the same customer (any location or
 * channel) placed at most 60 days before it. That fact is the order's `repeatWithin60d` flag, kept
 * by triggers (migration dashboard_hardening) on every change of the customer's orders, so this is
 * one pass over the covering day index. Mirrors `repeatCustomers` in server/domain/kpi.ts.
 */
type RepeatCounts = { customers: number; repeaters: number };

/**
 * Repeat customers of a period and of the previous one (which ends the day before it starts).
 * Unfiltered, both come from the trigger-kept customer-day rollup (DashboardCustomerDay, migration
 * customer_pointers): a customer with orders in [from, to] has exactly one day there whose pointer
 * to its previous day with orders is NULL or before `from` — its first in the period — and a
 * repeater exactly one repeat day whose pointer to its previous repeat day is. So each period is a
 * plain count over the rollup's day index, no DISTINCT or GROUP BY. The pointers know nothing of
 * location or channel, so filtered slices count distinct customers from the order indexes: a
 * month's orders by date, longer periods in one pass over the customer index (already in customer
 * order, no sort) instead of de-duplicating large slices of the date index.
 */
export async function repeatCustomersWithPrevious(db: DbTx, current: OrderSlice, previous: OrderSlice): Promise<{ current: RepeatCounts; previous: RepeatCounts }> {
  if (!current.locationId && !current.channel) {
    const [cur, prev] = await Promise.all([customerDayCounts(db, current), customerDayCounts(db, previous)]);
    return { current: cur, previous: prev };
  }
  const days = Math.round((Date.parse(`${current.to}T00:00:00Z`) - Date.parse(`${current.from}T00:00:00Z`)) / 86_400_000) + 1;
  if (days <= 45) return { current: await repeatCustomers(db, current), previous: await repeatCustomers(db, previous) };
  const w = sliceWhere({ ...current, from: previous.from });
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT SUM(inCur) AS customers, SUM(repCur) AS repeaters, SUM(inPrev) AS previousCustomers, SUM(repPrev) AS previousRepeaters FROM (
       SELECT MAX(o.businessDate >= ?) AS inCur, MAX(o.businessDate >= ? AND o.repeatWithin60d) AS repCur,
              MAX(o.businessDate <= ?) AS inPrev, MAX(o.businessDate <= ? AND o.repeatWithin60d) AS repPrev
         FROM "Order" o INDEXED BY "${ORDER_CUSTOMER_INDEX}"
        WHERE ${w.sql} AND o.customerRef IS NOT NULL
        GROUP BY o.customerRef)`,
    current.from,
    current.from,
    previous.to,
    previous.to,
    ...w.params,
  );
  const r = rows[0] ?? {};
  return {
    current: { customers: num(r.customers), repeaters: num(r.repeaters) },
    previous: { customers: num(r.previousCustomers), repeaters: num(r.previousRepeaters) },
  };
}

/**
 * Customers and repeaters of an unfiltered slice from the customer-day rollup's pointers: for each
 * day of the slice (a recursive CTE) one range of each pointer index, `pointer < from`, which holds
 * exactly the customer days counted ('' sorts first; days without orders have NULL, outside it).
 */
export async function customerDayCounts(db: DbTx, slice: OrderSlice): Promise<RepeatCounts> {
  const count = (pointer: "prevDate" | "prevRepeatDate", index: string) =>
    `(WITH RECURSIVE k(d) AS (SELECT ? UNION ALL SELECT date(d, '+1 day') FROM k WHERE d < ?)
      SELECT COUNT(*) FROM k CROSS JOIN DashboardCustomerDay c INDEXED BY "${index}"
          ON c.shopId = ? AND c.businessDate = k.d AND c."${pointer}" < ?)`;
  const params = [slice.from, slice.to, slice.shopId, slice.from];
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${count("prevDate", CUSTOMER_DAY_INDEX)} AS customers, ${count("prevRepeatDate", CUSTOMER_REPEAT_INDEX)} AS repeaters`,
    ...params,
    ...params,
  );
  return { customers: num(rows[0]?.customers), repeaters: num(rows[0]?.repeaters) };
}

/** Repeat customers of one slice, counted distinct from the date index (short periods). */
export async function repeatCustomers(db: DbTx, slice: OrderSlice): Promise<RepeatCounts> {
  const w = sliceWhere(slice);
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT COUNT(DISTINCT o.customerRef) AS customers,
            COUNT(DISTINCT CASE WHEN o.repeatWithin60d THEN o.customerRef END) AS repeaters
       FROM "Order" o INDEXED BY "${ORDER_COVERING_INDEX}"
      WHERE ${w.sql} AND o.customerRef IS NOT NULL`,
    ...w.params,
  );
  return { customers: num(rows[0]?.customers), repeaters: num(rows[0]?.repeaters) };
}

export type UsageCost = { wasteMinor: number; soldMinor: number; restockedMinor: number };

const DAY_MS = 86_400_000;
const utcDayStart = (t: Date) => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
const utcDayCeil = (t: Date) => {
  const f = utcDayStart(t);
  return f.getTime() === t.getTime() ? f : new Date(f.getTime() + DAY_MS);
};
const utcDay = (t: Date) => t.toISOString().slice(0, 10);

/**
 * Cost of components that left stock as waste or sale consumption (and came back as refund
 * restock) between two instants. Whole UTC days come from the trigger-kept DashboardLedgerDay
 * rollup, the partial days at either edge from the ledger's (shopId, type, occurredAt, …) index.
 * Costs are thousandths of a minor unit per unit.
 */
export async function usageCost(
  db: DbTx,
  shopId: string,
  start: Date,
  end: Date,
  costs: ReadonlyMap<string, number>,
  locationId?: string | null,
): Promise<UsageCost> {
  if (costs.size === 0 || end.getTime() <= start.getTime()) return { wasteMinor: 0, soldMinor: 0, restockedMinor: 0 };
  // Prices are bound into a CASE so SQLite sums in one index-only pass without sorting groups.
  const priced = [...costs.entries()];
  const caseSql = (col: string) => `CASE ${col} ${priced.map(() => "WHEN ? THEN ?").join(" ")} ELSE 0 END`;
  const types = `('REFUND_RESTOCK', 'SALE', 'WASTE')`;
  const a = utcDayCeil(start);
  const b = utcDayStart(end);
  const raw: [Date, Date][] = a.getTime() < b.getTime() ? [[start, a], [b, end]] : [[start, end]];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [from, to] of raw) {
    if (to.getTime() <= from.getTime()) continue;
    parts.push(
      `SELECT m.type AS type, m.quantity * ${caseSql("m.componentId")} AS cost FROM StockMovement m
        WHERE m.shopId = ? AND m.type IN ${types} AND m.occurredAt >= ? AND m.occurredAt < ?${locationId ? " AND m.locationId = ?" : ""}`,
    );
    params.push(...priced.flat(), shopId, sqlTime(from), sqlTime(to), ...(locationId ? [locationId] : []));
  }
  if (a.getTime() < b.getTime()) {
    parts.push(
      `SELECT r.type AS type, r.quantity * ${caseSql("r.componentId")} AS cost FROM DashboardLedgerDay r
        WHERE r.shopId = ? AND r.type IN ${types} AND r.day >= ? AND r.day < ?${locationId ? " AND r.locationId = ?" : ""}`,
    );
    params.push(...priced.flat(), shopId, utcDay(a), utcDay(b), ...(locationId ? [locationId] : []));
  }
  const rows = await db.$queryRawUnsafe<{ type: string; cost: unknown }[]>(
    `SELECT type, SUM(cost) AS cost FROM (${parts.join(" UNION ALL ")}) GROUP BY type`,
    ...params,
  );
  const milli = (type: string) => Math.abs(num(rows.find((r) => r.type === type)?.cost));
  return {
    wasteMinor: Math.round(milli("WASTE") / 1000),
    soldMinor: Math.round(milli("SALE") / 1000),
    restockedMinor: Math.round(milli("REFUND_RESTOCK") / 1000),
  };
}

/** Resupply deliveries received between two instants, and how many arrived by their window. */
export async function leadTimeMet(
  db: DbTx,
  shopId: string,
  start: Date,
  end: Date,
  locationId?: string | null,
): Promise<{ received: number; onTime: number }> {
  const params: unknown[] = [shopId, sqlTime(start), sqlTime(end)];
  let loc = "";
  if (locationId) {
    loc = " AND s.locationId = ?";
    params.push(locationId);
  }
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT COUNT(*) AS received, SUM(CASE WHEN s.receivedAt <= s.windowAt THEN 1 ELSE 0 END) AS onTime
       FROM ResupplySuggestion s
      WHERE s.shopId = ? AND s.status IN ('RECEIVED', 'PARTIAL') AND s.receivedAt >= ? AND s.receivedAt < ?${loc}`,
    ...params,
  );
  return { received: num(rows[0]?.received), onTime: num(rows[0]?.onTime) };
}

const HOUR_MS = 3_600_000;

export type CampaignSpan = { code: string; start: Date; end: Date };
export type CampaignRow = { code: string; via: "explicit" | "window"; orders: number; revenueMinor: number };

/**
 * Revenue per campaign under the rule of server/domain/attribution.ts: explicit codes first, then
 * code-less orders inside a window. `spans` are disjoint (`attributionSegments` already gave each
 * overlapping stretch to the most recent send), so each order matches at most one: whole hours from
 * the hourly rollup of code-less orders, the rest from the covering (shopId, placedAt, campaign,
 * status, amounts, …) index without touching the table.
 */
export async function campaignTotals(db: DbTx, slice: OrderSlice, spans: readonly CampaignSpan[]): Promise<CampaignRow[]> {
  const w = sliceWhere(slice);
  const d = salesDayWhere(slice);
  // Coded orders come from the trigger-kept DashboardCampaignDay rollup (migration dashboard_rollups).
  const explicit = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT d.campaign AS code, SUM(d.orders) AS orders, SUM(d.revenueMinor) AS revenue
       FROM DashboardCampaignDay d WHERE ${d.sql} GROUP BY d.campaign HAVING SUM(d.orders) > 0`,
    ...d.params,
  );
  const out: CampaignRow[] = explicit.map((r) => ({
    code: String(r.code),
    via: "explicit",
    orders: num(r.orders),
    revenueMinor: num(r.revenue),
  }));
  if (spans.length > 0) {
    // Whole UTC hours of each window come from the trigger-kept DashboardUncodedHour rollup
    // (migration dashboard_rollups), the partial hours at its edges from the covering time index.
    const raw: { code: string; s: string; e: string }[] = [];
    const hours: { code: string; s: string; e: string }[] = [];
    const hourText = (t: number) => new Date(t).toISOString().slice(0, 13);
    for (const span of spans) {
      const s0 = span.start.getTime();
      const e0 = span.end.getTime();
      const hs = Math.ceil(s0 / HOUR_MS) * HOUR_MS;
      const he = Math.floor(e0 / HOUR_MS) * HOUR_MS;
      if (hs < he) {
        hours.push({ code: span.code, s: hourText(hs), e: hourText(he) });
        if (s0 < hs) raw.push({ code: span.code, s: sqlTime(span.start), e: sqlTime(new Date(hs)) });
        if (he < e0) raw.push({ code: span.code, s: sqlTime(new Date(he)), e: sqlTime(span.end) });
      } else if (s0 < e0) {
        raw.push({ code: span.code, s: sqlTime(span.start), e: sqlTime(span.end) });
      }
    }
    const windowed = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `WITH r AS (SELECT value ->> 'code' AS code, value ->> 's' AS s, value ->> 'e' AS e FROM json_each(?)),
            h AS (SELECT value ->> 'code' AS code, value ->> 's' AS s, value ->> 'e' AS e FROM json_each(?))
       SELECT code, SUM(orders) AS orders, SUM(revenue) AS revenue FROM (
         SELECT r.code AS code, COUNT(*) AS orders, SUM(o.subtotalMinor - o.refundedMinor) AS revenue
           FROM r CROSS JOIN "Order" o INDEXED BY "${ORDER_TIME_INDEX}" ON o.shopId = ? AND o.placedAt >= r.s AND o.placedAt < r.e
          WHERE ${w.sql.replace(/o\.businessDate/g, "+o.businessDate")} AND o.campaign IS NULL
          GROUP BY r.code
         UNION ALL
         SELECT h.code AS code, SUM(d.orders) AS orders, SUM(d.revenueMinor) AS revenue
           FROM h CROSS JOIN DashboardUncodedHour d ON d.shopId = ? AND d.hour >= h.s AND d.hour < h.e
          WHERE ${d.sql.replace(/d\.shopId = \? AND /, "")}
          GROUP BY h.code)
       GROUP BY code HAVING SUM(orders) > 0`,
      JSON.stringify(raw),
      JSON.stringify(hours),
      slice.shopId,
      ...w.params,
      slice.shopId,
      ...d.params.slice(1),
    );
    for (const r of windowed) out.push({ code: String(r.code), via: "window", orders: num(r.orders), revenueMinor: num(r.revenue) });
  }
  return out;
}

export type StockoutPair = {
  locationId: string;
  componentId: string;
  /** On-hand when the first UTC day of the range begins (0 before a pair's first movement). */
  opening: number;
  /** The pair's first UTC day with movements from the range's first day on, or null. */
  firstDay: string | null;
};
export type StockoutDay = {
  locationId: string;
  componentId: string;
  day: string; // UTC date
  opening: number;
  closing: number;
  /** When the day closes at or below zero: the pair's next day with movements, or null if none. */
  nextDay: string | null;
};

/** Index of the stock-day rollup that leads with the day (migration stock_day_rollup). */
const STOCK_DAY_INDEX = "DashboardStockDay_shopId_day_low_closing_net_locationId_componentId_idx";

/**
 * What the stock-out replay needs, from the trigger-kept DashboardStockDay rollup: every pair's
 * on-hand as the range's first UTC day begins and its first day with movements, and only the UTC
 * days of the range that can touch zero (they open at or below it, or their lowest point — a bound
 * after late movements — is), each with its opening and closing on-hand. One index pass over a
 * year's pair-days; the ledger itself is read only for the few days returned here (replaySpans).
 */
export async function stockoutDays(
  db: DbTx,
  shopId: string,
  start: Date,
  end: Date,
  locationId?: string | null,
): Promise<{ pairs: StockoutPair[]; days: StockoutDay[] }> {
  if (end.getTime() <= start.getTime()) return { pairs: [], days: [] };
  const firstDay = utcDay(start);
  const lastDay = utcDay(new Date(end.getTime() - 1));
  const byLocation = locationId ? " AND +d.locationId = ?" : "";
  const [pairRows, dayRows] = await Promise.all([
    db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT b.locationId, b.componentId,
              COALESCE((SELECT p.closing FROM DashboardStockDay p
                         WHERE p.locationId = b.locationId AND p.componentId = b.componentId AND p.day < ?
                         ORDER BY p.day DESC LIMIT 1), 0) AS opening,
              (SELECT MIN(p.day) FROM DashboardStockDay p WHERE p.locationId = b.locationId AND p.componentId = b.componentId AND p.day >= ?) AS firstDay
         FROM StockBalance b
        WHERE b.shopId = ?${locationId ? " AND b.locationId = ?" : ""}`,
      firstDay,
      firstDay,
      shopId,
      ...(locationId ? [locationId] : []),
    ),
    db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT d.locationId, d.componentId, d.day, d.closing - d.net AS opening, d.closing,
              CASE WHEN d.closing <= 0 THEN (SELECT MIN(n.day) FROM DashboardStockDay n
                                               WHERE n.locationId = d.locationId AND n.componentId = d.componentId AND n.day > d.day) END AS nextDay
         FROM DashboardStockDay d INDEXED BY "${STOCK_DAY_INDEX}"
        WHERE d.shopId = ? AND d.day >= ? AND d.day <= ? AND (d.low <= 0 OR d.closing - d.net <= 0)${byLocation}`,
      shopId,
      firstDay,
      lastDay,
      ...(locationId ? [locationId] : []),
    ),
  ]);
  const dayOrNull = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    pairs: pairRows.map((r) => ({
      locationId: String(r.locationId),
      componentId: String(r.componentId),
      opening: num(r.opening),
      firstDay: dayOrNull(r.firstDay),
    })),
    days: dayRows.map((r) => ({
      locationId: String(r.locationId),
      componentId: String(r.componentId),
      day: String(r.day),
      opening: num(r.opening),
      closing: num(r.closing),
      nextDay: dayOrNull(r.nextDay),
    })),
  };
}

/** A UTC day of one pair to replay from its opening on-hand. */
export type ReplaySpan = { locationId: string; componentId: string; day: string; opening: number };

/**
 * Minutes at or below zero between `start` and `end` on each span's day: a running sum (window
 * function) over the day's movements gives the on-hand after each one, held until the next
 * movement or the day's end, and the stretch before the first movement holds the opening. The
 * whole day is replayed; only its part inside [start, end) counts. One number per span, in order.
 */
export async function replaySpans(db: DbTx, spans: readonly ReplaySpan[], start: Date, end: Date): Promise<number[]> {
  if (spans.length === 0) return [];
  const json = JSON.stringify(
    spans.map((p, i) => {
      const dayStart = Date.parse(`${p.day}T00:00:00Z`);
      return { i, l: p.locationId, c: p.componentId, s: sqlTime(new Date(dayStart)), e: sqlTime(new Date(dayStart + DAY_MS)), o: p.opening };
    }),
  );
  // Each held stretch [at, until) is clipped to [start, end); julianday reads the stored ISO text.
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH p AS MATERIALIZED (
            SELECT value ->> 'i' AS i, value ->> 'l' AS l, value ->> 'c' AS c, value ->> 's' AS s, value ->> 'e' AS e, value ->> 'o' AS o
              FROM json_each(?)),
          r AS (SELECT ? AS f, ? AS t),
          held AS (
            SELECT p.i AS i, p.o <= 0 AS out, p.s AS at, COALESCE(MIN(m.occurredAt), p.e) AS until
              FROM p LEFT JOIN StockMovement m ON m.locationId = p.l AND m.componentId = p.c AND m.occurredAt >= p.s AND m.occurredAt < p.e
             GROUP BY p.i
            UNION ALL
            SELECT p.i, p.o + SUM(m.quantity) OVER w <= 0, m.occurredAt, COALESCE(LEAD(m.occurredAt) OVER w, p.e)
              FROM p JOIN StockMovement m ON m.locationId = p.l AND m.componentId = p.c AND m.occurredAt >= p.s AND m.occurredAt < p.e
            WINDOW w AS (PARTITION BY p.i ORDER BY m.occurredAt, m.rowid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
     SELECT i, SUM(CASE WHEN out AND MIN(until, t) > MAX(at, f) THEN (julianday(MIN(until, t)) - julianday(MAX(at, f))) * 1440.0 ELSE 0 END) AS outMinutes
       FROM held CROSS JOIN r GROUP BY i`,
    json,
    sqlTime(start),
    sqlTime(end),
  );
  const minutes = spans.map(() => 0);
  for (const r of rows) {
    const i = num(r.i);
    if (i >= 0 && i < minutes.length) minutes[i] = num(r.outMinutes);
  }
  return minutes;
}
