import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { valueMinor } from "../domain/reconcile";
import type { CloseStockLine, CloseSummary } from "../domain/reconcile-close";
import { hasRole, isRole, MANAGERS } from "../domain/roles";
import { addDays, businessDateOf, businessDayRange, isValidDate } from "../domain/shift-time";
import type { SessionUser } from "./sign-in";

/** After downtime, missing closes are written for at most this many past days. */
export const MAX_BACKFILL_DAYS = 31;

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
    // Anomalies reported for this day: the nightly run raises them after midnight, for the day it closes.
    db.anomaly.findMany({
      where: { shopId, businessDate, OR: [{ locationId }, { locationId: null }] },
      select: { kind: true, message: true, status: true, locationId: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
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

/**
 * Writes every close still missing, per active location, from yesterday (shop-local) back to the
 * day the location was added, at most MAX_BACKFILL_DAYS: after downtime no day goes unclosed.
 * Existing closes are left as they are. Returns how many were written.
 */
export async function closeMissingDays(db: DbTx, shop: { id: string; timeZone: string }, now = new Date()): Promise<number> {
  const yesterday = addDays(businessDateOf(now, shop.timeZone), -1);
  const earliest = addDays(yesterday, -(MAX_BACKFILL_DAYS - 1));
  const locations = await db.location.findMany({ where: { shopId: shop.id, active: true }, select: { id: true, createdAt: true } });
  const existing = await db.dailyClose.findMany({
    where: { shopId: shop.id, businessDate: { gte: earliest, lte: yesterday } },
    select: { locationId: true, businessDate: true },
  });
  const done = new Set(existing.map((e) => `${e.locationId}:${e.businessDate}`));
  let closed = 0;
  for (const l of locations) {
    const opened = businessDateOf(l.createdAt, shop.timeZone);
    for (let day = opened > earliest ? opened : earliest; day <= yesterday; day = addDays(day, 1)) {
      if (done.has(`${l.id}:${day}`)) continue;
      await closeDay(db, shop.id, l.id, day, now);
      closed++;
    }
  }
  return closed;
}

/** A manager (re)computes a close by hand: any past day or today, never a day still to come. */
export async function closeDayOnDemand(db: DbTx, shopId: string, input: { locationId: string; businessDate: string }, now = new Date()) {
  if (!isValidDate(input.businessDate)) throw invalidFields("Bad date", { businessDate: "Use a date like 2026-11-23." });
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  if (input.businessDate > businessDateOf(now, shop.timeZone)) {
    throw invalidFields("That day has not happened yet.", { businessDate: "Pick today or an earlier day." });
  }
  const { id } = await closeDay(db, shopId, input.locationId, input.businessDate, now);
  return { id };
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

/** Daily close reports are for owners and managers; the role is re-read from the membership. */
export async function requireCloseReader(db: DbTx, user: SessionUser | null): Promise<{ shopId: string }> {
  if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to download reports.");
  const membership = await db.membership.findUnique({ where: { userId_shopId: { userId: user.id, shopId: user.shopId } }, select: { role: true } });
  if (!membership || !isRole(membership.role)) throw new DomainError("UNAUTHORIZED", "Your access to this shop has ended.");
  if (!hasRole(membership.role, MANAGERS)) throw new DomainError("FORBIDDEN", "Only owners and managers can download daily close reports.");
  return { shopId: user.shopId };
}

/**
 * Full summaries for a CSV export, for the caller's shop only: one close (`id`), or a range of
 * dates for one location or the whole shop. Also names the file.
 */
export async function exportDailyCloses(db: DbTx, user: SessionUser | null, input: { id?: string; locationId?: string; from?: string; to?: string }) {
  const { shopId } = await requireCloseReader(db, user);
  for (const name of ["from", "to"] as const) {
    const value = input[name];
    if (value !== undefined && !isValidDate(value)) throw new DomainError("BAD_REQUEST", `"${name}" must be a date like 2026-11-23.`);
  }
  if (!input.id && !input.from && !input.to) throw new DomainError("BAD_REQUEST", 'Pass "id" for one close or "from"/"to" for a range.');
  if (input.id) {
    const summary = (await getDailyClose(db, shopId, input.id)).summary;
    return { summaries: [summary], filename: `daily-close-${summary.location.code}-${summary.businessDate}.csv` };
  }
  if (input.locationId) {
    const location = await db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } });
    if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  }
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
  return { summaries: rows.map((r) => parseSummary(r.summary)), filename: `daily-close-${input.from ?? "start"}-to-${input.to ?? "today"}.csv` };
}
