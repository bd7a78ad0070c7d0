import type { Db, DbTx } from "../db";
import { buildHolds, type Hold } from "../domain/allocation";
import { dropSoldOutAt, sellOutMinutes, soldOutTimes, statusAt } from "../domain/drop-lifecycle";
import { utcToZonedLocal, zonedLocalToUtc } from "../domain/drop-time";
import { DomainError, invalidFields } from "../domain/errors";
import {
  checkFeasibility,
  projectionAt,
  type ComponentProjection,
  type DeliveryPlan,
  type IncomingLine,
  type OtherDrop,
  type SupplyTerms,
} from "../domain/feasibility";
import { forecastUsage } from "../domain/forecast";
import { OPEN_STATUSES, windowsForCadence } from "../domain/resupply";
import { allocationRow } from "./allocations";
import { loadDropSales, parseChannels, soldPerProduct } from "./drops-sales";
import { loadLocationForecast } from "./forecast";
import { loadKitGraph } from "./kits";
import { parseCadence, parseWindowList, raiseManualSuggestion } from "./resupply";

export type DropItemInput = { productId: string; cap: number };

export type DropDraft = {
  name: string;
  locationId: string;
  /** Shop-local wall-clock times "YYYY-MM-DDTHH:mm". */
  startsLocal: string;
  endsLocal: string;
  channels: string[];
  announcement?: string;
  campaign?: string | null;
  items: DropItemInput[];
};

export type FeasibilityDraft = Pick<DropDraft, "locationId" | "startsLocal" | "endsLocal" | "items"> & {
  channels?: string[];
  excludeDropId?: string | null;
};

const ACTIVE = ["SCHEDULED", "LIVE"];
const MAX_DROP_HOURS = 14 * 24;

async function shopTimeZone(db: DbTx, shopId: string): Promise<string> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  return shop.timeZone;
}

/** What the planning form and the buffer editor need: locations, products, components, channels, the shop's zone. */
export async function loadDropOptions(db: Db, shopId: string) {
  const [timeZone, locations, products, channels, components] = await Promise.all([
    shopTimeZone(db, shopId),
    db.location.findMany({ where: { shopId, active: true }, select: { id: true, code: true, name: true }, orderBy: { name: "asc" } }),
    db.product.findMany({
      where: { shopId, active: true, isModifier: false },
      select: { id: true, sku: true, name: true, priceMinor: true },
      orderBy: { sku: "asc" },
    }),
    db.channel.findMany({ where: { shopId }, select: { code: true, name: true, color: true }, orderBy: { createdAt: "asc" } }),
    db.component.findMany({ where: { shopId, active: true }, select: { id: true, code: true, name: true, unit: true }, orderBy: { code: "asc" } }),
  ]);
  return { timeZone, locations, products, channels, components };
}

/** Parses and checks a window; field errors name the input that is wrong. */
function parseWindow(startsLocal: string, endsLocal: string, timeZone: string) {
  const fields: Record<string, string> = {};
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  try {
    startsAt = zonedLocalToUtc(startsLocal, timeZone);
  } catch {
    fields.startsLocal = "Pick a start date and time.";
  }
  try {
    endsAt = zonedLocalToUtc(endsLocal, timeZone);
  } catch {
    fields.endsLocal = "Pick an end date and time.";
  }
  if (startsAt && endsAt) {
    if (endsAt <= startsAt) fields.endsLocal = "The drop must end after it starts.";
    else if (endsAt.getTime() - startsAt.getTime() > MAX_DROP_HOURS * 3_600_000) fields.endsLocal = "A drop can last at most 14 days.";
  }
  if (Object.keys(fields).length > 0 || !startsAt || !endsAt) throw invalidFields("Check the drop's start and end.", fields);
  return { startsAt, endsAt };
}

function checkItems(items: readonly DropItemInput[]) {
  const fields: Record<string, string> = {};
  if (items.length === 0) fields.items = "Add at least one product with a cap.";
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.productId)) fields[`items.${i}.productId`] = "This product is already in the drop.";
    seen.add(item.productId);
    if (!Number.isSafeInteger(item.cap) || item.cap < 1) fields[`items.${i}.cap`] = "Cap must be a whole number of at least 1.";
  });
  if (Object.keys(fields).length > 0) throw invalidFields("Check the drop's products.", fields);
}

async function requireLocation(db: DbTx, shopId: string, locationId: string) {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true, code: true, name: true } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.", { fields: { locationId: "Pick a location of this shop." } });
  return location;
}

async function requireProducts(db: DbTx, shopId: string, items: readonly DropItemInput[]) {
  const ids = [...new Set(items.map((i) => i.productId))];
  const found = await db.product.findMany({ where: { shopId, id: { in: ids } }, select: { id: true, sku: true, name: true } });
  const byId = new Map(found.map((p) => [p.id, p]));
  const fields: Record<string, string> = {};
  items.forEach((item, i) => {
    if (!byId.has(item.productId)) fields[`items.${i}.productId`] = "Pick a product of this shop.";
  });
  if (Object.keys(fields).length > 0) throw new DomainError("NOT_FOUND", "Product not found.", { fields });
  return byId;
}

/**
 * Other drops at the location that still have something to sell after `now` and start before this
 * plan ends, with their status derived from the window and, for live ones, what they sold so far.
 */
async function loadOtherDrops(
  db: DbTx,
  shopId: string,
  locationId: string,
  plan: { startsAt: Date; endsAt: Date },
  excludeId: string | null,
  now: Date,
): Promise<OtherDrop[]> {
  const rows = await db.drop.findMany({
    where: {
      shopId,
      locationId,
      status: { in: ACTIVE },
      startsAt: { lt: plan.endsAt },
      endsAt: { gt: now },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    select: { id: true, name: true, status: true, startsAt: true, endsAt: true, channels: true, campaign: true, items: { select: { productId: true, cap: true } } },
  });
  return Promise.all(
    rows.map(async (d) => {
      const status = statusAt(d, now);
      const sold =
        status === "LIVE"
          ? soldPerProduct(
              await loadDropSales(db, shopId, {
                locationId,
                startsAt: d.startsAt,
                endsAt: d.endsAt,
                channels: parseChannels(d.channels),
                campaign: d.campaign,
                productIds: d.items.map((i) => i.productId),
              }),
            )
          : new Map<string, number>();
      return {
        id: d.id,
        name: d.name,
        status,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        caps: d.items.map((i) => ({ productKey: i.productId, cap: i.cap, sold: sold.get(i.productId) ?? 0 })),
      };
    }),
  );
}

/**
 * Every component's stock projected at `at`: on hand, less forecast usage from now, plus open
 * resupply landing by then, with sent orders and unsent drafts kept apart.
 */
async function projectAtStart(db: DbTx, shopId: string, locationId: string, at: Date, now: Date): Promise<Map<string, ComponentProjection>> {
  const [forecast, balances, open, components] = await Promise.all([
    loadLocationForecast(db, shopId, locationId, now),
    db.stockBalance.findMany({ where: { shopId, locationId }, select: { componentId: true, onHand: true } }),
    db.resupplyLine.findMany({
      where: { suggestion: { shopId, locationId, status: { in: [...OPEN_STATUSES] } } },
      select: { componentId: true, quantity: true, receivedQty: true, suggestion: { select: { status: true, windowAt: true } } },
    }),
    db.component.findMany({ where: { shopId }, select: { id: true } }),
  ]);
  const onHandOf = new Map(balances.map((b) => [b.componentId, b.onHand]));
  const incoming = new Map<string, IncomingLine[]>();
  for (const l of open) {
    const list = incoming.get(l.componentId) ?? [];
    list.push({ at: l.suggestion.windowAt.getTime(), quantity: l.quantity - l.receivedQty, sent: l.suggestion.status !== "DRAFT" });
    incoming.set(l.componentId, list);
  }
  const from = now.getTime();
  const to = Math.max(from, at.getTime());
  const out = new Map<string, ComponentProjection>();
  for (const { id } of components) {
    const profile = forecast.profiles.get(id);
    const usage = profile ? Math.round(forecastUsage(profile, from, to, forecast.slotOf)) : 0;
    out.set(id, projectionAt(onHandOf.get(id) ?? 0, usage, incoming.get(id) ?? [], at));
  }
  return out;
}

/** Delivery terms of each component's active rule at the location (a broken rule says why). */
async function loadSupplyTerms(db: DbTx, shopId: string, locationId: string): Promise<Map<string, SupplyTerms | { error: string }>> {
  const rules = await db.resupplyRule.findMany({
    where: { shopId, locationId, active: true },
    select: { componentId: true, leadTimeHours: true, cadence: true, windows: true },
  });
  const out = new Map<string, SupplyTerms | { error: string }>();
  for (const r of rules) {
    try {
      out.set(r.componentId, { leadTimeHours: r.leadTimeHours, windows: windowsForCadence(parseCadence(r.cadence), parseWindowList(r.windows)) });
    } catch (error) {
      out.set(r.componentId, { error: error instanceof Error ? error.message : "The rule's delivery windows cannot be read." });
    }
  }
  return out;
}

/** Standing channel buffers (product or component) at a location, as holds. */
async function loadBuffers(db: DbTx, shopId: string, locationId: string): Promise<Hold[]> {
  const rows = await db.channelAllocation.findMany({ where: { shopId, locationId }, select: { productId: true, componentId: true, channel: true, quantity: true } });
  return buildHolds(rows.flatMap((r) => allocationRow(r)), []);
}

/**
 * Feasibility of a drop plan against projected stock at its start, with names for the UI.
 * Used live while the form is typed, and on a scheduled drop's page.
 */
export async function previewFeasibility(db: Db, shopId: string, draft: FeasibilityDraft, now = new Date()) {
  const timeZone = await shopTimeZone(db, shopId);
  const window = parseWindow(draft.startsLocal, draft.endsLocal, timeZone);
  await requireLocation(db, shopId, draft.locationId);
  const items = draft.items.filter((i) => i.productId && Number.isSafeInteger(i.cap) && i.cap > 0);
  await requireProducts(db, shopId, items);
  return feasibilityFor(
    db,
    shopId,
    { locationId: draft.locationId, ...window, items, channels: draft.channels ?? [], excludeDropId: draft.excludeDropId ?? null },
    now,
  );
}

type Plan = {
  locationId: string;
  startsAt: Date;
  endsAt: Date;
  items: readonly DropItemInput[];
  channels: readonly string[];
  excludeDropId: string | null;
};

async function feasibilityFor(db: DbTx, shopId: string, plan: Plan, now: Date) {
  const [timeZone, graph, projection, otherDrops, supply, buffers, components, products, channels] = await Promise.all([
    shopTimeZone(db, shopId),
    loadKitGraph(db, shopId),
    projectAtStart(db, shopId, plan.locationId, plan.startsAt, now),
    loadOtherDrops(db, shopId, plan.locationId, plan, plan.excludeDropId, now),
    loadSupplyTerms(db, shopId, plan.locationId),
    loadBuffers(db, shopId, plan.locationId),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, name: true, unit: true } }),
    db.product.findMany({ where: { shopId }, select: { id: true, sku: true, name: true } }),
    db.channel.findMany({ where: { shopId }, select: { code: true, name: true } }),
  ]);
  const result = checkFeasibility({
    graph,
    caps: plan.items.map((i) => ({ productKey: i.productId, cap: i.cap })),
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    now,
    timeZone,
    projection,
    otherDrops,
    channels: plan.channels,
    buffers,
    supply,
  });
  const componentById = new Map(components.map((c) => [c.id, c]));
  const productById = new Map(products.map((p) => [p.id, p]));
  const channelName = new Map(channels.map((c) => [c.code, c.name]));
  const codeOf = (id: string) => componentById.get(id)?.code ?? id;
  return {
    feasible: result.feasible,
    startsAt: plan.startsAt,
    timeZone,
    lines: result.lines.map((l) => ({ ...l, component: componentById.get(l.componentId) ?? { id: l.componentId, code: "?", name: "Unknown", unit: "pc" } })),
    products: result.products.map((p) => ({ ...p, productId: p.productKey, sku: productById.get(p.productKey)?.sku ?? "?" })),
    conflicts: result.conflicts.map((c) => ({
      ...c,
      components: c.componentIds.map(codeOf),
      remaining: c.remaining.map((r) => ({ sku: productById.get(r.productKey)?.sku ?? "?", cap: r.cap })),
    })),
    bufferWarnings: result.bufferWarnings.map((w) => ({
      channel: w.channel,
      channelName: channelName.get(w.channel) ?? w.channel,
      components: w.componentIds.map(codeOf),
      holds: w.holds.map((h) =>
        h.item.kind === "product"
          ? { kind: "product" as const, code: productById.get(h.item.key)?.sku ?? "?", quantity: h.quantity, unit: null }
          : { kind: "component" as const, code: codeOf(h.item.key), quantity: h.quantity, unit: componentById.get(h.item.key)?.unit ?? null },
      ),
    })),
  };
}

async function validateDraft(db: DbTx, shopId: string, draft: DropDraft) {
  const fields: Record<string, string> = {};
  if (!draft.name.trim()) fields.name = "Give the drop a name.";
  if (draft.channels.length === 0) fields.channels = "Pick at least one channel.";
  if (Object.keys(fields).length > 0) throw invalidFields("Check the drop.", fields);
  const timeZone = await shopTimeZone(db, shopId);
  const window = parseWindow(draft.startsLocal, draft.endsLocal, timeZone);
  checkItems(draft.items);
  await requireLocation(db, shopId, draft.locationId);
  await requireProducts(db, shopId, draft.items);
  const known = await db.channel.findMany({ where: { shopId, code: { in: draft.channels } }, select: { code: true } });
  const unknown = draft.channels.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length) throw invalidFields("Unknown channel.", { channels: `Unknown channel: ${unknown.join(", ")}` });
  return window;
}

function dropData(draft: DropDraft, window: { startsAt: Date; endsAt: Date }) {
  return {
    name: draft.name.trim(),
    locationId: draft.locationId,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    channels: JSON.stringify([...new Set(draft.channels)]),
    announcement: draft.announcement?.trim() ?? "",
    campaign: draft.campaign?.trim() || null,
  };
}

export async function createDrop(db: Db, shopId: string, draft: DropDraft) {
  const window = await validateDraft(db, shopId, draft);
  return db.drop.create({
    data: { shopId, ...dropData(draft, window), items: { create: draft.items.map((i) => ({ productId: i.productId, cap: i.cap })) } },
    select: { id: true },
  });
}

async function requireDrop(db: DbTx, shopId: string, dropId: string) {
  const drop = await db.drop.findFirst({ where: { id: dropId, shopId }, select: { id: true, status: true, startsAt: true, endsAt: true } });
  if (!drop) throw new DomainError("NOT_FOUND", "Drop not found.");
  return drop;
}

/**
 * Edits a drop that has not started; live and past drops keep their plan for the report. "Not
 * started" is read from the window, so a drop whose start passed before the job ran is not editable.
 */
export async function updateDrop(db: Db, shopId: string, dropId: string, draft: DropDraft, now = new Date()) {
  const drop = await requireDrop(db, shopId, dropId);
  if (statusAt(drop, now) !== "SCHEDULED") throw new DomainError("CONFLICT", "Only a drop that has not started can be edited.");
  const window = await validateDraft(db, shopId, draft);
  return db.$transaction(async (tx) => {
    const changed = await tx.drop.updateMany({ where: { id: dropId, shopId, status: "SCHEDULED", startsAt: { gt: now } }, data: dropData(draft, window) });
    if (changed.count === 0) throw new DomainError("CONFLICT", "The drop started meanwhile; it can no longer be edited.");
    await tx.dropItem.deleteMany({ where: { dropId } });
    await tx.dropItem.createMany({ data: draft.items.map((i) => ({ dropId, productId: i.productId, cap: i.cap })) });
    return { id: dropId };
  });
}

export async function cancelDrop(db: Db, shopId: string, dropId: string, now = new Date()) {
  const drop = await requireDrop(db, shopId, dropId);
  const status = statusAt(drop, now);
  if (status === "ENDED" || status === "CANCELLED") throw new DomainError("CONFLICT", `The drop is already ${status.toLowerCase()}.`);
  await db.drop.updateMany({ where: { id: dropId, shopId }, data: { status: "CANCELLED" } });
  return { id: dropId };
}

/**
 * Drops overlapping [from, to) (all when omitted), with their caps, for the list and calendar.
 * The status shown is the one the window gives at `now`, so nothing looks scheduled after its
 * start while the lifecycle job has yet to run.
 */
export async function listDrops(db: Db, shopId: string, range: { from?: Date; to?: Date } = {}, now = new Date()) {
  const rows = await db.drop.findMany({
    where: {
      shopId,
      ...(range.to ? { startsAt: { lt: range.to } } : {}),
      ...(range.from ? { endsAt: { gt: range.from } } : {}),
    },
    orderBy: { startsAt: "desc" },
    take: 500,
    select: {
      id: true,
      name: true,
      status: true,
      startsAt: true,
      endsAt: true,
      channels: true,
      campaign: true,
      soldOutAt: true,
      location: { select: { id: true, code: true, name: true } },
      items: { select: { cap: true, product: { select: { sku: true } } } },
    },
  });
  return rows.map((d) => ({
    ...d,
    status: statusAt(d, now),
    channels: parseChannels(d.channels),
    totalCap: d.items.reduce((sum, i) => sum + i.cap, 0),
    items: d.items.map((i) => ({ sku: i.product.sku, cap: i.cap })),
  }));
}

/**
 * A drop with its live sell-through (per product and channel), sell-out times, and — once it has
 * started — its report: revenue, units, sell-out minutes, leftover, waste in the window and the
 * orders attributed to its campaign. A drop that has not started also gets its feasibility.
 */
export async function getDropDetail(db: Db, shopId: string, dropId: string, now = new Date()) {
  const drop = await db.drop.findFirst({
    where: { id: dropId, shopId },
    include: {
      location: { select: { id: true, code: true, name: true } },
      items: { include: { product: { select: { id: true, sku: true, name: true, priceMinor: true } } } },
    },
  });
  if (!drop) throw new DomainError("NOT_FOUND", "Drop not found.");
  const timeZone = await shopTimeZone(db, shopId);
  const channels = parseChannels(drop.channels);
  const sales = await loadDropSales(db, shopId, {
    locationId: drop.locationId,
    startsAt: drop.startsAt,
    endsAt: drop.endsAt,
    channels,
    campaign: drop.campaign,
    productIds: drop.items.map((i) => i.productId),
  });
  const sold = soldPerProduct(sales);
  const caps = new Map(drop.items.map((i) => [i.productId, i.cap]));
  const soldOut = soldOutTimes(caps, sales.map((s) => ({ productKey: s.productId, quantity: s.quantity, at: s.placedAt })));
  const soldOutAt = drop.soldOutAt ?? dropSoldOutAt(caps, soldOut);

  const items = drop.items.map((i) => {
    const units = sold.get(i.productId) ?? 0;
    const perChannel: Record<string, number> = {};
    for (const s of sales) if (s.productId === i.productId) perChannel[s.channel] = (perChannel[s.channel] ?? 0) + s.quantity;
    return {
      productId: i.productId,
      sku: i.product.sku,
      name: i.product.name,
      cap: i.cap,
      sold: units,
      leftover: Math.max(0, i.cap - units),
      // The POS never refuses a sale, so a drop can sell past its cap; the report says by how much.
      oversold: Math.max(0, units - i.cap),
      revenueMinor: sales.filter((s) => s.productId === i.productId).reduce((sum, s) => sum + s.revenueMinor, 0),
      soldOutAt: i.soldOutAt ?? soldOut.get(i.productId) ?? null,
      perChannel,
    };
  });
  const byChannel = new Map<string, { units: number; revenueMinor: number; orders: Set<string> }>();
  for (const s of sales) {
    const e = byChannel.get(s.channel) ?? { units: 0, revenueMinor: 0, orders: new Set<string>() };
    e.units += s.quantity;
    e.revenueMinor += s.revenueMinor;
    e.orders.add(s.orderId);
    byChannel.set(s.channel, e);
  }
  const status = statusAt(drop, now);
  const started = status === "LIVE" || status === "ENDED";

  const report = started ? await buildReport(db, shopId, drop, now) : null;
  const feasibility =
    status === "SCHEDULED"
      ? await feasibilityFor(
          db,
          shopId,
          {
            locationId: drop.locationId,
            startsAt: drop.startsAt,
            endsAt: drop.endsAt,
            items: drop.items.map((i) => ({ productId: i.productId, cap: i.cap })),
            channels,
            excludeDropId: drop.id,
          },
          now,
        )
      : null;

  return {
    id: drop.id,
    name: drop.name,
    status,
    startsAt: drop.startsAt,
    endsAt: drop.endsAt,
    startsLocal: utcToZonedLocal(drop.startsAt, timeZone),
    endsLocal: utcToZonedLocal(drop.endsAt, timeZone),
    timeZone,
    channels,
    announcement: drop.announcement,
    campaign: drop.campaign,
    location: drop.location,
    soldOutAt,
    sellOutMinutes: sellOutMinutes(drop.startsAt, soldOutAt),
    totals: {
      units: items.reduce((s, i) => s + i.sold, 0),
      cap: items.reduce((s, i) => s + i.cap, 0),
      revenueMinor: items.reduce((s, i) => s + i.revenueMinor, 0),
      orders: new Set(sales.map((s) => s.orderId)).size,
    },
    items,
    channelsSold: [...byChannel.entries()].map(([channel, e]) => ({ channel, units: e.units, revenueMinor: e.revenueMinor, orders: e.orders.size })),
    report,
    feasibility,
  };
}

async function buildReport(
  db: DbTx,
  shopId: string,
  drop: { locationId: string; startsAt: Date; endsAt: Date; campaign: string | null },
  now: Date,
) {
  const until = drop.endsAt < now ? drop.endsAt : now;
  const [waste, campaignOrders] = await Promise.all([
    db.stockMovement.findMany({
      where: { shopId, locationId: drop.locationId, type: "WASTE", occurredAt: { gte: drop.startsAt, lt: until } },
      select: { quantity: true, reason: true, component: { select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true } } },
    }),
    // Only the drop's own location: the same campaign code at another store is that store's business.
    drop.campaign
      ? db.order.findMany({
          where: { shopId, locationId: drop.locationId, campaign: drop.campaign, placedAt: { gte: drop.startsAt, lt: drop.endsAt }, status: { not: "CANCELLED" } },
          select: { channel: true, subtotalMinor: true, refundedMinor: true },
        })
      : Promise.resolve([]),
  ]);
  const wasteBy = new Map<string, { code: string; name: string; unit: string; quantity: number; costMinor: number }>();
  for (const w of waste) {
    const e = wasteBy.get(w.component.id) ?? { code: w.component.code, name: w.component.name, unit: w.component.unit, quantity: 0, costMinor: 0 };
    e.quantity += -w.quantity;
    wasteBy.set(w.component.id, e);
  }
  const costById = new Map(waste.map((w) => [w.component.id, w.component.costPerUnitMilli]));
  for (const [id, e] of wasteBy) e.costMinor = Math.round((e.quantity * (costById.get(id) ?? 0)) / 1000);
  const attributedBy = new Map<string, { orders: number; revenueMinor: number }>();
  for (const o of campaignOrders) {
    const e = attributedBy.get(o.channel) ?? { orders: 0, revenueMinor: 0 };
    e.orders += 1;
    e.revenueMinor += o.subtotalMinor - o.refundedMinor;
    attributedBy.set(o.channel, e);
  }
  const wasteLines = [...wasteBy.values()].sort((a, b) => b.costMinor - a.costMinor);
  return {
    waste: wasteLines,
    wasteCostMinor: wasteLines.reduce((s, w) => s + w.costMinor, 0),
    campaign: drop.campaign
      ? {
          code: drop.campaign,
          orders: campaignOrders.length,
          revenueMinor: [...attributedBy.values()].reduce((s, e) => s + e.revenueMinor, 0),
          byChannel: [...attributedBy.entries()].map(([channel, e]) => ({ channel, ...e })),
        }
      : null,
  };
}

function formatLocal(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(at);
}

/** Why a shortfall cannot be ordered from the drop, in words the owner can act on. */
function undeliverable(plan: Exclude<DeliveryPlan, { kind: "reachable" }>, code: string, timeZone: string): string {
  switch (plan.kind) {
    case "no-rule":
      return `${code} has no resupply rule at this location, so Backroom does not know when it can be delivered. Add a rule (lead time and delivery windows) on Resupply → Rules, or order it by hand.`;
    case "bad-rule":
      return `The resupply rule of ${code} cannot be read (${plan.message}). Fix its delivery windows on Resupply → Rules.`;
    case "too-late":
      return plan.earliestArrival
        ? `Too late to order ${code}: with its ${plan.leadTimeHours} h lead time the earliest delivery is ${formatLocal(plan.earliestArrival, timeZone)}, after ${formatLocal(plan.deadline, timeZone)} (an hour before the drop). Lower the caps or move the drop.`
        : `Too late to order ${code}: no delivery window can land before ${formatLocal(plan.deadline, timeZone)}. Lower the caps or move the drop.`;
  }
}

export type ShortfallAnswer =
  | {
      status: "raised";
      component: string;
      unit: string;
      /** What this click added for the drop. */
      quantity: number;
      /** The draft line's quantity for that delivery after the click. */
      lineQuantity: number;
      arrivesAt: Date;
      orderBy: Date;
      suggestionId: string;
      lineId: string;
    }
  | { status: "covered"; component: string; unit: string; ordered: number; planned: number };

/**
 * One click from a short feasibility line: asks for the missing quantity in the latest delivery
 * window of the component's rule that can still be reached and lands at least the prep margin
 * before the start, so what is raised is exactly what feasibility then counts. A draft already on
 * that delivery is counted as planned, so the shortfall is what is still missing and resupply adds
 * it to that draft. A second click finds nothing short; two at once send the same need, which
 * resupply recognises, so it never doubles. When no window can make it, it says why instead.
 */
export async function raiseDropShortfall(db: Db, shopId: string, input: { dropId: string; componentId: string }, now = new Date()): Promise<ShortfallAnswer> {
  const drop = await db.drop.findFirst({
    where: { id: input.dropId, shopId },
    select: { id: true, name: true, status: true, locationId: true, startsAt: true, endsAt: true, channels: true, items: { select: { productId: true, cap: true } } },
  });
  if (!drop) throw new DomainError("NOT_FOUND", "Drop not found.");
  if (statusAt(drop, now) !== "SCHEDULED") throw new DomainError("CONFLICT", "Only a drop that has not started can raise resupply.");
  const feasibility = await feasibilityFor(
    db,
    shopId,
    { locationId: drop.locationId, startsAt: drop.startsAt, endsAt: drop.endsAt, items: drop.items, channels: parseChannels(drop.channels), excludeDropId: drop.id },
    now,
  );
  const line = feasibility.lines.find((l) => l.componentId === input.componentId);
  if (!line) throw new DomainError("NOT_FOUND", "This component is not used by the drop.");
  const { code, unit } = line.component;
  if (line.shortBy <= 0) return { status: "covered", component: code, unit, ordered: line.ordered, planned: line.planned };
  const plan = line.delivery;
  if (!plan || plan.kind !== "reachable") throw new DomainError("CONFLICT", undeliverable(plan ?? { kind: "no-rule" }, code, feasibility.timeZone));

  const raised = await raiseManualSuggestion(db, shopId, {
    locationId: drop.locationId,
    componentId: input.componentId,
    quantity: line.shortBy,
    neededBy: plan.arrivesAt,
    reason: `Drop “${drop.name}” (${formatLocal(drop.startsAt, feasibility.timeZone)}) is short by ${line.shortBy} ${unit} of ${code}.`,
  });
  // Only a draft that lands before the start is what feasibility counts: anything else would
  // tell the owner "ordered" while the drop stays short.
  const landed = await db.resupplyLine.findFirst({
    where: { id: raised.lineId, suggestion: { shopId } },
    select: { quantity: true, suggestion: { select: { status: true, windowAt: true } } },
  });
  if (!landed || landed.suggestion.status !== "DRAFT" || landed.suggestion.windowAt > drop.startsAt) {
    throw new DomainError(
      "CONFLICT",
      `The ${code} order could not be placed on a delivery before the start (${formatLocal(plan.arrivesAt, feasibility.timeZone)}). Check it on the resupply board.`,
    );
  }
  return {
    status: "raised",
    component: code,
    unit,
    quantity: line.shortBy,
    lineQuantity: landed.quantity,
    arrivesAt: plan.arrivesAt,
    orderBy: plan.orderBy,
    suggestionId: raised.suggestionId,
    lineId: raised.lineId,
  };
}
