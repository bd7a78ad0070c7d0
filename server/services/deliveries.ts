import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { appUrl } from "../env";
import { DomainError } from "../domain/errors";
import { webhookPath } from "./integrations";
import { parseDelivery, processPendingDeliveries, receivePosWebhook } from "./ingest";
import { loadCatalogView, resolveOrderLocation } from "./orders";
import { genericOrder, shopifyOrder, signedGenericRequest, signedShopifyRequest } from "./ingest-signing";
import { isUniqueViolation } from "../db-errors";

export const DELIVERY_STATUSES = ["PENDING", "PROCESSED", "INVALID", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

async function ownedIntegration(db: Db, shopId: string, integrationId: string) {
  const integration = await db.integration.findFirst({
    where: { id: integrationId, shopId },
    select: { id: true, kind: true, name: true, active: true, createdAt: true, previousSecretExpiresAt: true },
  });
  if (!integration) throw new DomainError("NOT_FOUND", "Integration not found.");
  return integration;
}

/** One integration with its delivery counts: what the delivery log page shows at the top. */
export async function getIntegrationOverview(db: Db, shopId: string, integrationId: string) {
  const integration = await ownedIntegration(db, shopId, integrationId);
  const counts = await db.webhookDelivery.groupBy({ by: ["status"], where: { shopId, integrationId }, _count: { _all: true } });
  const last = await db.webhookDelivery.findFirst({ where: { shopId, integrationId }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } });
  return {
    ...integration,
    url: `${appUrl()}${webhookPath(integration.id)}`,
    lastReceivedAt: last?.receivedAt ?? null,
    counts: Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?._count._all ?? 0])) as Record<DeliveryStatus, number>,
  };
}

/** The newest deliveries of an integration (the log), optionally of one status. */
export async function listDeliveries(db: Db, shopId: string, integrationId: string, input: { status?: DeliveryStatus; limit?: number }) {
  await ownedIntegration(db, shopId, integrationId);
  return db.webhookDelivery.findMany({
    where: { shopId, integrationId, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: input.limit ?? 200,
    select: { id: true, deliveryId: true, topic: true, externalId: true, status: true, error: true, attempts: true, receivedAt: true, processedAt: true, latencyMs: true },
  });
}

/** The raw body of one kept delivery, as it arrived. */
export async function getDeliveryBody(db: Db, shopId: string, id: string) {
  const row = await db.webhookDelivery.findFirst({ where: { id, shopId }, select: { id: true, deliveryId: true, topic: true, body: true, status: true, error: true } });
  if (!row) throw new DomainError("NOT_FOUND", "Delivery not found.");
  return row;
}

/**
 * Processes a kept delivery again (after fixing what made it invalid, e.g. creating its location).
 * A delivery still invalid stays INVALID with the current reason. Processed deliveries are not
 * replayed (applying a refund twice would refund twice), nor one whose event was since accepted
 * through another delivery (the POS's retry).
 */
export async function replayDelivery(db: Db, shopId: string, id: string) {
  const row = await db.webhookDelivery.findFirst({
    where: { id, shopId },
    select: { id: true, status: true, integrationId: true, deliveryId: true, topic: true, body: true, receivedAt: true, eventAt: true, integration: { select: { kind: true } } },
  });
  if (!row) throw new DomainError("NOT_FOUND", "Delivery not found.");
  if (row.status === "PROCESSED") throw new DomainError("CONFLICT", "This delivery was already applied; replaying it would apply it twice.");

  const parsed = parseDelivery(row.integration.kind, row.topic, row.body, row.receivedAt);
  let problem: string | null = parsed.ok ? null : parsed.message;
  if (parsed.ok && parsed.event.state) {
    const located = resolveOrderLocation(await loadCatalogView(db, shopId), row.integrationId, parsed.event.state);
    if (!located.ok) problem = located.message;
  }
  if (problem || !parsed.ok) {
    await db.webhookDelivery.update({ where: { id }, data: { status: "INVALID", error: problem, deliveryKey: null, dedupeKey: null, processedAt: new Date() } });
    return db.webhookDelivery.findUniqueOrThrow({ where: { id }, select: { id: true, status: true, error: true } });
  }

  const dedupeKey = parsed.event.dedupeKey.slice(0, 400);
  const taken = await db.webhookDelivery.findFirst({
    where: { integrationId: row.integrationId, id: { not: id }, OR: [{ deliveryKey: row.deliveryId }, { dedupeKey }] },
    select: { deliveryId: true, status: true },
  });
  if (taken) {
    throw new DomainError("CONFLICT", `This event was received again as delivery ${taken.deliveryId} (${taken.status.toLowerCase()}); replaying this copy would apply it twice.`);
  }
  try {
    await db.webhookDelivery.update({
      where: { id },
      data: {
        status: "PENDING",
        error: null,
        deliveryKey: row.deliveryId,
        dedupeKey,
        externalId: parsed.event.externalId,
        eventAt: row.eventAt ?? parsed.event.eventAt,
        processedAt: null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "This event was just received again through another delivery.");
    throw error;
  }
  await processPendingDeliveries(db, { shopId, integrationId: row.integrationId, externalId: parsed.event.externalId, limit: 500, eager: true });
  return db.webhookDelivery.findUniqueOrThrow({ where: { id }, select: { id: true, status: true, error: true } });
}

/**
 * Sends a signed test order through the real endpoint code (verify → inbox → processing), then
 * cancels it so stock ends where it started. Shows the owner the whole path works.
 */
export async function sendTestEvent(db: Db, shopId: string, integrationId: string) {
  await ownedIntegration(db, shopId, integrationId);
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { id: true, kind: true, secret: true, active: true } });
  if (!integration.active) throw new DomainError("CONFLICT", "The integration is paused; resume it to receive events.");
  const [location, product] = await Promise.all([
    db.location.findFirst({ where: { shopId, active: true }, orderBy: { createdAt: "asc" }, select: { code: true } }),
    db.product.findFirst({ where: { shopId, active: true, isModifier: false }, orderBy: { sku: "asc" }, select: { sku: true, priceMinor: true } }),
  ]);
  if (!location) throw new DomainError("CONFLICT", "Create a location first: test orders are recorded at one.");
  const sku = product?.sku ?? "TEST-SKU";
  const price = product?.priceMinor ?? 100;
  const url = `${appUrl()}${webhookPath(integrationId)}`;
  const externalId = `test-${randomUUID().slice(0, 8)}`;
  const requests =
    integration.kind === "shopify"
      ? (() => {
          const numericId = Date.now();
          const order = shopifyOrder(numericId, [{ sku, quantity: 1, price: (price / 100).toFixed(2) }], {
            tags: "test",
            source_name: "pos",
            note_attributes: [{ name: "location", value: location.code }],
          });
          const cancelled = { ...order, cancelled_at: new Date().toISOString(), updated_at: new Date(Date.now() + 1000).toISOString() };
          return [
            signedShopifyRequest(url, integration.secret, "orders/create", order),
            signedShopifyRequest(url, integration.secret, "orders/cancelled", cancelled),
          ];
        })()
      : [
          signedGenericRequest(url, integration.secret, { type: "order.created", data: genericOrder(externalId, [{ sku, quantity: 1, unitPriceMinor: price }], { location: location.code, tags: ["test"] }) }),
          signedGenericRequest(url, integration.secret, { type: "order.cancelled", data: { orderId: externalId } }),
        ];
  const answers = [];
  for (const r of requests) {
    const answer = await receivePosWebhook(db, integrationId, new Request(r.url, r.init));
    answers.push({ deliveryId: r.id, status: answer.status, body: answer.body });
  }
  await processPendingDeliveries(db, { shopId, limit: 500 });
  return { answers, ok: answers.every((a) => a.status >= 200 && a.status < 300) };
}
