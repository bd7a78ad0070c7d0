/**
 * Deterministic order history for the demo seed and the dashboard benchmark. Orders look exactly
 * like ingested ones: Order + OrderLine + OrderTag rows with shop-local businessDate/localHour/
 * weekday, SALE consumption aggregated per order per component (kits exploded), restock on
 * cancellation, refunds, end-of-day WASTE, weekly counts, and resupply deliveries (RECEIPT with a
 * received ResupplySuggestion) that keep stock positive. Generation is pure and streamed per day;
 * a RowSink writes the rows (Prisma raw inserts for the seed, better-sqlite3 for the benchmark).
 */
import type { DbTx } from "../db";
import { addToBalances, HISTORY_COLUMNS, prismaSink, type HistoryTable, type RowSink, type SqlValue } from "../db-sql/sqlite/history";
import { sqlTime } from "../db-sql/sqlite/dashboard";
import { addDays, localParts, zonedInstant } from "../domain/business-day";
import { explodeKit, type KitGraph } from "../domain/kit";
import { appendTo } from "../domain/collections";

/** Where occurredAt sits in a StockMovement row (HISTORY_COLUMNS order). */
const MOVEMENT_OCCURRED_AT = HISTORY_COLUMNS.StockMovement.indexOf("occurredAt");

/** mulberry32: tiny, fast, good enough for synthetic data, and the same sequence everywhere. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return (items[items.length - 1] as readonly [T, number])[0];
    },
  };
}
export type Rng = ReturnType<typeof createRng>;

export type HistoryLocation = { id: string; code: string; kind: string };
export type HistoryProduct = { id: string; sku: string; priceMinor: number; isModifier: boolean };
export type HistoryComponent = { id: string; code: string; unit: string; supplierId: string | null };

export type HistoryConfig = {
  shopId: string;
  timeZone: string;
  currency: string;
  integrationId: string;
  locations: HistoryLocation[];
  products: HistoryProduct[];
  components: HistoryComponent[];
  kitGraph: KitGraph; // keyed by product id, refs are component ids
  /** First business date of history and the number of days (the last day stops at `now`). */
  startDate: string;
  days: number;
  now: Date;
  seed: number;
  /** Multiplies every location's order rate (the benchmark scales volume with it). */
  volume?: number;
  /** Opening on-hand per "locationId:componentId"; missing pairs get an opening receipt. */
  opening?: Map<string, number>;
  /** Unique prefix for generated ids and external ids (several shops in one database). */
  idPrefix?: string;
};

export type HistoryStats = {
  orders: number;
  lines: number;
  movements: number;
  campaigns: number;
  deliveries: number;
  cancelled: number;
  refunded: number;
  /** Preorder-tagged orders, and those collected on the business day they were placed. */
  preorders: number;
  preordersCollectedSameDay: number;
};

/** Base orders per day and channel mix per location kind; the seed's shop has one of each. */
const LOCATION_PROFILES: Record<string, { perDay: number; channels: readonly (readonly [string, number])[]; weekendOnly?: boolean }> = {
  store: { perDay: 70, channels: [["walk-in", 66], ["preorder-qr", 20], ["online", 10], ["delivery", 4]] },
  kiosk: { perDay: 38, channels: [["walk-in", 82], ["preorder-qr", 18]] },
  "micro-hub": { perDay: 30, channels: [["online", 55], ["delivery", 45]] },
  "pop-up": { perDay: 90, channels: [["event", 88], ["walk-in", 12]], weekendOnly: true },
};

/** Share of a day's orders per local hour: morning peak, lunch bump, evening tail. */
const HOURS: readonly (readonly [number, number])[] = [
  [6, 5], [7, 13], [8, 16], [9, 12], [10, 8], [11, 7], [12, 8], [13, 6], [14, 5], [15, 5], [16, 5], [17, 4], [18, 3], [19, 2], [20, 1],
];
/** Sunday … Saturday. */
const WEEKDAY_FACTOR = [1.25, 0.85, 0.9, 0.95, 1.0, 1.2, 1.45];

const DONUTS = ["GLAZED", "CHOC-FROSTED", "BOSTON-CREAM", "JELLY", "MAPLE-BAR", "CRULLER", "OLD-FASHIONED", "SPRINKLE-RING", "APPLE-FRITTER", "VEGAN-BERRY"];
const DONUT_WEIGHTS = [30, 18, 10, 8, 7, 6, 9, 6, 4, 3];
const MODIFIERS = ["SPRINKLES", "EXTRA-GLAZE", "NUTELLA-FILL"];

type Campaign = { id: string; code: string; name: string; sentAt: Date; hours: number; lift: number; channels: readonly string[] };

/** A newsletter every ~9 days (48 h window) and an SMS flash on some Fridays (2 h window). */
function planCampaigns(cfg: HistoryConfig, rng: Rng, id: () => string): Campaign[] {
  const out: Campaign[] = [];
  for (let d = 0; d < cfg.days; d++) {
    const date = addDays(cfg.startDate, d);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (d % 9 === 3) {
      out.push({
        id: id(),
        code: `nl-${date}`,
        name: `Newsletter ${date}`,
        sentAt: zonedInstant(date, cfg.timeZone, 9, 0),
        hours: 48,
        lift: 1.35 + rng.next() * 0.3,
        channels: ["online", "preorder-qr", "delivery"],
      });
    }
    if (weekday === 5 && rng.chance(0.5)) {
      out.push({
        id: id(),
        code: `sms-flash-${date}`,
        name: `SMS flash sale ${date}`,
        sentAt: zonedInstant(date, cfg.timeZone, 15, 0),
        hours: 2,
        lift: 2.2,
        channels: ["walk-in", "preorder-qr", "online"],
      });
    }
  }
  return out.filter((c) => c.sentAt.getTime() < cfg.now.getTime());
}

/**
 * When the customer collected the order (the POS fulfilment), or null. Walk-in and event sales leave
 * the counter with the customer; online and delivery go out within the hour or so; preorders are
 * mostly picked up within a few hours, some the next morning, some never (no-shows). A time still
 * in the future is not known yet. Uses its own random stream so the rest of the history is
 * unchanged by it.
 */
function fulfilmentTime(
  rng: Rng,
  order: { channel: string; preorder: boolean; cancelled: boolean; placedAt: Date; businessDate: string },
  cfg: Pick<HistoryConfig, "timeZone" | "now">,
): Date | null {
  if (order.cancelled) return null;
  const after = (minutes: number) => new Date(order.placedAt.getTime() + minutes * 60_000);
  let at: Date | null;
  if (order.preorder) {
    const roll = rng.next();
    if (roll < 0.8) at = after(rng.int(10, 300));
    else if (roll < 0.93) at = zonedInstant(addDays(order.businessDate, 1), cfg.timeZone, rng.int(7, 11), rng.int(0, 59));
    else at = null; // never collected
  } else if (order.channel === "online" || order.channel === "delivery") {
    at = after(rng.int(15, 90));
  } else {
    at = order.placedAt;
  }
  return at && at.getTime() < cfg.now.getTime() ? at : null;
}

/**
 * Generates history day by day and hands each day's rows to `sink`. Returns counts and the
 * balance deltas per location × component (the caller adds them to StockBalance).
 */
export async function generateHistory(
  cfg: HistoryConfig,
  sink: RowSink,
): Promise<{ stats: HistoryStats; deltas: Map<string, { locationId: string; componentId: string; delta: number }> }> {
  const rng = createRng(cfg.seed);
  const fulfilRng = createRng(cfg.seed ^ 0x5f11);
  const prefix = cfg.idPrefix ?? "h";
  let seq = 0;
  const id = () => `${prefix}${(++seq).toString(36)}`;
  const volume = cfg.volume ?? 1;
  const productBySku = new Map(cfg.products.map((p) => [p.sku, p]));
  const componentByCode = new Map(cfg.components.map((c) => [c.code, c]));
  // Explode each product once; orders reuse the component arrays.
  const usageOf = new Map<string, [string, number][]>();
  for (const p of cfg.products) {
    if (cfg.kitGraph.has(p.id)) usageOf.set(p.id, [...explodeKit(cfg.kitGraph, p.id, 1).entries()]);
  }
  const stats: HistoryStats = {
    orders: 0,
    lines: 0,
    movements: 0,
    campaigns: 0,
    deliveries: 0,
    cancelled: 0,
    refunded: 0,
    preorders: 0,
    preordersCollectedSameDay: 0,
  };
  const deltas = new Map<string, { locationId: string; componentId: string; delta: number }>();
  const balance = new Map<string, number>();
  // Daily use over the last 7 days per pair; deliveries plan from the busiest of them.
  const recentUse = new Map<string, number[]>();
  const key = (l: string, c: string) => `${l}:${c}`;
  const move = (rows: SqlValue[][], m: { locationId: string; componentId: string; type: string; quantity: number; reason?: string | null; orderId?: string | null; resupplyId?: string | null; countId?: string | null; at: Date }) => {
    if (m.quantity === 0) return;
    const t = sqlTime(m.at);
    rows.push([id(), cfg.shopId, m.locationId, m.componentId, m.type, m.quantity, m.reason ?? null, m.orderId ?? null, m.resupplyId ?? null, null, m.countId ?? null, null, t, t]);
    const k = key(m.locationId, m.componentId);
    balance.set(k, (balance.get(k) ?? 0) + m.quantity);
    const d = deltas.get(k) ?? { locationId: m.locationId, componentId: m.componentId, delta: 0 };
    d.delta += m.quantity;
    deltas.set(k, d);
    stats.movements++;
  };

  const campaigns = planCampaigns(cfg, rng, id);
  stats.campaigns = campaigns.length;
  await sink(
    "Campaign",
    campaigns.map((c) => [c.id, cfg.shopId, c.code, c.name, sqlTime(c.sentAt), c.hours, sqlTime(c.sentAt)]),
  );

  // Opening stock: what the shop already holds, or a receipt before the first day.
  const startAt = zonedInstant(cfg.startDate, cfg.timeZone, 0, 0);
  {
    const rows: SqlValue[][] = [];
    for (const l of cfg.locations) {
      for (const c of cfg.components) {
        const k = key(l.id, c.id);
        const have = cfg.opening?.get(k);
        if (have !== undefined) balance.set(k, have);
        else move(rows, { locationId: l.id, componentId: c.id, type: "RECEIPT", quantity: c.unit === "pc" ? 600 : 30_000, reason: "Opening stock", at: new Date(startAt.getTime() - 3_600_000) });
      }
    }
    await sink("StockMovement", rows);
  }

  const customers = new Map<string, string[]>(); // per location: known customer refs
  let orderNo = 0;

  for (let d = 0; d < cfg.days; d++) {
    const date = addDays(cfg.startDate, d);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const orders: SqlValue[][] = [];
    const lines: SqlValue[][] = [];
    const tags: SqlValue[][] = [];
    const movements: SqlValue[][] = [];
    const suggestions: SqlValue[][] = [];
    const supplyLines: SqlValue[][] = [];
    const counts: SqlValue[][] = [];
    const dayUse = new Map<string, number>();
    const isLastWeek = d >= cfg.days - 7;

    for (const loc of cfg.locations) {
      const profile = LOCATION_PROFILES[loc.kind] ?? LOCATION_PROFILES.store!;
      // Deliveries land at 06:00 before the doors open: anything under two busy days of use is
      // topped up to five (weekend-only pop-ups plan from their Saturday).
      const windowAt = zonedInstant(date, cfg.timeZone, 6, 0);
      if (windowAt.getTime() < cfg.now.getTime()) {
        const bySupplier = new Map<string, { componentId: string; quantity: number }[]>();
        for (const c of cfg.components) {
          const k = key(loc.id, c.id);
          const use = Math.max(0, ...(recentUse.get(k) ?? []));
          const onHand = balance.get(k) ?? 0;
          if (use <= 0 || onHand > use * 2) continue;
          const pack = c.unit === "pc" ? 50 : 1000;
          const quantity = Math.ceil((use * 5 - onHand) / pack) * pack;
          if (quantity <= 0) continue;
          const s = c.supplierId ?? "none";
          appendTo(bySupplier, s, { componentId: c.id, quantity });
        }
        for (const [supplierId, items] of bySupplier) {
          // One delivery in ten is late (a few hours, sometimes a full day): lead time missed, maybe a stock-out.
          const late = !isLastWeek && rng.chance(0.1);
          const delayMin = late ? (rng.chance(0.25) ? 24 * 60 : rng.int(30, 300)) : -rng.int(0, 60);
          const receivedAt = new Date(windowAt.getTime() + delayMin * 60_000);
          const suggestionId = id();
          const sentAt = new Date(windowAt.getTime() - 20 * 3_600_000);
          suggestions.push([
            suggestionId, cfg.shopId, loc.id, supplierId === "none" ? null : supplierId, sqlTime(windowAt), "RECEIVED", null,
            sqlTime(new Date(sentAt.getTime() - 3_600_000)), sqlTime(sentAt), sqlTime(receivedAt),
          ]);
          for (const item of items) {
            supplyLines.push([id(), suggestionId, item.componentId, item.quantity, item.quantity, "Below two busy days of usage", null, null]);
            move(movements, { locationId: loc.id, componentId: item.componentId, type: "RECEIPT", quantity: item.quantity, resupplyId: suggestionId, reason: "Resupply delivery", at: receivedAt });
          }
          stats.deliveries++;
        }
      }

      if (profile.weekendOnly && weekday !== 6 && weekday !== 0) continue;
      const activeCampaigns = campaigns.filter((c) => {
        const start = zonedInstant(date, cfg.timeZone, 0, 0).getTime();
        return c.sentAt.getTime() < start + 86_400_000 && c.sentAt.getTime() + c.hours * 3_600_000 > start;
      });
      const expected = profile.perDay * volume * (WEEKDAY_FACTOR[weekday] ?? 1) * (0.85 + rng.next() * 0.3);
      const midnight = (weekday === 5 || weekday === 6) && loc.kind !== "pop-up";
      const count = Math.round(expected) + (midnight ? Math.round(12 * volume) : 0);
      for (let i = 0; i < count; i++) {
        const isMidnight = midnight && i >= Math.round(expected);
        const hour = isMidnight ? rng.pick([22, 23]) : rng.weighted(HOURS);
        const placedAt = new Date(zonedInstant(date, cfg.timeZone, hour, rng.int(0, 59)).getTime() + rng.int(0, 59_999));
        if (placedAt.getTime() >= cfg.now.getTime()) continue;
        let channel = rng.weighted(profile.channels);
        // Campaign lift: extra orders on the campaign's channels while its window is open.
        let campaign: string | null = null;
        const live = activeCampaigns.filter((c) => placedAt.getTime() >= c.sentAt.getTime() && placedAt.getTime() < c.sentAt.getTime() + c.hours * 3_600_000);
        const liveFor = live.find((c) => c.channels.includes(channel));
        if (liveFor && rng.chance(0.3)) campaign = liveFor.code;
        const repeats = liveFor ? (rng.chance(liveFor.lift - 1) ? 2 : 1) : 1;
        for (let r = 0; r < repeats; r++) {
          if (r > 0) channel = rng.pick(liveFor!.channels.filter((c) => profile.channels.some(([p]) => p === c))) ?? channel;
          const orderId = id();
          const at = r === 0 ? placedAt : new Date(Math.min(placedAt.getTime() + rng.int(1, 40) * 60_000, cfg.now.getTime() - 1));
          const parts = localParts(at, cfg.timeZone);
          orderNo++;
          // Line items.
          const items: { sku: string; qty: number; parent?: number }[] = [];
          if (isMidnight) items.push({ sku: "MIDNIGHT-BOX-4", qty: rng.chance(0.2) ? 2 : 1 });
          else {
            if (rng.chance(channel === "delivery" || channel === "online" ? 0.18 : 0.06)) items.push({ sku: "DOZEN-BOX", qty: rng.chance(0.15) ? 2 : 1 });
            const donutLines = rng.weighted([[1, 50], [2, 35], [3, 15]] as const);
            for (let k = 0; k < donutLines; k++) {
              const sku = rng.weighted(DONUTS.map((s, j) => [s, DONUT_WEIGHTS[j] ?? 1] as const));
              items.push({ sku, qty: rng.weighted([[1, 45], [2, 35], [3, 12], [6, 8]] as const) });
              if (rng.chance(0.1)) items.push({ sku: rng.pick(MODIFIERS), qty: 1, parent: items.length });
            }
            if (parts.localHour < 12 && rng.chance(channel === "walk-in" ? 0.45 : 0.2)) items.push({ sku: rng.chance(0.6) ? "COFFEE" : "LATTE", qty: rng.chance(0.2) ? 2 : 1 });
          }
          const valid = items.filter((it) => productBySku.has(it.sku));
          if (valid.length === 0) continue;
          // Status: ~1.5 % cancelled, ~2 % refunded (a third of those in full).
          const roll = rng.next();
          const cancelled = roll < 0.015;
          const refund = !cancelled && roll < 0.035;
          const fullRefund = refund && rng.chance(0.33);
          let subtotal = 0;
          let refunded = 0;
          const use = new Map<string, number>();
          valid.forEach((it, idx) => {
            const p = productBySku.get(it.sku)!;
            const lineNo = idx + 1;
            const refundedQty = fullRefund || (refund && idx === 0) ? it.qty : 0;
            subtotal += p.priceMinor * it.qty;
            refunded += p.priceMinor * refundedQty;
            lines.push([id(), orderId, cfg.shopId, lineNo, it.parent ?? null, p.sku, p.id, it.qty, p.priceMinor, refundedQty, 0, parts.businessDate, loc.id, channel]);
            for (const [componentId, q] of usageOf.get(p.id) ?? []) use.set(componentId, (use.get(componentId) ?? 0) + q * it.qty);
          });
          stats.lines += valid.length;
          const eventAt = cancelled || refund ? new Date(Math.min(at.getTime() + rng.int(10, 180) * 60_000, cfg.now.getTime() - 1)) : at;
          // Customers: 45 % identified, half of them returning.
          let customerRef: string | null = null;
          if (rng.chance(channel === "walk-in" ? 0.3 : 0.75)) {
            const known = customers.get(loc.id) ?? [];
            if (known.length > 0 && rng.chance(0.55)) customerRef = rng.pick(known);
            else {
              customerRef = `c_${prefix}${loc.code}_${known.length + 1}`;
              known.push(customerRef);
              customers.set(loc.id, known);
            }
          }
          const status = cancelled ? "CANCELLED" : fullRefund ? "REFUNDED" : "OPEN";
          const preorder = channel === "preorder-qr";
          const fulfilledAt = fulfilmentTime(fulfilRng, { channel, preorder, cancelled, placedAt: at, businessDate: parts.businessDate }, cfg);
          if (preorder) {
            stats.preorders++;
            if (fulfilledAt && localParts(fulfilledAt, cfg.timeZone).businessDate === parts.businessDate) stats.preordersCollectedSameDay++;
          }
          orders.push([
            orderId, cfg.shopId, cfg.integrationId, `${prefix}-${orderNo}`, orderNo, loc.id, loc.code, channel, campaign, customerRef,
            cfg.currency, status, subtotal, cancelled ? 0 : refunded, sqlTime(at), sqlTime(at), sqlTime(eventAt), parts.businessDate,
            parts.localHour, parts.weekday, sqlTime(eventAt), fulfilledAt ? sqlTime(fulfilledAt) : null,
          ]);
          const orderTags: string[] = [];
          if (preorder) orderTags.push("preorder");
          if (isMidnight) orderTags.push("midnight-bundle");
          if (valid.some((it) => it.sku === "DOZEN-BOX" && it.qty >= 2)) orderTags.push("catering");
          if (channel === "event") orderTags.push("market");
          for (const tag of orderTags) tags.push([orderId, tag, cfg.shopId, parts.businessDate]);
          for (const [componentId, q] of use) {
            move(movements, { locationId: loc.id, componentId, type: "SALE", quantity: -q, orderId, at });
            const k = key(loc.id, componentId);
            dayUse.set(k, (dayUse.get(k) ?? 0) + q);
            // A cancelled order gives its components back.
            if (cancelled) move(movements, { locationId: loc.id, componentId, type: "REFUND_RESTOCK", quantity: q, orderId, reason: "Order cancelled", at: eventAt });
          }
          stats.orders++;
          if (cancelled) stats.cancelled++;
          if (refund) stats.refunded++;
        }
      }
      // End of day: leftovers of perishable components are wasted (3–9 % of the day's use).
      const closeAt = zonedInstant(date, cfg.timeZone, 21, 30);
      if (closeAt.getTime() < cfg.now.getTime()) {
        for (const code of ["DOUGH", "VEGAN-DOUGH", "CREAM", "GLAZE", "MILK"]) {
          const c = componentByCode.get(code);
          if (!c) continue;
          const used = dayUse.get(key(loc.id, c.id)) ?? 0;
          const waste = Math.round(used * (0.03 + rng.next() * 0.06));
          if (waste > 0) move(movements, { locationId: loc.id, componentId: c.id, type: "WASTE", quantity: -waste, reason: rng.pick(["End-of-day leftovers", "Past shelf life", "Dropped tray"]), at: closeAt });
        }
      }
      // Monday morning counts find small differences on a few components.
      const countAt = zonedInstant(date, cfg.timeZone, 5, 30);
      if (weekday === 1 && countAt.getTime() < cfg.now.getTime()) {
        for (const c of cfg.components.filter((_, j) => j % 4 === d % 4)) {
          const k = key(loc.id, c.id);
          const expectedQty = balance.get(k) ?? 0;
          if (expectedQty <= 0) continue;
          const counted = Math.max(0, expectedQty + Math.round(expectedQty * (rng.next() - 0.6) * 0.02));
          const countId = id();
          counts.push([countId, cfg.shopId, loc.id, c.id, counted, expectedQty, null, sqlTime(countAt)]);
          move(movements, { locationId: loc.id, componentId: c.id, type: "COUNT_ADJUSTMENT", quantity: counted - expectedQty, countId, reason: "Weekly count", at: countAt });
        }
      }
    }
    for (const l of cfg.locations) {
      for (const c of cfg.components) {
        const k = key(l.id, c.id);
        const days = recentUse.get(k) ?? [];
        days.push(dayUse.get(k) ?? 0);
        if (days.length > 7) days.shift();
        recentUse.set(k, days);
      }
    }
    const write = async (table: HistoryTable, rows: SqlValue[][]) => rows.length && (await sink(table, rows));
    await write("Order", orders);
    await write("OrderLine", lines);
    await write("OrderTag", tags);
    await write("ResupplySuggestion", suggestions);
    await write("ResupplyLine", supplyLines);
    await write("StockCount", counts);
    // In ledger order: the stock-day rollup's triggers take their cheap path for a movement that is
    // the latest of its day (a stable sort keeps same-instant movements in the order they happened).
    const at = (row: SqlValue[]) => String(row[MOVEMENT_OCCURRED_AT]);
    movements.sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
    await write("StockMovement", movements);
  }
  return { stats, deltas };
}

/**
 * The demo's 90 days: reads the shop's catalog, locations and opening stock, generates history up
 * to `now` and writes it in one transaction, balances included.
 */
export async function writeShopHistory(
  db: { $transaction: <T>(fn: (tx: DbTx) => Promise<T>, options?: { timeout?: number; maxWait?: number }) => Promise<T> },
  shopId: string,
  options: { days: number; now?: Date; seed?: number; volume?: number },
): Promise<HistoryStats> {
  return db.$transaction(
    async (tx) => {
      const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true, currency: true } });
      const integration = await tx.integration.findFirst({ where: { shopId, kind: "generic" }, select: { id: true }, orderBy: { createdAt: "asc" } });
      if (!integration) throw new Error("The shop has no generic POS integration to attribute orders to.");
      const [locations, products, components, balances, kitLines] = await Promise.all([
        tx.location.findMany({ where: { shopId, active: true }, select: { id: true, code: true, kind: true }, orderBy: { createdAt: "asc" } }),
        tx.product.findMany({ where: { shopId, active: true }, select: { id: true, sku: true, priceMinor: true, isModifier: true } }),
        tx.component.findMany({ where: { shopId }, select: { id: true, code: true, unit: true, supplierId: true } }),
        tx.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } }),
        tx.kitLine.findMany({ where: { product: { shopId } }, select: { productId: true, componentId: true, childProductId: true, quantity: true } }),
      ]);
      const graph = new Map(products.map((p) => [p.id, { label: p.sku, lines: [] as { kind: "component" | "product"; ref: string; quantity: number }[] }]));
      for (const l of kitLines) {
        const node = graph.get(l.productId);
        if (!node) continue;
        if (l.componentId) node.lines.push({ kind: "component", ref: l.componentId, quantity: l.quantity });
        else if (l.childProductId) node.lines.push({ kind: "product", ref: l.childProductId, quantity: l.quantity });
      }
      const now = options.now ?? new Date();
      const today = localParts(now, shop.timeZone).businessDate;
      const { stats, deltas } = await generateHistory(
        {
          shopId,
          timeZone: shop.timeZone,
          currency: shop.currency,
          integrationId: integration.id,
          locations,
          products,
          components,
          kitGraph: graph as KitGraph,
          startDate: addDays(today, -(options.days - 1)),
          days: options.days,
          now,
          seed: options.seed ?? 7,
          volume: options.volume,
          opening: new Map(balances.map((b) => [`${b.locationId}:${b.componentId}`, b.onHand])),
          idPrefix: `h${shopId.slice(-6)}`,
        },
        prismaSink(tx),
      );
      await addToBalances(tx, shopId, [...deltas.values()].filter((d) => d.delta !== 0), sqlTime(now));
      return stats;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
