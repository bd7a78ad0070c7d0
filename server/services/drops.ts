import type { Db, DbTx } from "../db";
import { dropSoldOutAt, sellOutMinutes, soldOutTimes, statusAt } from "../domain/drop-lifecycle";
import { utcToZonedLocal, zonedLocalToUtc } from "../domain/drop-time";
import { DomainError, invalidFields } from "../domain/errors";
import { checkFeasibility, windowsOverlap, type CompetingDrop } from "../domain/feasibility";
import { loadKitGraph } from "./kits";
import { projectStock } from "./forecast";
import { raiseManualSuggestion } from "./resupply";
import { loadDropSales, parseChannels, soldPerProduct } from "./drops-sales";

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

export type FeasibilityDraft = Pick<DropDraft, "locationId" | "startsLocal" | "endsLocal" | "items"> & { excludeDropId?: string | null };

const ACTIVE = ["SCHEDULED", "LIVE"];
const MAX_DROP_HOURS = 14 * 24;

async function shopTimeZone(db: DbTx, shopId: string): Promise<string> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  return shop.timeZone;
}

/** What the planning form needs: locations, sellable products, channels and the shop's zone. */
export async function loadDropOptions(db: Db, shopId: string) {
  const [timeZone, locations, products, channels] = await Promise.all([
    shopTimeZone(db, shopId),
    db.location.findMany({ where: { shopId, active: true }, select: { id: true, code: true, name: true }, orderBy: { name: "asc" } }),
    db.product.findMany({
      where: { shopId, active: true, isModifier: false },
      select: { id: true, sku: true, name: true, priceMinor: true },
      orderBy: { sku: "asc" },
    }),
    db.channel.findMany({ where: { shopId }, select: { code: true, name: true, color: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { timeZone, locations, products, channels };
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

async function competingDrops(db: DbTx, shopId: string, locationId: string, window: { startsAt: Date; endsAt: Date }, excludeId?: string | null) {
  const rows = await db.drop.findMany({
    where: {
      shopId,
      locationId,
      status: { in: ACTIVE },
      startsAt: { lt: window.endsAt },
      endsAt: { gt: window.startsAt },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    select: { id: true, name: true, startsAt: true, endsAt: true, items: { select: { productId: true, cap: true } } },
  });
  return rows
    .filter((d) => windowsOverlap(d, window))
    .map((d): CompetingDrop => ({ ...d, caps: d.items.map((i) => ({ productKey: i.productId, cap: i.cap })) }));
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
  return feasibilityFor(db, shopId, { locationId: draft.locationId, ...window, items, excludeDropId: draft.excludeDropId ?? null }, now);
}

async function feasibilityFor(
  db: DbTx,
  shopId: string,
  plan: { locationId: string; startsAt: Date; endsAt: Date; items: readonly DropItemInput[]; excludeDropId: string | null },
  now: Date,
) {
  const [graph, projection, competing, rules, components, products] = await Promise.all([
    loadKitGraph(db, shopId),
    projectStock(db, shopId, { locationId: plan.locationId, at: plan.startsAt, now }),
    competingDrops(db, shopId, plan.locationId, plan, plan.excludeDropId),
    db.resupplyRule.findMany({ where: { shopId, locationId: plan.locationId, active: true }, select: { componentId: true, leadTimeHours: true } }),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, name: true, unit: true } }),
    db.product.findMany({ where: { shopId }, select: { id: true, sku: true, name: true } }),
  ]);
  const result = checkFeasibility({
    graph,
    caps: plan.items.map((i) => ({ productKey: i.productId, cap: i.cap })),
    startsAt: plan.startsAt,
    projection,
    competing,
    leadTimeHours: new Map(rules.map((r) => [r.componentId, r.leadTimeHours])),
  });
  const componentById = new Map(components.map((c) => [c.id, c]));
  const productById = new Map(products.map((p) => [p.id, p]));
  return {
    feasible: result.feasible,
    startsAt: plan.startsAt,
    lines: result.lines.map((l) => ({ ...l, component: componentById.get(l.componentId) ?? { id: l.componentId, code: "?", name: "Unknown", unit: "pc" } })),
    products: result.products.map((p) => ({ ...p, productId: p.productKey, sku: productById.get(p.productKey)?.sku ?? "?" })),
    conflicts: result.conflicts.map((c) => ({
      ...c,
      components: c.componentIds.map((id) => componentById.get(id)?.code ?? id),
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
  const drop = await db.drop.findFirst({ where: { id: dropId, shopId }, select: { id: true, status: true } });
  if (!drop) throw new DomainError("NOT_FOUND", "Drop not found.");
  return drop;
}

/** Edits a drop that has not started; live and past drops keep their plan for the report. */
export async function updateDrop(db: Db, shopId: string, dropId: string, draft: DropDraft) {
  const drop = await requireDrop(db, shopId, dropId);
  if (drop.status !== "SCHEDULED") throw new DomainError("CONFLICT", "Only a scheduled drop can be edited.");
  const window = await validateDraft(db, shopId, draft);
  return db.$transaction(async (tx) => {
    const changed = await tx.drop.updateMany({ where: { id: dropId, shopId, status: "SCHEDULED" }, data: dropData(draft, window) });
    if (changed.count === 0) throw new DomainError("CONFLICT", "The drop started meanwhile; it can no longer be edited.");
    await tx.dropItem.deleteMany({ where: { dropId } });
    await tx.dropItem.createMany({ data: draft.items.map((i) => ({ dropId, productId: i.productId, cap: i.cap })) });
    return { id: dropId };
  });
}

export async function cancelDrop(db: Db, shopId: string, dropId: string) {
  const drop = await requireDrop(db, shopId, dropId);
  if (drop.status === "ENDED" || drop.status === "CANCELLED") throw new DomainError("CONFLICT", `The drop is already ${drop.status.toLowerCase()}.`);
  await db.drop.updateMany({ where: { id: dropId, shopId }, data: { status: "CANCELLED" } });
  return { id: dropId };
}

/** Drops overlapping [from, to) (all when omitted), with their caps, for the list and calendar. */
export async function listDrops(db: Db, shopId: string, range: { from?: Date; to?: Date } = {}) {
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
    channels: parseChannels(d.channels),
    totalCap: d.items.reduce((sum, i) => sum + i.cap, 0),
    items: d.items.map((i) => ({ sku: i.product.sku, cap: i.cap })),
  }));
}

/**
 * A drop with its live sell-through (per product and channel), sell-out times, and — once it has
 * started — its report: revenue, units, sell-out minutes, leftover, waste in the window and the
 * orders attributed to its campaign. A scheduled drop also gets its feasibility.
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
  const status = drop.status === "CANCELLED" ? "CANCELLED" : drop.status;
  const started = statusAt(drop, now) !== "SCHEDULED" && status !== "CANCELLED";

  const report = started ? await buildReport(db, shopId, drop, now) : null;
  const feasibility =
    status === "SCHEDULED"
      ? await feasibilityFor(
          db,
          shopId,
          { locationId: drop.locationId, startsAt: drop.startsAt, endsAt: drop.endsAt, items: drop.items.map((i) => ({ productId: i.productId, cap: i.cap })), excludeDropId: drop.id },
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
    drop.campaign
      ? db.order.findMany({
          where: { shopId, campaign: drop.campaign, placedAt: { gte: drop.startsAt, lt: drop.endsAt }, status: { not: "CANCELLED" } },
          select: { channel: true, subtotalMinor: true, refundedMinor: true, locationCode: true },
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

/** Stock should land this long before a drop opens, so the kitchen can prep. */
const PREP_MINUTES = 60;

/**
 * One click from a short feasibility line: raises the missing quantity as a need due before the
 * drop starts. Resupply adds it to the draft line of that delivery if there is one (open lines
 * due by the start are already counted as incoming, so the shortfall is what is still missing).
 */
export async function raiseDropShortfall(db: Db, shopId: string, input: { dropId: string; componentId: string }, now = new Date()) {
  const drop = await db.drop.findFirst({
    where: { id: input.dropId, shopId },
    select: { id: true, name: true, status: true, locationId: true, startsAt: true, endsAt: true, items: { select: { productId: true, cap: true } } },
  });
  if (!drop) throw new DomainError("NOT_FOUND", "Drop not found.");
  if (drop.status !== "SCHEDULED") throw new DomainError("CONFLICT", "Only a scheduled drop can raise resupply.");
  const feasibility = await feasibilityFor(
    db,
    shopId,
    { locationId: drop.locationId, startsAt: drop.startsAt, endsAt: drop.endsAt, items: drop.items, excludeDropId: drop.id },
    now,
  );
  const line = feasibility.lines.find((l) => l.componentId === input.componentId);
  if (!line) throw new DomainError("NOT_FOUND", "This component is not used by the drop.");
  if (line.shortBy <= 0) throw new DomainError("CONFLICT", `${line.component.code} is not short for this drop any more.`);
  const neededBy = new Date(Math.max(now.getTime(), drop.startsAt.getTime() - PREP_MINUTES * 60_000));
  const raised = await raiseManualSuggestion(db, shopId, {
    locationId: drop.locationId,
    componentId: input.componentId,
    quantity: line.shortBy,
    neededBy,
    reason: `Drop “${drop.name}” is short by ${line.shortBy} ${line.component.unit} of ${line.component.code}.`,
  });
  return { ...raised, component: line.component.code, unit: line.component.unit, shortBy: line.shortBy };
}
