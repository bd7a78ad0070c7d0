import type { Db, DbTx } from "../db";
import { DEFAULT_VARIANCE_THRESHOLD, detectNumberingScope, findOrderNumberGaps, isGapFilled, isVarianceAnomalous, reconcileCount } from "../domain/reconcile";
import { addDays, zonedTimeToUtc, businessDateOf } from "../domain/shift-time";
import { clearConditions, raiseAnomaly, resolveAnomalies } from "./anomalies";
import { appendMovements } from "./ledger";
import { appendTo } from "../domain/collections";

export const RECONCILIATION_JOB = "reconciliation";
/** Local hour after which the overnight reconciliation of a shop runs (shops have closed by then). */
export const RECONCILE_LOCAL_TIME = "04:00";
/** Inbox entries still PENDING after this long are reported as stuck. */
export const STUCK_AFTER_MS = 5 * 60 * 1000;
/** A shop's first run checks the inbox and order numbers this many days back. */
const FIRST_RUN_LOOKBACK_DAYS = 7;
/** However long a shop went without a run, inbox and order-number checks look back at most this far. */
export const MAX_LOOKBACK_DAYS = 31;
/** Counts seen by the last run are checked again if they are this recent, for counts written with an earlier time. */
const RECENT_COUNT_MARGIN_MS = 24 * 3_600_000;
const UNMAPPED_LOOKBACK_DAYS = 30;

export type ReconciliationResult = {
  shopId: string;
  /** Shop-local day the run's anomalies are reported for (the daily close of that day lists them). */
  businessDate: string;
  countsChecked: number;
  adjustments: number;
  anomaliesRaised: number;
  anomaliesResolved: number;
};

async function lastRunAt(db: DbTx, shopId: string): Promise<Date | null> {
  const run = await db.jobRun.findFirst({
    where: { name: RECONCILIATION_JOB, shopId, status: "SUCCEEDED" },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true },
  });
  return run?.startedAt ?? null;
}

/** The day the nightly run reports for: it runs after the shop-local reconcile time and closes yesterday. */
export function nightlyBusinessDate(now: Date, timeZone: string): string {
  return addDays(businessDateOf(now, timeZone), -1);
}

type RunContext = {
  shopId: string;
  timeZone: string;
  now: Date;
  /** Start of the previous successful run, null on the first one. */
  previous: Date | null;
  businessDate: string;
  result: ReconciliationResult;
  tally: (r: { decision: string }) => void;
};

/**
 * Reconciles one shop: closes the gap between the latest physical counts and the ledger, and
 * raises (or resolves) anomalies, each reported for `businessDate` (default: today, shop-local;
 * the nightly job passes yesterday, the day it closes). Idempotent: adjustments carry their
 * count's id and anomalies their key, so a second run the same day writes nothing new.
 */
export async function reconcileShop(db: Db, shopId: string, now = new Date(), options: { businessDate?: string } = {}): Promise<ReconciliationResult> {
  const started = Date.now();
  const [shop, previous] = await Promise.all([db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } }), lastRunAt(db, shopId)]);
  const businessDate = options.businessDate ?? businessDateOf(now, shop.timeZone);
  const result: ReconciliationResult = { shopId, businessDate, countsChecked: 0, adjustments: 0, anomaliesRaised: 0, anomaliesResolved: 0 };
  const ctx: RunContext = {
    shopId,
    timeZone: shop.timeZone,
    now,
    previous,
    businessDate,
    result,
    tally: (r) => {
      if (r.decision === "create" || r.decision === "reopen") result.anomaliesRaised++;
    },
  };

  // One short transaction per check: SQLite has one writer, and POS ingestion must not wait for
  // the whole run. Each check is idempotent on its own, so a crash between two loses nothing.
  await db.$transaction((tx) => reconcileCounts(tx, ctx));
  await db.$transaction((tx) => checkNegativeStock(tx, ctx));
  await db.$transaction((tx) => checkUnmappedSkus(tx, ctx));
  await db.$transaction((tx) => checkInbox(tx, ctx));
  await db.$transaction((tx) => checkOrderGaps(tx, ctx));
  await db.jobRun.create({
    data: {
      name: RECONCILIATION_JOB,
      shopId,
      status: "SUCCEEDED",
      startedAt: now,
      finishedAt: new Date(),
      durationMs: Date.now() - started,
      summary: JSON.stringify(result),
    },
  });
  return result;
}

/**
 * Which latest counts to check. The first run checks every one. Later runs check a count that is
 * new (or recent), and any count whose location × component got a movement recorded since the
 * last run that is dated at or before the count: a POS event that arrived late, however late.
 */
async function countsToCheck(tx: DbTx, ctx: RunContext) {
  const latest = await tx.stockCount.groupBy({
    by: ["locationId", "componentId"],
    where: { shopId: ctx.shopId, countedAt: { lte: ctx.now } },
    _max: { countedAt: true },
  });
  const pairKey = (p: { locationId: string; componentId: string }) => `${p.locationId}:${p.componentId}`;
  let wanted = latest;
  if (ctx.previous) {
    const recentFrom = ctx.previous.getTime() - RECENT_COUNT_MARGIN_MS;
    const touched = await tx.stockMovement.groupBy({
      by: ["locationId", "componentId"],
      where: { shopId: ctx.shopId, createdAt: { gte: ctx.previous } },
      _min: { occurredAt: true },
    });
    const earliestNew = new Map(touched.map((t) => [pairKey(t), t._min.occurredAt]));
    wanted = latest.filter((p) => {
      const at = p._max.countedAt;
      if (!at) return false;
      const late = earliestNew.get(pairKey(p));
      return at.getTime() > recentFrom || (!!late && late <= at);
    });
  }
  const select = {
    id: true,
    locationId: true,
    componentId: true,
    counted: true,
    countedAt: true,
    component: { select: { code: true, name: true, unit: true } },
    location: { select: { code: true, name: true } },
  } as const;
  const counts = [];
  // In slices: SQLite limits how deep one OR chain may nest.
  for (let i = 0; i < wanted.length; i += 100) {
    const slice = wanted.slice(i, i + 100);
    counts.push(
      ...(await tx.stockCount.findMany({
        where: { shopId: ctx.shopId, OR: slice.map((p) => ({ locationId: p.locationId, componentId: p.componentId, countedAt: p._max.countedAt! })) },
        orderBy: [{ countedAt: "desc" }, { id: "asc" }],
        select,
      })),
    );
  }
  return counts;
}

async function reconcileCounts(tx: DbTx, ctx: RunContext) {
  const { shopId, result } = ctx;
  const counts = await countsToCheck(tx, ctx);
  const freshFrom = ctx.previous ? new Date(ctx.previous.getTime() - RECENT_COUNT_MARGIN_MS) : new Date(ctx.now.getTime() - FIRST_RUN_LOOKBACK_DAYS * 86_400_000);
  // Two counts of a pair at the same instant: one of them (the lower id) speaks for it.
  const seen = new Set<string>();
  for (const count of counts) {
    const pair = `${count.locationId}:${count.componentId}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    result.countsChecked++;
    const [before, own] = await Promise.all([
      tx.stockMovement.aggregate({
        where: {
          shopId,
          locationId: count.locationId,
          componentId: count.componentId,
          occurredAt: { lte: count.countedAt },
          OR: [{ countId: null }, { countId: { not: count.id } }],
        },
        _sum: { quantity: true },
      }),
      tx.stockMovement.aggregate({ where: { shopId, countId: count.id }, _sum: { quantity: true } }),
    ]);
    const ledgerAtCount = before._sum.quantity ?? 0;
    const { variance, adjustment } = reconcileCount({ counted: count.counted, ledgerAtCount, alreadyAdjusted: own._sum.quantity ?? 0 });
    if (adjustment !== 0) {
      await appendMovements(tx, shopId, [
        {
          locationId: count.locationId,
          componentId: count.componentId,
          type: "COUNT_ADJUSTMENT",
          quantity: adjustment,
          countId: count.id,
          // Dated at the count so the ledger agrees with it from that moment on.
          occurredAt: count.countedAt,
          reason: `Reconciliation: counted ${count.counted}, ledger had ${ledgerAtCount} at count time`,
        },
      ]);
      result.adjustments++;
    }
    const key = `variance:${count.id}`;
    const anomalous = isVarianceAnomalous(variance, ledgerAtCount, count.component.unit, DEFAULT_VARIANCE_THRESHOLD);
    // A variance is news for a count made since the last run; an older count re-checked for late
    // events only updates (or settles) the anomaly it already has.
    const fresh = count.countedAt >= freshFrom;
    if (anomalous && (fresh || (await tx.anomaly.count({ where: { shopId, key } })) > 0)) {
      const unit = count.component.unit;
      ctx.tally(
        await raiseAnomaly(
          tx,
          shopId,
          {
            kind: "VARIANCE",
            key,
            locationId: count.locationId,
            businessDate: ctx.businessDate,
            message: `${count.component.name} at ${count.location.name}: counted ${count.counted} ${unit}, the ledger expected ${ledgerAtCount} ${unit} (${variance > 0 ? "+" : ""}${variance} ${unit}).`,
            details: {
              countId: count.id,
              component: count.component.code,
              location: count.location.code,
              counted: count.counted,
              expected: ledgerAtCount,
              variance,
              unit,
              countedAt: count.countedAt.toISOString(),
            },
          },
          ctx.now,
        ),
      );
    } else if (!anomalous) {
      // Late sales explained the difference: the variance anomaly of this count is settled.
      const open = await tx.anomaly.findMany({ where: { shopId, key, status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true } });
      result.anomaliesResolved += await resolveAnomalies(tx, shopId, open.map((a) => a.id), ctx.now);
    }
  }
}

async function checkNegativeStock(tx: DbTx, ctx: RunContext) {
  const { shopId } = ctx;
  const negative = await tx.stockBalance.findMany({
    where: { shopId, onHand: { lt: 0 } },
    select: { locationId: true, componentId: true, onHand: true, component: { select: { code: true, name: true, unit: true } }, location: { select: { code: true, name: true } } },
  });
  const keys = new Set<string>();
  for (const b of negative) {
    const key = `negative:${b.locationId}:${b.componentId}`;
    keys.add(key);
    ctx.tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "NEGATIVE_STOCK",
          key,
          locationId: b.locationId,
          businessDate: ctx.businessDate,
          message: `${b.component.name} at ${b.location.name} is at ${b.onHand} ${b.component.unit}: sales went past what was counted or received.`,
          details: { component: b.component.code, location: b.location.code, onHand: b.onHand, unit: b.component.unit },
        },
        ctx.now,
      ),
    );
  }
  ctx.result.anomaliesResolved += await clearConditions(tx, shopId, "NEGATIVE_STOCK", keys, ctx.now);
}

async function checkUnmappedSkus(tx: DbTx, ctx: RunContext) {
  const { shopId } = ctx;
  const fromDate = businessDateOf(new Date(ctx.now.getTime() - UNMAPPED_LOOKBACK_DAYS * 86_400_000), ctx.timeZone);
  const unmapped = await tx.orderLine.groupBy({
    by: ["sku"],
    where: { shopId, productId: null, businessDate: { gte: fromDate } },
    _count: { _all: true },
    _sum: { quantity: true },
  });
  const keys = new Set<string>();
  for (const u of unmapped) {
    const key = `unmapped:${u.sku}`;
    keys.add(key);
    ctx.tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "UNMAPPED_SKU",
          key,
          businessDate: ctx.businessDate,
          message: `POS SKU "${u.sku}" is not in the catalog: ${u._count._all} order lines (${u._sum.quantity ?? 0} sold) used no stock. Add the product or map the SKU.`,
          details: { sku: u.sku, lines: u._count._all, quantity: u._sum.quantity ?? 0 },
        },
        ctx.now,
      ),
    );
  }
  ctx.result.anomaliesResolved += await clearConditions(tx, shopId, "UNMAPPED_SKU", keys, ctx.now);
}

/** Start of what the inbox and order-number checks read: since the last run, bounded. */
function lookbackStart(ctx: RunContext): Date {
  const floor = ctx.now.getTime() - MAX_LOOKBACK_DAYS * 86_400_000;
  const from = ctx.previous ? ctx.previous.getTime() : ctx.now.getTime() - FIRST_RUN_LOOKBACK_DAYS * 86_400_000;
  return new Date(Math.max(floor, from));
}

async function checkInbox(tx: DbTx, ctx: RunContext) {
  const { shopId } = ctx;
  const since = lookbackStart(ctx);
  // Kept as invalid since the last run: at receipt (422) or when the drain parsed it later.
  const invalid = await tx.webhookDelivery.findMany({
    where: { shopId, status: "INVALID", OR: [{ receivedAt: { gte: since } }, { processedAt: { gte: since } }] },
    orderBy: { receivedAt: "asc" },
    select: { id: true, deliveryId: true, topic: true, error: true, receivedAt: true, integration: { select: { id: true, name: true } } },
  });
  for (const d of invalid) {
    ctx.tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "INVALID_DELIVERY",
          key: `invalid:${d.id}`,
          businessDate: ctx.businessDate,
          message: `${d.integration.name} sent a "${d.topic}" delivery that could not be used: ${(d.error ?? "invalid payload").replace(/\.+$/, "")}.`,
          details: { deliveryId: d.deliveryId, integrationId: d.integration.id, topic: d.topic, error: d.error, receivedAt: d.receivedAt.toISOString() },
        },
        ctx.now,
      ),
    );
  }

  const stuck = await tx.webhookDelivery.groupBy({
    by: ["integrationId"],
    where: { shopId, status: "PENDING", receivedAt: { lt: new Date(ctx.now.getTime() - STUCK_AFTER_MS) } },
    _count: { _all: true },
    _min: { receivedAt: true },
  });
  const integrations = stuck.length
    ? await tx.integration.findMany({ where: { shopId, id: { in: stuck.map((s) => s.integrationId) } }, select: { id: true, name: true } })
    : [];
  const name = new Map(integrations.map((i) => [i.id, i.name]));
  const keys = new Set<string>();
  for (const s of stuck) {
    const key = `stuck:${s.integrationId}`;
    keys.add(key);
    ctx.tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "STUCK_INBOX",
          key,
          businessDate: ctx.businessDate,
          message: `${s._count._all} deliveries from ${name.get(s.integrationId) ?? "a POS"} have waited more than 5 minutes to be processed.`,
          details: { integrationId: s.integrationId, pending: s._count._all, oldest: s._min.receivedAt?.toISOString() ?? null },
        },
        ctx.now,
      ),
    );
  }
  ctx.result.anomaliesResolved += await clearConditions(tx, shopId, "STUCK_INBOX", keys, ctx.now);
}

/**
 * Shopify's order_number is one sequence for the whole store. A generic POS may number per
 * register (each location its own sequence) or for the whole shop; its numbers tell which
 * (domain/reconcile.ts#detectNumberingScope).
 */
function numberingScope(kind: string, byLocation: ReadonlyMap<string, readonly number[]>): "integration" | "location" {
  return kind === "shopify" ? "integration" : detectNumberingScope(byLocation);
}

type GapDetails = { integrationId?: string; locationId?: string | null; from?: number; to?: number };

async function presentNumbers(tx: DbTx, shopId: string, d: { integrationId: string; locationId: string | null | undefined; from: number; to: number }) {
  const rows = await tx.order.findMany({
    where: { shopId, integrationId: d.integrationId, ...(d.locationId !== undefined ? { locationId: d.locationId } : {}), orderNumber: { gte: d.from, lte: d.to } },
    select: { orderNumber: true },
  });
  return new Set(rows.map((r) => r.orderNumber ?? -1));
}

async function checkOrderGaps(tx: DbTx, ctx: RunContext) {
  const { shopId } = ctx;
  // Whole shop-local days, from the day before the last run (numbers near the boundary) to today:
  // slicing a day by time would cut numbers a POS hands out out of time order.
  const today = businessDateOf(ctx.now, ctx.timeZone);
  const fromDate = businessDateOf(new Date(lookbackStart(ctx).getTime() - 86_400_000), ctx.timeZone);
  const orders = await tx.order.findMany({
    where: { shopId, orderNumber: { not: null }, businessDate: { gte: fromDate, lte: today } },
    select: { integrationId: true, locationId: true, orderNumber: true, integration: { select: { name: true, kind: true } } },
  });
  type Sequence = { integrationId: string; integrationName: string; locationId: string | null | undefined; numbers: number[] };
  const byIntegration = new Map<string, { name: string; kind: string; byLocation: Map<string, number[]> }>();
  for (const o of orders) {
    if (o.orderNumber === null) continue;
    const entry = byIntegration.get(o.integrationId) ?? { name: o.integration.name, kind: o.integration.kind, byLocation: new Map<string, number[]>() };
    const location = o.locationId ?? "-";
    appendTo(entry.byLocation, location, o.orderNumber);
    byIntegration.set(o.integrationId, entry);
  }
  const sequences = new Map<string, Sequence>();
  for (const [integrationId, entry] of byIntegration) {
    if (numberingScope(entry.kind, entry.byLocation) === "integration") {
      sequences.set(integrationId, { integrationId, integrationName: entry.name, locationId: undefined, numbers: [...entry.byLocation.values()].flat() });
      continue;
    }
    for (const [location, numbers] of entry.byLocation) {
      sequences.set(`${integrationId}:${location}`, { integrationId, integrationName: entry.name, locationId: location === "-" ? null : location, numbers });
    }
  }
  const locationIds = [...new Set([...sequences.values()].map((s) => s.locationId).filter((id): id is string => !!id))];
  const locations = locationIds.length ? await tx.location.findMany({ where: { shopId, id: { in: locationIds } }, select: { id: true, name: true } }) : [];
  const locationName = new Map(locations.map((l) => [l.id, l.name]));

  for (const [seqId, seq] of sequences) {
    for (const candidate of findOrderNumberGaps(seq.numbers)) {
      // An order dated outside the window may hold some of these numbers: only the truly missing ones count.
      const present = await presentNumbers(tx, shopId, { integrationId: seq.integrationId, locationId: seq.locationId, from: candidate.from, to: candidate.to });
      const inside = [...present].filter((n) => n >= candidate.from && n <= candidate.to);
      for (const gap of findOrderNumberGaps([candidate.from - 1, ...inside, candidate.to + 1])) {
        const missing = gap.to - gap.from + 1;
        const where = seq.locationId ? ` at ${locationName.get(seq.locationId) ?? "an unknown location"}` : "";
        ctx.tally(
          await raiseAnomaly(
            tx,
            shopId,
            {
              kind: "ORDER_GAP",
              key: `gap:${seqId}:${gap.from}-${gap.to}`,
              locationId: seq.locationId ?? null,
              businessDate: ctx.businessDate,
              message:
                missing === 1
                  ? `${seq.integrationName} order #${gap.from}${where} never arrived.`
                  : `${seq.integrationName} orders #${gap.from}–#${gap.to}${where} (${missing}) never arrived.`,
              details: { integrationId: seq.integrationId, ...(seq.locationId !== undefined ? { locationId: seq.locationId } : {}), from: gap.from, to: gap.to, missing },
            },
            ctx.now,
          ),
        );
      }
    }
  }
  // A gap closes when the late orders arrive (an edge POS that was offline catches up).
  const open = await tx.anomaly.findMany({ where: { shopId, kind: "ORDER_GAP", status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true, details: true } });
  const filled: string[] = [];
  for (const a of open) {
    const d = JSON.parse(a.details) as GapDetails;
    if (!d.integrationId || typeof d.from !== "number" || typeof d.to !== "number") continue;
    const present = await presentNumbers(tx, shopId, { integrationId: d.integrationId, locationId: "locationId" in d ? d.locationId : undefined, from: d.from, to: d.to });
    if (isGapFilled({ from: d.from, to: d.to }, present)) filled.push(a.id);
  }
  ctx.result.anomaliesResolved += await resolveAnomalies(tx, shopId, filled, ctx.now);
}

/** Whether the shop's daily reconciliation is due: past the local reconcile time and not yet run since. */
export async function isReconciliationDue(db: DbTx, shop: { id: string; timeZone: string }, now: Date): Promise<boolean> {
  const today = businessDateOf(now, shop.timeZone);
  const dueAt = zonedTimeToUtc(today, RECONCILE_LOCAL_TIME, shop.timeZone);
  if (now < dueAt) return false;
  const last = await lastRunAt(db, shop.id);
  return !last || last < dueAt;
}

/** Recent reconciliation runs of a shop, newest first. */
export async function listReconciliationRuns(db: DbTx, shopId: string, take = 10) {
  const runs = await db.jobRun.findMany({
    where: { name: RECONCILIATION_JOB, shopId },
    orderBy: { startedAt: "desc" },
    take,
    select: { id: true, status: true, startedAt: true, durationMs: true, summary: true, error: true },
  });
  return runs.map((r) => ({ ...r, result: r.summary ? (JSON.parse(r.summary) as ReconciliationResult) : null }));
}

/** What the reconciliation page needs to pick a location and a day: the shop's zone, today there, its active locations. */
export async function getReconciliationOverview(db: DbTx, shopId: string, now = new Date()) {
  const [shop, locations] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } }),
    db.location.findMany({ where: { shopId, active: true }, select: { id: true, code: true, name: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { timeZone: shop.timeZone, today: businessDateOf(now, shop.timeZone), locations };
}
