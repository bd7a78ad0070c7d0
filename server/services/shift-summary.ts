import type { DbTx } from "../db";
import { addDays, businessDateOf, businessDayRange, currentAndPreviousShift, type ShiftWindow } from "../domain/shift-time";
import { requireActorLocation, type Actor } from "./shifts";
import { statusAt } from "../domain/drop-lifecycle";

type Window = { label: string; start: Date; end: Date };

async function salesIn(db: DbTx, shopId: string, locationId: string, window: Window, timeZone: string) {
  const dates = new Set([businessDateOf(window.start, timeZone), businessDateOf(new Date(window.end.getTime() - 1), timeZone)]);
  const orderWhere = {
    shopId,
    locationId,
    businessDate: { in: [...dates] },
    placedAt: { gte: window.start, lt: window.end },
    status: { not: "CANCELLED" },
  };
  const [totals, top] = await Promise.all([
    db.order.aggregate({ where: orderWhere, _count: { _all: true }, _sum: { subtotalMinor: true, refundedMinor: true } }),
    db.orderLine.groupBy({
      by: ["sku"],
      where: { shopId, locationId, businessDate: { in: [...dates] }, parentLineNo: null, order: orderWhere },
      _sum: { quantity: true, refundedQty: true },
      orderBy: { _sum: { quantity: "desc" } },
      take: 5,
    }),
  ]);
  const skus = top.map((t) => t.sku);
  const products = skus.length ? await db.product.findMany({ where: { shopId, sku: { in: skus } }, select: { sku: true, name: true } }) : [];
  const names = new Map(products.map((p) => [p.sku, p.name]));
  return {
    label: window.label,
    start: window.start,
    end: window.end,
    orders: totals._count._all,
    revenueMinor: (totals._sum.subtotalMinor ?? 0) - (totals._sum.refundedMinor ?? 0),
    topProducts: top.map((t) => ({ sku: t.sku, name: names.get(t.sku) ?? t.sku, quantity: (t._sum.quantity ?? 0) - (t._sum.refundedQty ?? 0) })),
  };
}

function asWindow(w: ShiftWindow, now: Date): Window {
  return { label: w.shift.name, start: w.start, end: w.end < now ? w.end : now };
}

/**
 * What the next shift needs at a glance for one location: sales of the current and previous shift
 * (or today and yesterday when no shifts are defined), low and negative stock, open resupply,
 * drops coming up and anomalies still open.
 */
export async function getShiftSummary(db: DbTx, actor: Actor, input: { locationId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const location = await requireActorLocation(db, actor, input.locationId);
  const shop = await db.shop.findUniqueOrThrow({ where: { id: actor.shopId }, select: { timeZone: true, currency: true } });
  const tz = shop.timeZone;
  const shifts = await db.shift.findMany({
    where: { shopId: actor.shopId, locationId: location.id, active: true },
    select: { id: true, name: true, startTime: true, endTime: true },
  });
  const { current, previous } = currentAndPreviousShift(shifts, now, tz);
  const today = businessDateOf(now, tz);
  const windows: Window[] = current
    ? current.end > now
      ? [asWindow(current, now), ...(previous ? [asWindow(previous, now)] : [])]
      : // Between shifts: what sold since the last one ended, then that shift itself.
        [{ label: "Since last shift", start: current.end, end: now }, asWindow(current, now)]
    : [
        { label: "Today", start: businessDayRange(today, tz).start, end: now },
        { label: "Yesterday", ...businessDayRange(addDays(today, -1), tz) },
      ];

  const [sales, balances, rules, suggestions, drops, anomalies] = await Promise.all([
    Promise.all(windows.map((w) => salesIn(db, actor.shopId, location.id, w, tz))),
    db.stockBalance.findMany({
      where: { shopId: actor.shopId, locationId: location.id },
      select: { componentId: true, onHand: true, component: { select: { code: true, name: true, unit: true } } },
    }),
    db.resupplyRule.findMany({ where: { shopId: actor.shopId, locationId: location.id, active: true }, select: { componentId: true, reorderPoint: true, targetLevel: true } }),
    db.resupplySuggestion.findMany({
      where: { shopId: actor.shopId, locationId: location.id, status: { in: ["DRAFT", "SENT", "PARTIAL"] } },
      select: { id: true, status: true, windowAt: true, supplier: { select: { name: true } }, _count: { select: { lines: true } } },
      orderBy: { windowAt: "asc" },
      take: 10,
    }),
    db.drop.findMany({
      where: {
        shopId: actor.shopId,
        locationId: location.id,
        // By the window, not only the stored status: the lifecycle job may not have run yet.
        status: { in: ["LIVE", "SCHEDULED"] },
        endsAt: { gt: now },
        startsAt: { lte: new Date(now.getTime() + 3 * 86_400_000) },
      },
      select: { id: true, name: true, status: true, startsAt: true, endsAt: true },
      orderBy: { startsAt: "asc" },
      take: 5,
    }),
    db.anomaly.findMany({
      where: { shopId: actor.shopId, status: { in: ["OPEN", "ACKNOWLEDGED"] }, OR: [{ locationId: location.id }, { locationId: null }] },
      select: { id: true, kind: true, message: true, status: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      take: 10,
    }),
  ]);

  const ruleOf = new Map(rules.map((r) => [r.componentId, r]));
  const stockAlerts = balances
    .map((b) => {
      const rule = ruleOf.get(b.componentId);
      const level = b.onHand < 0 ? ("negative" as const) : rule && b.onHand <= rule.reorderPoint ? ("low" as const) : null;
      return level ? { componentId: b.componentId, ...b.component, onHand: b.onHand, reorderPoint: rule?.reorderPoint ?? null, level } : null;
    })
    .filter((a) => a !== null)
    .sort((a, b) => (a.level === b.level ? a.onHand - b.onHand : a.level === "negative" ? -1 : 1));

  return {
    location,
    timeZone: tz,
    currency: shop.currency,
    shiftDefined: shifts.length > 0,
    sales,
    stockAlerts,
    openResupply: suggestions.map((s) => ({ id: s.id, status: s.status, windowAt: s.windowAt, supplier: s.supplier?.name ?? null, lines: s._count.lines })),
    upcomingDrops: drops.map((d) => ({ ...d, status: statusAt(d, now) })),
    openAnomalies: anomalies,
  };
}
