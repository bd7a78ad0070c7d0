import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import {
  buildUsageProfile,
  DEFAULT_WEEKS,
  findStockout,
  forecastUsage,
  HOUR_MS,
  projectCurve,
  slotFunction,
  WEEK_MS,
  type HourlyUsage,
  type Incoming,
  type SlotOf,
  type UsageProfile,
} from "../domain/forecast";
import { OPEN_STATUSES } from "../domain/resupply";

export type StockProjection = { onHand: number; usage: number; incoming: number; projected: number };

/** Hourly SALE usage per component at a location since `since`, grouped in SQL. */
export async function loadHourlyUsage(
  db: DbTx,
  shopId: string,
  locationId: string,
  since: Date,
  until: Date,
  componentId?: string,
): Promise<Map<string, HourlyUsage[]>> {
  // Dates are stored as ISO text by the SQLite adapter (integers if configured for epoch ms);
  // the CASE keeps the hour bucket right either way.
  const rows = await db.$queryRawUnsafe<{ componentId: string; hour: number | bigint; used: number | bigint }[]>(
    `SELECT componentId,
            CASE WHEN typeof(occurredAt) = 'integer' THEN occurredAt / 3600000
                 ELSE CAST(strftime('%s', occurredAt) AS INTEGER) / 3600 END AS hour,
            -SUM(quantity) AS used
       FROM StockMovement
      WHERE shopId = ? AND locationId = ? AND type = 'SALE' AND occurredAt >= ? AND occurredAt < ?
            ${componentId ? "AND componentId = ?" : ""}
      GROUP BY componentId, hour`,
    shopId,
    locationId,
    since,
    until,
    ...(componentId ? [componentId] : []),
  );
  const out = new Map<string, HourlyUsage[]>();
  for (const r of rows) {
    const list = out.get(r.componentId) ?? [];
    list.push({ hourStart: Number(r.hour) * HOUR_MS, quantity: Number(r.used) });
    out.set(r.componentId, list);
  }
  return out;
}

export type LocationForecast = {
  timeZone: string;
  slotOf: SlotOf;
  profiles: Map<string, UsageProfile>;
};

/** Weekday×hour usage profiles of every component sold at a location, learned up to `now`. */
export async function loadLocationForecast(
  db: DbTx,
  shopId: string,
  locationId: string,
  now: Date,
  componentId?: string,
): Promise<LocationForecast> {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { shop: { select: { timeZone: true } } } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  const timeZone = location.shop.timeZone;
  const slotOf = slotFunction(timeZone);
  const since = new Date(now.getTime() - DEFAULT_WEEKS * WEEK_MS);
  const usage = await loadHourlyUsage(db, shopId, locationId, since, now, componentId);
  const profiles = new Map<string, UsageProfile>();
  for (const [id, series] of usage) profiles.set(id, buildUsageProfile(series, { now: now.getTime(), slotOf }));
  return { timeZone, slotOf, profiles };
}

/** Open resupply lines at a location (not yet received), as incoming stock by component. */
export async function loadIncoming(
  db: DbTx,
  shopId: string,
  locationId: string,
  componentId?: string,
): Promise<Map<string, Incoming[]>> {
  const lines = await db.resupplyLine.findMany({
    where: {
      ...(componentId ? { componentId } : {}),
      suggestion: { shopId, locationId, status: { in: [...OPEN_STATUSES] } },
    },
    select: { componentId: true, quantity: true, receivedQty: true, suggestion: { select: { windowAt: true } } },
  });
  const out = new Map<string, Incoming[]>();
  for (const l of lines) {
    const remaining = l.quantity - l.receivedQty;
    if (remaining <= 0) continue;
    const list = out.get(l.componentId) ?? [];
    list.push({ at: l.suggestion.windowAt.getTime(), quantity: remaining });
    out.set(l.componentId, list);
  }
  return out;
}

/**
 * Projected stock of every component at a location at `at`: on-hand now, less forecast usage from
 * `now` until `at`, plus open resupply due by then. Drops (feasibility) and shift summaries use it.
 */
export async function projectStock(
  db: DbTx,
  shopId: string,
  input: { locationId: string; at: Date; now?: Date },
): Promise<Map<string, StockProjection>> {
  const now = input.now ?? new Date();
  const forecast = await loadLocationForecast(db, shopId, input.locationId, now);
  const [balances, incoming, components] = await Promise.all([
    db.stockBalance.findMany({ where: { shopId, locationId: input.locationId }, select: { componentId: true, onHand: true } }),
    loadIncoming(db, shopId, input.locationId),
    db.component.findMany({ where: { shopId }, select: { id: true } }),
  ]);
  const onHandOf = new Map(balances.map((b) => [b.componentId, b.onHand]));
  const from = now.getTime();
  const to = Math.max(from, input.at.getTime());
  const out = new Map<string, StockProjection>();
  for (const { id } of components) {
    const onHand = onHandOf.get(id) ?? 0;
    const profile = forecast.profiles.get(id);
    const usage = profile ? Math.round(forecastUsage(profile, from, to, forecast.slotOf)) : 0;
    const due = (incoming.get(id) ?? []).filter((i) => i.at <= to).reduce((s, i) => s + i.quantity, 0);
    out.set(id, { onHand, usage, incoming: due, projected: onHand - usage + due });
  }
  return out;
}

export type ComponentForecast = {
  history: { at: number; onHand: number }[];
  projection: { at: number; projected: number }[];
  incoming: Incoming[];
  stockoutAt: number | null;
  dailyUsage: number;
};

/**
 * The chart series for one component at one location: on-hand over the past `historyHours`
 * (rebuilt backwards from the balance and the ledger), and the projection `horizonHours` ahead.
 */
export async function forecastComponent(
  db: DbTx,
  shopId: string,
  input: { locationId: string; componentId: string; now?: Date; historyHours?: number; horizonHours?: number },
): Promise<ComponentForecast> {
  const now = input.now ?? new Date();
  const historyHours = input.historyHours ?? 48;
  const horizonHours = input.horizonHours ?? 72;
  const component = await db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true } });
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  const forecast = await loadLocationForecast(db, shopId, input.locationId, now, input.componentId);
  const profile = forecast.profiles.get(input.componentId) ?? buildUsageProfile([], { now: now.getTime(), slotOf: forecast.slotOf });
  const [balance, incomingMap, recent] = await Promise.all([
    db.stockBalance.findUnique({
      where: { locationId_componentId: { locationId: input.locationId, componentId: input.componentId } },
      select: { onHand: true },
    }),
    loadIncoming(db, shopId, input.locationId, input.componentId),
    db.stockMovement.findMany({
      where: {
        shopId,
        locationId: input.locationId,
        componentId: input.componentId,
        occurredAt: { gte: new Date(now.getTime() - historyHours * HOUR_MS) },
      },
      select: { quantity: true, occurredAt: true },
    }),
  ]);
  const onHand = balance?.onHand ?? 0;
  const incoming = incomingMap.get(input.componentId) ?? [];
  // Walk back hour by hour: on-hand at the end of an hour = later on-hand − that hour's later deltas.
  const history: { at: number; onHand: number }[] = [];
  const endHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const deltaAfter = (t: number) =>
    recent.filter((m) => m.occurredAt.getTime() > t && m.occurredAt.getTime() <= now.getTime()).reduce((s, m) => s + m.quantity, 0);
  for (let h = historyHours; h >= 0; h--) {
    const at = endHour - h * HOUR_MS;
    history.push({ at, onHand: onHand - deltaAfter(at) });
  }
  history.push({ at: now.getTime(), onHand });
  const from = now.getTime();
  const stepMs = HOUR_MS;
  const projection = projectCurve({
    onHand,
    profile,
    incoming,
    from,
    to: from + horizonHours * HOUR_MS,
    stepMs,
    slotOf: forecast.slotOf,
  });
  const stockoutAt = findStockout({ onHand, profile, incoming, from, horizonMs: 14 * 24 * HOUR_MS, slotOf: forecast.slotOf });
  const dailyUsage = profile.perSlot.reduce((s, v) => s + v, 0) / 7;
  return { history, projection, incoming, stockoutAt, dailyUsage };
}
