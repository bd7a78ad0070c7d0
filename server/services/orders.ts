/**
 * Orders from POS events: writes Order + OrderLine + OrderTag (shop-local calendar fields, stateAt =
 * event time) and the SALE / REFUND_RESTOCK movements of its kit consumption (orderId set), and
 * enqueues `order.recorded`, all inside the caller's transaction.
 *
 * For tests and seeds: `recordTestOrder(db, shopId, { externalId, location, lines: [{ sku, quantity,
 * unitPriceMinor? }], channel?, placedAt?, tags?, campaign?, customerRef? })` records an order exactly
 * as an ingested generic `order.created` would (through the shop's first generic integration).
 */
import { randomUUID } from "node:crypto";
import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { explodeKit, type KitGraph } from "../domain/kit";
import {
  acceptsState,
  applyRefund,
  carryRefunds,
  consumptionMoves,
  desiredUsage,
  orderCalendar,
  orderStatusOf,
  subtotalOf,
  type StateLine,
} from "../domain/order-state";
import { locationDirectory, refundAmountMinor, resolveLocation, type LocationDirectory, type LocationResolution, type PosEvent, type PosOrderState } from "../domain/pos-payload";
import { appendMovements, type MovementInput } from "./ledger";
import { loadKitGraph } from "./kits";
import { enqueueEvent } from "./outbox";

/** What one batch of events needs from the catalog, read once per batch. */
export type CatalogView = {
  graph: KitGraph;
  /** POS SKU → product id (product SKUs and the owner's aliases). */
  productBySku: Map<string, string>;
  locations: LocationDirectory;
  /** Integration id → its default location (where orders naming no known location go). */
  defaultLocations: Map<string, string | null>;
  timeZone: string;
};

export async function loadCatalogView(tx: DbTx, shopId: string): Promise<CatalogView> {
  const [graph, aliases, locations, integrations, shop] = await Promise.all([
    loadKitGraph(tx, shopId),
    tx.skuAlias.findMany({ where: { shopId }, select: { sku: true, productId: true } }),
    tx.location.findMany({ where: { shopId }, select: { id: true, code: true, active: true, posRef: true } }),
    tx.integration.findMany({ where: { shopId }, select: { id: true, defaultLocationId: true } }),
    tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } }),
  ]);
  const productBySku = new Map<string, string>();
  for (const [id, node] of graph) productBySku.set(node.label, id);
  for (const a of aliases) if (!productBySku.has(a.sku)) productBySku.set(a.sku, a.productId);
  return {
    graph,
    productBySku,
    locations: locationDirectory(locations),
    defaultLocations: new Map(integrations.map((i) => [i.id, i.defaultLocationId])),
    timeZone: shop.timeZone,
  };
}

/** Where an order of this integration belongs, by the shop's current locations and settings. */
export function resolveOrderLocation(catalog: CatalogView, integrationId: string, state: PosOrderState): LocationResolution {
  return resolveLocation(state.location, catalog.locations, catalog.defaultLocations.get(integrationId) ?? null);
}

export type ApplyOutcome =
  /** `note` says what was left out (e.g. refunded quantities the order does not have). */
  | { outcome: "applied"; orderId: string; note?: string }
  | { outcome: "stale"; orderId: string }
  /** A refund or bare cancellation whose order has not arrived yet; retried when it does. */
  | { outcome: "waiting"; reason: string };

const orderWithLines = { include: { lines: { orderBy: { lineNo: "asc" as const } } } };

/** Applies one normalised POS event to the order it concerns. Runs inside the caller's transaction. */
export async function applyPosEvent(
  tx: DbTx,
  shopId: string,
  integrationId: string,
  event: PosEvent,
  catalog: CatalogView,
): Promise<ApplyOutcome> {
  const existing = await tx.order.findUnique({
    where: { integrationId_externalId: { integrationId, externalId: event.externalId } },
    ...orderWithLines,
  });
  if (existing && existing.shopId !== shopId) throw new DomainError("NOT_FOUND", "Order not found.");

  let orderId: string;
  if (event.state) {
    const accepted = acceptsState(existing ? { stateAt: existing.stateAt, cancelled: existing.status === "CANCELLED" } : null, {
      at: event.eventAt,
      cancelled: event.state.cancelled,
    });
    if (!accepted) return { outcome: "stale", orderId: existing?.id ?? "" };
    orderId = await writeState(tx, shopId, integrationId, event, event.state, existing, catalog);
  } else if (!existing) {
    return { outcome: "waiting", reason: `Waiting for order ${event.externalId} to arrive before applying its ${event.kind === "refunded" ? "refund" : "cancellation"}.` };
  } else if (event.kind === "cancelled") {
    if (existing.status === "CANCELLED") return { outcome: "stale", orderId: existing.id };
    const stateAt = event.eventAt > existing.stateAt ? event.eventAt : existing.stateAt;
    await tx.order.update({ where: { id: existing.id }, data: { status: "CANCELLED", stateAt } });
    orderId = existing.id;
  } else {
    orderId = existing.id;
  }

  let note: string | undefined;
  if (event.kind === "refunded" && event.refund) {
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, ...orderWithLines });
    const result = applyRefund(order.lines, event.refund.lines);
    const notes: string[] = [];
    if (result.unmatched.length) {
      notes.push(`Refund lines not on the order (or already refunded) were ignored: ${result.unmatched.map((u) => `${u.quantity} × ${u.sku}`).join(", ")}.`);
    }
    const said = refundAmountMinor(event.refund.amount, order.currency);
    if (!said.ok) throw new DomainError("UNPROCESSABLE", said.message, { path: "refund.amount" });
    // Refunds count against what the order sold (its subtotal), so net revenue never goes below zero
    // and the stored total stays bounded; tax or shipping the POS also returned is not product revenue.
    const remaining = Math.max(0, order.subtotalMinor - order.refundedMinor);
    const amount = said.minor ?? result.amountMinor;
    if (amount > remaining) notes.push(`Refund of ${amount} counted as ${remaining}: the rest of the order's subtotal.`);
    if (notes.length) note = notes.join(" ");
    for (const line of result.lines) {
      const before = order.lines.find((l) => l.id === line.id);
      if (before && (before.refundedQty !== line.refundedQty || before.restockedQty !== line.restockedQty)) {
        await tx.orderLine.update({ where: { id: line.id }, data: { refundedQty: line.refundedQty, restockedQty: line.restockedQty } });
      }
    }
    const refundedMinor = order.refundedMinor + Math.min(amount, remaining);
    await tx.order.update({
      where: { id: orderId },
      data: { refundedMinor, status: orderStatusOf(order.status === "CANCELLED", result.lines) },
    });
  }

  await reconcileConsumption(tx, shopId, orderId, catalog.graph, event.eventAt);
  return { outcome: "applied", orderId, note };
}

/** The Order/OrderLine/OrderTag rows and outbox payload of a full state; shared by single and batch writes. */
function buildOrderRows(
  shopId: string,
  integrationId: string,
  event: PosEvent,
  state: PosOrderState,
  previousLines: readonly StateLine[],
  previousFulfilledAt: Date | null,
  catalog: CatalogView,
) {
  const resolved = resolveOrderLocation(catalog, integrationId, state);
  if (!resolved.ok) throw new DomainError("UNPROCESSABLE", resolved.message, { path: resolved.path });
  const { id: locationId, code: locationCode } = resolved.location;
  const calendar = orderCalendar(state.placedAt, catalog.timeZone);
  const mapped = state.lines.map((l) => ({ ...l, productId: catalog.productBySku.get(l.sku) ?? null }));
  const lines = carryRefunds(previousLines, mapped);
  const header = {
    orderNumber: state.orderNumber,
    locationId,
    locationCode,
    channel: state.channel,
    campaign: state.campaign,
    customerRef: state.customerRef,
    currency: state.currency,
    status: orderStatusOf(state.cancelled, lines),
    subtotalMinor: subtotalOf(lines),
    placedAt: state.placedAt,
    // A state without a fulfilment time does not un-collect an order collected earlier.
    fulfilledAt: state.fulfilledAt ?? previousFulfilledAt,
    stateAt: event.eventAt,
    ...calendar,
  };
  const lineRows = (orderId: string) =>
    lines.map((l) => ({
      orderId,
      shopId,
      lineNo: l.lineNo,
      parentLineNo: l.parentLineNo,
      sku: l.sku,
      posLineId: l.posLineId,
      productId: l.productId,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      refundedQty: l.refundedQty,
      restockedQty: l.restockedQty,
      businessDate: calendar.businessDate,
      locationId,
      channel: state.channel,
    }));
  const tagRows = (orderId: string) => state.tags.map((tag) => ({ orderId, tag, shopId, businessDate: calendar.businessDate }));
  const recordedPayload = (orderId: string) => ({
    orderId,
    integrationId,
    externalId: event.externalId,
    status: header.status,
    location: locationCode,
    channel: state.channel,
    campaign: state.campaign,
    tags: state.tags,
    currency: state.currency,
    subtotalMinor: header.subtotalMinor,
    placedAt: state.placedAt.toISOString(),
    unmappedSkus: [...new Set(lines.filter((l) => !l.productId).map((l) => l.sku))],
  });
  return { header, lines, lineRows, tagRows, recordedPayload };
}

async function writeState(
  tx: DbTx,
  shopId: string,
  integrationId: string,
  event: PosEvent,
  state: PosOrderState,
  existing: { id: string; status: string; refundedMinor: number; fulfilledAt: Date | null; lines: StateLine[] } | null,
  catalog: CatalogView,
): Promise<string> {
  const rows = buildOrderRows(shopId, integrationId, event, state, existing?.lines ?? [], existing?.fulfilledAt ?? null, catalog);
  let orderId: string;
  if (existing) {
    orderId = existing.id;
    await tx.order.update({ where: { id: orderId }, data: rows.header });
    await tx.orderLine.deleteMany({ where: { orderId } });
    await tx.orderTag.deleteMany({ where: { orderId } });
  } else {
    const created = await tx.order.create({ data: { shopId, integrationId, externalId: event.externalId, ...rows.header }, select: { id: true } });
    orderId = created.id;
  }
  await tx.orderLine.createMany({ data: rows.lineRows(orderId) });
  if (state.tags.length) await tx.orderTag.createMany({ data: rows.tagRows(orderId) });
  if (!existing) await enqueueEvent(tx, shopId, "order.recorded", rows.recordedPayload(orderId));
  return orderId;
}

/**
 * The fast path for the common case: many `created` events of orders not recorded yet, written with
 * one createMany per table and one balance update per touched component, instead of ~20 statements
 * per order. The caller guarantees the orders do not exist and the external ids are distinct.
 * Produces exactly the rows applyPosEvent would (same builders, same consumption rules).
 */
export async function recordNewOrders(
  tx: DbTx,
  shopId: string,
  items: { integrationId: string; event: PosEvent & { state: PosOrderState } }[],
  catalog: CatalogView,
): Promise<string[]> {
  const orders = [];
  const lines = [];
  const tags = [];
  const outbox = [];
  const movements: MovementInput[] = [];
  const ids: string[] = [];
  for (const { integrationId, event } of items) {
    const rows = buildOrderRows(shopId, integrationId, event, event.state, [], null, catalog);
    const orderId = newOrderId();
    ids.push(orderId);
    orders.push({ id: orderId, shopId, integrationId, externalId: event.externalId, ...rows.header });
    lines.push(...rows.lineRows(orderId));
    tags.push(...rows.tagRows(orderId));
    outbox.push({ shopId, type: "order.recorded", payload: JSON.stringify(rows.recordedPayload(orderId)) });
    const usage = desiredUsage(event.state.cancelled, rows.lines, (productId, quantity, into) => {
      if (catalog.graph.has(productId)) explodeKit(catalog.graph, productId, quantity, into);
    });
    for (const m of consumptionMoves(rows.header.locationId, usage, [])) movements.push({ ...m, orderId, occurredAt: event.state.placedAt });
  }
  await tx.order.createMany({ data: orders });
  await tx.orderLine.createMany({ data: lines });
  if (tags.length) await tx.orderTag.createMany({ data: tags });
  await tx.outboxEvent.createMany({ data: outbox });
  await appendMovements(tx, shopId, movements);
  return ids;
}

/** Collision-free ids for batch-created orders (Prisma only generates cuids for single creates here). */
function newOrderId(): string {
  return `o${randomUUID().replace(/-/g, "")}`;
}

/**
 * Brings the ledger for one order to what its current state consumes: sales for more usage,
 * restocks for less. Idempotent: a second call with nothing changed writes nothing.
 */
export async function reconcileConsumption(tx: DbTx, shopId: string, orderId: string, graph: KitGraph, at: Date) {
  const order = await tx.order.findFirstOrThrow({
    where: { id: orderId, shopId },
    select: { status: true, locationId: true, placedAt: true, lines: { select: { productId: true, quantity: true, refundedQty: true, restockedQty: true } } },
  });
  const applied = await tx.stockMovement.groupBy({ by: ["locationId", "componentId"], where: { orderId }, _sum: { quantity: true } });
  const desired = desiredUsage(order.status === "CANCELLED", order.lines, (productId, quantity, into) => {
    // A product deleted from the catalog after the sale consumes nothing more.
    if (graph.has(productId)) explodeKit(graph, productId, quantity, into);
  });
  const moves = consumptionMoves(
    order.locationId,
    desired,
    applied.map((a) => ({ locationId: a.locationId, componentId: a.componentId, quantity: a._sum.quantity ?? 0 })),
  );
  if (moves.length === 0) return [];
  // Sales are dated when the order was placed (forecasts read usage by hour); restocks when they happen.
  return appendMovements(
    tx,
    shopId,
    moves.map((m) => ({ ...m, orderId, occurredAt: m.type === "SALE" ? order.placedAt : at })),
  );
}

export type TestOrderInput = {
  externalId: string;
  location?: string;
  channel?: string;
  placedAt?: Date;
  fulfilledAt?: Date | null;
  tags?: string[];
  campaign?: string | null;
  customerRef?: string | null;
  lines: { sku: string; quantity: number; unitPriceMinor?: number }[];
};

/** Records an order as an ingested generic `order.created` would (tests and seeds). */
export async function recordTestOrder(db: Db, shopId: string, input: TestOrderInput) {
  const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  const placedAt = input.placedAt ?? new Date();
  const event: PosEvent = {
    kind: "created",
    externalId: input.externalId,
    eventAt: placedAt,
    dedupeKey: `${input.externalId}|order.created`,
    refund: null,
    state: {
      orderNumber: null,
      location: { source: "generic", value: input.location ?? "main" },
      channel: input.channel ?? "walk-in",
      placedAt,
      fulfilledAt: input.fulfilledAt ?? null,
      currency: "USD",
      tags: input.tags ?? [],
      campaign: input.campaign ?? null,
      customerRef: input.customerRef ?? null,
      cancelled: false,
      lines: input.lines.map((l, i) => ({ lineNo: i + 1, parentLineNo: null, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor ?? 0, posLineId: null })),
    },
  };
  return db.$transaction(async (tx) => {
    const catalog = await loadCatalogView(tx, shopId);
    const result = await applyPosEvent(tx, shopId, integration.id, event, catalog);
    if (result.outcome !== "applied") throw new DomainError("CONFLICT", `Order ${input.externalId} already exists.`);
    return { orderId: result.orderId, integrationId: integration.id };
  });
}
