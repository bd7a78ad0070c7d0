import type { Db, DbTx } from "../db";
import { DEFAULT_VARIANCE_THRESHOLD, findOrderNumberGaps, isGapFilled, isVarianceAnomalous, reconcileCount } from "../domain/reconcile";
import { addDays, zonedTimeToUtc, businessDateOf } from "../domain/shift-time";
import { raiseAnomaly, resolveAnomalies } from "./anomalies";
import { appendMovements } from "./ledger";

export const RECONCILIATION_JOB = "reconciliation";
/** Local hour after which the overnight reconciliation of a shop runs (shops have closed by then). */
export const RECONCILE_LOCAL_TIME = "04:00";
/** Inbox entries still PENDING after this long are reported as stuck. */
export const STUCK_AFTER_MS = 5 * 60 * 1000;
const FIRST_RUN_LOOKBACK_MS = 7 * 86_400_000;
/** Counts reconciled before stay in view this long, so late POS events before a count are still closed. */
const LATE_EVENT_LOOKBACK_MS = 24 * 3_600_000;
const GAP_LOOKBACK_DAYS = 2;
const UNMAPPED_LOOKBACK_DAYS = 30;

export type ReconciliationResult = {
  shopId: string;
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

/**
 * Reconciles one shop: closes the gap between the latest physical counts and the ledger, and
 * raises (or resolves) anomalies. Idempotent: adjustments carry their count's id and anomalies
 * their key, so a second run the same day writes nothing new.
 */
export async function reconcileShop(db: Db, shopId: string, now = new Date()): Promise<ReconciliationResult> {
  const started = Date.now();
  const previous = await lastRunAt(db, shopId);
  const since = previous ? new Date(previous.getTime() - LATE_EVENT_LOOKBACK_MS) : new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
  const result: ReconciliationResult = { shopId, countsChecked: 0, adjustments: 0, anomaliesRaised: 0, anomaliesResolved: 0 };
  const tally = (r: { decision: string }) => {
    if (r.decision === "create" || r.decision === "reopen") result.anomaliesRaised++;
  };

  // One short transaction per check: SQLite has one writer, and POS ingestion must not wait for
  // the whole run. Each check is idempotent on its own, so a crash between two loses nothing.
  await db.$transaction((tx) => reconcileCounts(tx, shopId, since, now, result, tally));
  await db.$transaction((tx) => checkNegativeStock(tx, shopId, now, result, tally));
  await db.$transaction((tx) => checkUnmappedSkus(tx, shopId, now, result, tally));
  await db.$transaction((tx) => checkInbox(tx, shopId, now, result, tally));
  await db.$transaction((tx) => checkOrderGaps(tx, shopId, now, result, tally));
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

type Tally = (r: { decision: string }) => void;

async function reconcileCounts(tx: DbTx, shopId: string, since: Date, now: Date, result: ReconciliationResult, tally: Tally) {
  const counts = await tx.stockCount.findMany({
    where: { shopId, countedAt: { gt: since, lte: now } },
    orderBy: { countedAt: "desc" },
    select: {
      id: true,
      locationId: true,
      componentId: true,
      counted: true,
      countedAt: true,
      component: { select: { code: true, name: true, unit: true, costPerUnitMilli: true } },
      location: { select: { code: true, name: true } },
    },
  });
  // Only the latest count of each component at each location speaks for it.
  const latest = new Map<string, (typeof counts)[number]>();
  for (const c of counts) if (!latest.has(`${c.locationId}:${c.componentId}`)) latest.set(`${c.locationId}:${c.componentId}`, c);

  for (const count of latest.values()) {
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
    if (isVarianceAnomalous(variance, ledgerAtCount, count.component.unit, DEFAULT_VARIANCE_THRESHOLD)) {
      tally(
        await raiseAnomaly(
          tx,
          shopId,
          {
            kind: "VARIANCE",
            key: `variance:${count.id}`,
            locationId: count.locationId,
            recurring: false,
            message: `${count.component.name} at ${count.location.name}: counted ${count.counted} ${count.component.unit}, the ledger expected ${ledgerAtCount} ${count.component.unit} (${variance > 0 ? "+" : ""}${variance} ${count.component.unit}).`,
            details: {
              countId: count.id,
              component: count.component.code,
              location: count.location.code,
              counted: count.counted,
              expected: ledgerAtCount,
              variance,
              unit: count.component.unit,
              countedAt: count.countedAt.toISOString(),
            },
          },
          now,
        ),
      );
    }
  }
}

async function checkNegativeStock(tx: DbTx, shopId: string, now: Date, result: ReconciliationResult, tally: Tally) {
  const negative = await tx.stockBalance.findMany({
    where: { shopId, onHand: { lt: 0 } },
    select: { locationId: true, componentId: true, onHand: true, component: { select: { code: true, name: true, unit: true } }, location: { select: { code: true, name: true } } },
  });
  const keys = new Set<string>();
  for (const b of negative) {
    const key = `negative:${b.locationId}:${b.componentId}`;
    keys.add(key);
    tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "NEGATIVE_STOCK",
          key,
          locationId: b.locationId,
          recurring: true,
          message: `${b.component.name} at ${b.location.name} is at ${b.onHand} ${b.component.unit}: sales went past what was counted or received.`,
          details: { component: b.component.code, location: b.location.code, onHand: b.onHand, unit: b.component.unit },
        },
        now,
      ),
    );
  }
  const open = await tx.anomaly.findMany({ where: { shopId, kind: "NEGATIVE_STOCK", status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true, key: true } });
  result.anomaliesResolved += await resolveAnomalies(tx, shopId, open.filter((a) => !keys.has(a.key)).map((a) => a.id), now);
}

async function checkUnmappedSkus(tx: DbTx, shopId: string, now: Date, result: ReconciliationResult, tally: Tally) {
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  const fromDate = businessDateOf(new Date(now.getTime() - UNMAPPED_LOOKBACK_DAYS * 86_400_000), shop.timeZone);
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
    tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "UNMAPPED_SKU",
          key,
          recurring: true,
          message: `POS SKU "${u.sku}" is not in the catalog: ${u._count._all} order lines (${u._sum.quantity ?? 0} sold) used no stock. Add the product or map the SKU.`,
          details: { sku: u.sku, lines: u._count._all, quantity: u._sum.quantity ?? 0 },
        },
        now,
      ),
    );
  }
  const open = await tx.anomaly.findMany({ where: { shopId, kind: "UNMAPPED_SKU", status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true, key: true } });
  result.anomaliesResolved += await resolveAnomalies(tx, shopId, open.filter((a) => !keys.has(a.key)).map((a) => a.id), now);
}

async function checkInbox(tx: DbTx, shopId: string, now: Date, result: ReconciliationResult, tally: Tally) {
  const invalid = await tx.webhookDelivery.findMany({
    where: { shopId, status: "INVALID", receivedAt: { gte: new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS) } },
    orderBy: { receivedAt: "desc" },
    take: 100,
    select: { id: true, deliveryId: true, topic: true, error: true, receivedAt: true, integration: { select: { id: true, name: true } } },
  });
  for (const d of invalid) {
    tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "INVALID_DELIVERY",
          key: `invalid:${d.id}`,
          recurring: false,
          message: `${d.integration.name} sent a "${d.topic}" delivery that could not be used: ${(d.error ?? "invalid payload").replace(/\.+$/, "")}.`,
          details: { deliveryId: d.deliveryId, integrationId: d.integration.id, topic: d.topic, error: d.error, receivedAt: d.receivedAt.toISOString() },
        },
        now,
      ),
    );
  }

  const stuck = await tx.webhookDelivery.groupBy({
    by: ["integrationId"],
    where: { shopId, status: "PENDING", receivedAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } },
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
    tally(
      await raiseAnomaly(
        tx,
        shopId,
        {
          kind: "STUCK_INBOX",
          key,
          recurring: true,
          message: `${s._count._all} deliveries from ${name.get(s.integrationId) ?? "a POS"} have waited more than 5 minutes to be processed.`,
          details: { integrationId: s.integrationId, pending: s._count._all, oldest: s._min.receivedAt?.toISOString() ?? null },
        },
        now,
      ),
    );
  }
  const open = await tx.anomaly.findMany({ where: { shopId, kind: "STUCK_INBOX", status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true, key: true } });
  result.anomaliesResolved += await resolveAnomalies(tx, shopId, open.filter((a) => !keys.has(a.key)).map((a) => a.id), now);
}

async function checkOrderGaps(tx: DbTx, shopId: string, now: Date, result: ReconciliationResult, tally: Tally) {
  // Whole shop-local days (yesterday and today): slicing a day by time would cut numbers that a
  // POS hands out per register or out of time order, and report gaps that are not there.
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  const today = businessDateOf(now, shop.timeZone);
  const orders = await tx.order.findMany({
    where: { shopId, orderNumber: { not: null }, businessDate: { gte: addDays(today, -GAP_LOOKBACK_DAYS + 1), lte: today } },
    select: { integrationId: true, orderNumber: true },
  });
  const byIntegration = new Map<string, number[]>();
  for (const o of orders) {
    if (o.orderNumber === null) continue;
    const list = byIntegration.get(o.integrationId) ?? [];
    list.push(o.orderNumber);
    byIntegration.set(o.integrationId, list);
  }
  const integrations = byIntegration.size
    ? await tx.integration.findMany({ where: { shopId, id: { in: [...byIntegration.keys()] } }, select: { id: true, name: true } })
    : [];
  const name = new Map(integrations.map((i) => [i.id, i.name]));
  for (const [integrationId, numbers] of byIntegration) {
    for (const gap of findOrderNumberGaps(numbers)) {
      const missing = gap.to - gap.from + 1;
      tally(
        await raiseAnomaly(
          tx,
          shopId,
          {
            kind: "ORDER_GAP",
            key: `gap:${integrationId}:${gap.from}-${gap.to}`,
            recurring: false,
            message:
              missing === 1
                ? `${name.get(integrationId) ?? "A POS"} order #${gap.from} never arrived.`
                : `${name.get(integrationId) ?? "A POS"} orders #${gap.from}–#${gap.to} (${missing}) never arrived.`,
            details: { integrationId, from: gap.from, to: gap.to, missing },
          },
          now,
        ),
      );
    }
  }
  // A gap closes when the late orders arrive (an edge POS that was offline catches up).
  const open = await tx.anomaly.findMany({ where: { shopId, kind: "ORDER_GAP", status: { in: ["OPEN", "ACKNOWLEDGED"] } }, select: { id: true, details: true } });
  const filled: string[] = [];
  for (const a of open) {
    const d = JSON.parse(a.details) as { integrationId?: string; from?: number; to?: number };
    if (!d.integrationId || typeof d.from !== "number" || typeof d.to !== "number") continue;
    const present = await tx.order.findMany({
      where: { shopId, integrationId: d.integrationId, orderNumber: { gte: d.from, lte: d.to } },
      select: { orderNumber: true },
    });
    if (isGapFilled({ from: d.from, to: d.to }, new Set(present.map((p) => p.orderNumber ?? -1)))) filled.push(a.id);
  }
  result.anomaliesResolved += await resolveAnomalies(tx, shopId, filled, now);
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
