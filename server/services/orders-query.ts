import type { Db } from "../db";
import { DomainError } from "../domain/errors";
import { settlePendingInbox } from "./ingest";

/** How long a GET of one order may spend processing its own pending deliveries first. */
const SETTLE_MS = 3000;

export const ORDER_STATUSES = ["OPEN", "CANCELLED", "REFUNDED"] as const;
/** The list shows the newest orders matching the filters; older ones are reached by filtering. */
export const ORDER_LIST_LIMIT = 100;

export type OrderFilters = {
  status?: (typeof ORDER_STATUSES)[number];
  channel?: string;
  locationId?: string;
  /** Only orders with at least one line whose SKU is not mapped to a product. */
  unmappedOnly?: boolean;
  /** External id, campaign or customer reference (exact prefix). */
  search?: string;
  limit?: number;
};

/** Newest orders first with their totals; the list page filters and sorts them further. */
export async function listOrders(db: Db, shopId: string, filters: OrderFilters = {}) {
  const search = filters.search?.trim();
  const rows = await db.order.findMany({
    where: {
      shopId,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.locationId ? { locationId: filters.locationId } : {}),
      ...(filters.unmappedOnly ? { lines: { some: { productId: null } } } : {}),
      ...(search
        ? { OR: [{ externalId: { startsWith: search } }, { campaign: { startsWith: search } }, { customerRef: { startsWith: search } }] }
        : {}),
    },
    orderBy: [{ placedAt: "desc" }, { id: "desc" }],
    take: Math.min(filters.limit ?? ORDER_LIST_LIMIT, 1000),
    select: {
      id: true,
      externalId: true,
      status: true,
      channel: true,
      campaign: true,
      customerRef: true,
      currency: true,
      subtotalMinor: true,
      refundedMinor: true,
      placedAt: true,
      receivedAt: true,
      locationCode: true,
      integration: { select: { name: true, kind: true } },
      tags: { select: { tag: true } },
      _count: { select: { lines: { where: { productId: null } } } },
    },
  });
  return rows.map(({ tags, _count, ...o }) => ({ ...o, tags: tags.map((t) => t.tag), unmappedLines: _count.lines }));
}

/** One order: lines (mapped or not), its stock movements summed per component, and its deliveries. */
export async function getOrderDetail(db: Db, shopId: string, id: string) {
  const order = await db.order.findFirst({
    where: { id, shopId },
    select: {
      id: true,
      externalId: true,
      orderNumber: true,
      status: true,
      channel: true,
      campaign: true,
      customerRef: true,
      currency: true,
      subtotalMinor: true,
      refundedMinor: true,
      placedAt: true,
      fulfilledAt: true,
      receivedAt: true,
      stateAt: true,
      businessDate: true,
      locationCode: true,
      integrationId: true,
      integration: { select: { name: true, kind: true } },
      tags: { select: { tag: true } },
      lines: {
        orderBy: { lineNo: "asc" },
        select: {
          lineNo: true,
          parentLineNo: true,
          sku: true,
          quantity: true,
          unitPriceMinor: true,
          refundedQty: true,
          restockedQty: true,
          product: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!order) throw new DomainError("NOT_FOUND", "Order not found.");
  const sums = await db.stockMovement.groupBy({ by: ["componentId", "type"], where: { shopId, orderId: id }, _sum: { quantity: true } });
  const components = await db.component.findMany({
    where: { shopId, id: { in: [...new Set(sums.map((s) => s.componentId))] } },
    select: { id: true, code: true, name: true, unit: true },
  });
  const byId = new Map(components.map((c) => [c.id, c]));
  const usage = new Map<string, { code: string; name: string; unit: string; sold: number; restocked: number }>();
  for (const s of sums) {
    const c = byId.get(s.componentId);
    if (!c) continue;
    const entry = usage.get(c.id) ?? { code: c.code, name: c.name, unit: c.unit, sold: 0, restocked: 0 };
    if (s.type === "SALE") entry.sold += -(s._sum.quantity ?? 0);
    else entry.restocked += s._sum.quantity ?? 0;
    usage.set(c.id, entry);
  }
  const deliveries = await db.webhookDelivery.findMany({
    where: { shopId, integrationId: order.integrationId, externalId: order.externalId },
    orderBy: { receivedAt: "asc" },
    select: { id: true, deliveryId: true, topic: true, status: true, error: true, receivedAt: true, latencyMs: true },
  });
  return {
    ...order,
    tags: order.tags.map((t) => t.tag),
    usage: [...usage.values()].sort((a, b) => a.code.localeCompare(b.code)),
    deliveries,
  };
}

/** Channel codes seen on orders plus the shop's configured channels, for filter menus. */
export async function listOrderChannels(db: Db, shopId: string) {
  const channels = await db.channel.findMany({ where: { shopId }, select: { code: true, name: true }, orderBy: { code: "asc" } });
  return channels;
}

/**
 * GET /api/v1/orders/{integrationId}/{externalId}: the recorded order as integrators see it. Reads
 * its own writes: deliveries of this order still in the inbox are processed first (bounded), so a
 * tool that POSTs a webhook and GETs right after sees the order.
 */
export async function getOrderForApi(db: Db, shopId: string, integrationId: string, externalId: string) {
  const integration = await db.integration.findFirst({ where: { id: integrationId, shopId }, select: { id: true } });
  if (!integration) throw new DomainError("NOT_FOUND", "Integration not found.");
  await settlePendingInbox(db, shopId, { integrationId, externalId, timeoutMs: SETTLE_MS });
  const order = await db.order.findFirst({
    where: { shopId, integrationId, externalId },
    select: {
      externalId: true,
      status: true,
      locationCode: true,
      channel: true,
      campaign: true,
      customerRef: true,
      currency: true,
      subtotalMinor: true,
      refundedMinor: true,
      placedAt: true,
      fulfilledAt: true,
      receivedAt: true,
      tags: { select: { tag: true } },
      lines: {
        orderBy: { lineNo: "asc" },
        select: {
          lineNo: true,
          parentLineNo: true,
          sku: true,
          quantity: true,
          unitPriceMinor: true,
          refundedQty: true,
          restockedQty: true,
          product: { select: { sku: true, name: true } },
        },
      },
    },
  });
  if (!order) {
    const pending = await db.webhookDelivery.count({ where: { shopId, integrationId, externalId, status: "PENDING" } });
    throw new DomainError("NOT_FOUND", pending ? "The order was received and is still being processed." : "Order not found.", pending ? { pending: true } : undefined);
  }
  return {
    integrationId,
    externalId: order.externalId,
    status: order.status,
    location: order.locationCode,
    channel: order.channel,
    campaign: order.campaign,
    customerRef: order.customerRef,
    tags: order.tags.map((t) => t.tag),
    currency: order.currency,
    placedAt: order.placedAt.toISOString(),
    fulfilledAt: order.fulfilledAt?.toISOString() ?? null,
    receivedAt: order.receivedAt.toISOString(),
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      parentLineNo: l.parentLineNo,
      sku: l.sku,
      mapped: l.product !== null,
      product: l.product,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      totalMinor: l.quantity * l.unitPriceMinor,
      refundedQty: l.refundedQty,
      restockedQty: l.restockedQty,
    })),
    totals: { subtotalMinor: order.subtotalMinor, refundedMinor: order.refundedMinor, netMinor: order.subtotalMinor - order.refundedMinor },
  };
}
