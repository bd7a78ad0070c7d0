import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { valueMinor } from "../domain/reconcile";
import type { CloseStockLine, CloseSummary } from "../domain/reconcile-close";
import { addDays, businessDateOf, businessDayRange, isValidDate } from "../domain/shift-time";

async function stockLines(db: DbTx, shopId: string, locationId: string, types: string[], range: { start: Date; end: Date }, sign: 1 | -1) {
  const sums = await db.stockMovement.groupBy({
    by: ["componentId"],
    where: { shopId, locationId, type: { in: types }, occurredAt: { gte: range.start, lt: range.end } },
    _sum: { quantity: true },
  });
  const nonZero = sums.filter((s) => (s._sum.quantity ?? 0) !== 0);
  if (nonZero.length === 0) return { lines: [] as CloseStockLine[], totalValueMinor: 0 };
  const components = await db.component.findMany({
    where: { shopId, id: { in: nonZero.map((s) => s.componentId) } },
    select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true },
  });
  const byId = new Map(components.map((c) => [c.id, c]));
  const lines = nonZero
    .map((s) => {
      const c = byId.get(s.componentId);
      const quantity = sign * (s._sum.quantity ?? 0);
      return { code: c?.code ?? "?", name: c?.name ?? "Unknown", unit: c?.unit ?? "", quantity, valueMinor: valueMinor(quantity, c?.costPerUnitMilli ?? 0) };
    })
    .sort((a, b) => Math.abs(b.valueMinor) - Math.abs(a.valueMinor) || a.code.localeCompare(b.code));
  return { lines, totalValueMinor: lines.reduce((t, l) => t + l.valueMinor, 0) };
}

/** Builds the close report of one location for one shop-local business date (nothing stored). */
export async function computeDailyClose(db: DbTx, shopId: string, locationId: string, businessDate: string, now = new Date()): Promise<CloseSummary> {
  if (!isValidDate(businessDate)) throw invalidFields("Bad date", { businessDate: "Use a date like 2026-11-23." });
  const [shop, location] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true, currency: true } }),
    db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true, code: true, name: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  const range = businessDayRange(businessDate, shop.timeZone);
  const [byChannel, cancelled, waste, variance, anomalies] = await Promise.all([
    db.order.groupBy({
      by: ["channel"],
      where: { shopId, locationId, businessDate, status: { not: "CANCELLED" } },
      _count: { _all: true },
      _sum: { subtotalMinor: true, refundedMinor: true },
    }),
    db.order.count({ where: { shopId, locationId, businessDate, status: "CANCELLED" } }),
    // Waste is stored negative; the report shows what was thrown away as a positive amount.
    stockLines(db, shopId, locationId, ["WASTE"], range, -1),
    stockLines(db, shopId, locationId, ["COUNT_ADJUSTMENT", "RECONCILIATION"], range, 1),
    db.anomaly.findMany({
      where: { shopId, createdAt: { gte: range.start, lt: range.end }, OR: [{ locationId }, { locationId: null }] },
      select: { kind: true, message: true, status: true, locationId: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const salesByChannel = byChannel
    .map((c) => {
      const grossMinor = c._sum.subtotalMinor ?? 0;
      const refundedMinor = c._sum.refundedMinor ?? 0;
      return { channel: c.channel, orders: c._count._all, grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
    })
    .sort((a, b) => b.netMinor - a.netMinor || a.channel.localeCompare(b.channel));
  const sum = (f: (c: (typeof salesByChannel)[number]) => number) => salesByChannel.reduce((t, c) => t + f(c), 0);
  return {
    businessDate,
    location: { code: location.code, name: location.name },
    currency: shop.currency,
    orders: sum((c) => c.orders),
    cancelledOrders: cancelled,
    grossMinor: sum((c) => c.grossMinor),
    refundedMinor: sum((c) => c.refundedMinor),
    netMinor: sum((c) => c.netMinor),
    salesByChannel,
    waste,
    variance,
    anomalies: anomalies.map((a) => ({ kind: a.kind, message: a.message, status: a.status, scope: a.locationId ? ("location" as const) : ("shop" as const) })),
    closedAt: now.toISOString(),
  };
}

/** Computes and stores (or refreshes) the close of one location and date. */
export async function closeDay(db: DbTx, shopId: string, locationId: string, businessDate: string, now = new Date()) {
  const summary = await computeDailyClose(db, shopId, locationId, businessDate, now);
  const row = await db.dailyClose.upsert({
    where: { locationId_businessDate: { locationId, businessDate } },
    create: { shopId, locationId, businessDate, summary: JSON.stringify(summary), createdAt: now },
    update: { summary: JSON.stringify(summary), createdAt: now },
    select: { id: true },
  });
  return { id: row.id, summary };
}

/** Closes yesterday (shop-local) for every active location that has no close yet; returns how many. */
export async function closeMissingDays(db: DbTx, shop: { id: string; timeZone: string }, now = new Date()): Promise<number> {
  const yesterday = addDays(businessDateOf(now, shop.timeZone), -1);
  const locations = await db.location.findMany({ where: { shopId: shop.id, active: true }, select: { id: true } });
  const existing = await db.dailyClose.findMany({ where: { shopId: shop.id, businessDate: yesterday }, select: { locationId: true } });
  const done = new Set(existing.map((e) => e.locationId));
  let closed = 0;
  for (const l of locations) {
    if (done.has(l.id)) continue;
    await closeDay(db, shop.id, l.id, yesterday, now);
    closed++;
  }
  return closed;
}

function parseSummary(text: string): CloseSummary {
  return JSON.parse(text) as CloseSummary;
}

export async function listDailyCloses(db: DbTx, shopId: string, input: { locationId?: string | null; from?: string; to?: string; take?: number }) {
  const rows = await db.dailyClose.findMany({
    where: {
      shopId,
      ...(input.locationId ? { locationId: input.locationId } : {}),
      ...(input.from || input.to ? { businessDate: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } } : {}),
    },
    orderBy: [{ businessDate: "desc" }, { locationId: "asc" }],
    take: input.take ?? 120,
    select: { id: true, locationId: true, businessDate: true, summary: true, createdAt: true },
  });
  return rows.map((r) => {
    const s = parseSummary(r.summary);
    return {
      id: r.id,
      locationId: r.locationId,
      businessDate: r.businessDate,
      closedAt: r.createdAt,
      location: s.location,
      currency: s.currency,
      orders: s.orders,
      netMinor: s.netMinor,
      wasteValueMinor: s.waste.totalValueMinor,
      varianceValueMinor: s.variance.totalValueMinor,
      anomalies: s.anomalies.length,
    };
  });
}

export async function getDailyClose(db: DbTx, shopId: string, id: string) {
  const row = await db.dailyClose.findFirst({ where: { id, shopId }, select: { id: true, businessDate: true, summary: true, createdAt: true } });
  if (!row) throw new DomainError("NOT_FOUND", "Daily close not found.");
  return { id: row.id, closedAt: row.createdAt, summary: parseSummary(row.summary) };
}

/** Full summaries for a CSV export (one close, or a location's/shop's range). */
export async function exportDailyCloses(db: DbTx, shopId: string, input: { id?: string; locationId?: string; from?: string; to?: string }) {
  if (input.id) return [(await getDailyClose(db, shopId, input.id)).summary];
  const rows = await db.dailyClose.findMany({
    where: {
      shopId,
      ...(input.locationId ? { locationId: input.locationId } : {}),
      businessDate: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) },
    },
    orderBy: [{ businessDate: "asc" }, { locationId: "asc" }],
    take: 2000,
    select: { summary: true },
  });
  return rows.map((r) => parseSummary(r.summary));
}
