import { describe, expect, it, beforeAll } from "vitest";
import { db } from "@/server/db";
import { applyCatalog } from "@/server/services/catalog";
import { drainInbox, forgetCachedIntegrations, receivePosWebhook } from "@/server/services/ingest";
import { getBalances, recordMovements } from "@/server/services/ledger";
import { genericOrder, shopifyOrder, shopifyRefund, signedGenericRequest, signedShopifyRequest } from "@/server/services/ingest-signing";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { POST } from "./route";

const CATALOG = {
  components: [
    { code: "DOUGH", name: "Dough", unit: "g" },
    { code: "GLAZE", name: "Glaze", unit: "g" },
    { code: "SPRINKLES", name: "Sprinkles", unit: "g" },
    { code: "BOX-4", name: "Box of 4", unit: "pc" },
  ],
  products: [
    { sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 20 }] },
    { sku: "SPRINKLES", name: "Extra sprinkles", priceMinor: 50, isModifier: true, kit: [{ component: "SPRINKLES", quantity: 5 }] },
    { sku: "BOX-OF-4", name: "Box of 4 glazed", priceMinor: 900, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX-4", quantity: 1 }] },
  ],
};

const URL_BASE = "http://localhost/api/webhooks/pos";

async function send(integrationId: string, req: { url: string; init: RequestInit }) {
  const response = await POST(new Request(req.url, req.init), { params: Promise.resolve({ integrationId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

let t: TestShop;
let generic: { id: string; secret: string };
let shopify: { id: string; secret: string };
let components: Record<string, string>;

async function onHand() {
  const balances = await getBalances(db, t.shop.id, t.main.id);
  return Object.fromEntries(Object.entries(components).map(([code, id]) => [code, balances.get(id) ?? 0]));
}

function sendGeneric(body: unknown, options: Parameters<typeof signedGenericRequest>[3] = {}) {
  return send(generic.id, signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, body, options));
}

beforeAll(async () => {
  t = await createTestShop();
  generic = t.created.integrations.generic;
  shopify = t.created.integrations.shopify;
  await applyCatalog(db, t.shop.id, CATALOG);
  const rows = await db.component.findMany({ where: { shopId: t.shop.id }, select: { id: true, code: true } });
  components = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  await recordMovements(db, t.shop.id, Object.values(components).map((componentId) => ({ locationId: t.main.id, componentId, type: "RECEIPT" as const, quantity: 100_000 })));
});

describe("POS webhook contract", () => {
  it("answers 404 for an unknown integration", async () => {
    const res = await send("nope", signedGenericRequest(`${URL_BASE}/nope`, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", { type: "order.created" }));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "NOT_FOUND", message: "Unknown integration.", details: null } });
  });

  it("answers 401 for a missing or wrong signature or a stale timestamp, and stores nothing", async () => {
    const body = { type: "order.created", data: genericOrder("SIG-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) };
    const wrong = await sendGeneric(body, { signWith: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });
    expect(wrong.status).toBe(401);
    expect((wrong.body.error as { code: string }).code).toBe("UNAUTHORIZED");
    const stale = await sendGeneric(body, { at: new Date(Date.now() - 6 * 60_000) });
    expect(stale.status).toBe(401);
    expect((stale.body.error as { message: string }).message).toMatch(/5 minutes/);
    const unsigned = await send(generic.id, { url: `${URL_BASE}/${generic.id}`, init: { method: "POST", body: JSON.stringify(body) } });
    expect(unsigned.status).toBe(401);
    const badShopify = await send(shopify.id, { url: `${URL_BASE}/${shopify.id}`, init: { method: "POST", headers: { "x-shopify-hmac-sha256": "AAAA", "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "x" }, body: "{}" } });
    expect(badShopify.status).toBe(401);
    expect(await db.webhookDelivery.count({ where: { externalId: "SIG-1" } })).toBe(0);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const huge = "x".repeat(1024 * 1024 + 10);
    const res = await sendGeneric(huge);
    expect(res.status).toBe(413);
    expect((res.body.error as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 422 for an authentic but invalid delivery and keeps it as INVALID", async () => {
    const notJson = await sendGeneric("{not json", { id: "msg_bad_json" });
    expect(notJson.status).toBe(422);
    expect(notJson.body).toMatchObject({ error: { code: "UNPROCESSABLE", message: "Body is not valid JSON." } });
    const badQty = await sendGeneric({ type: "order.created", data: genericOrder("BAD-QTY", [{ sku: "GLAZED", quantity: 1.5, unitPriceMinor: 250 }]) });
    expect(badQty.status).toBe(422);
    expect(JSON.stringify(badQty.body)).toContain("data.lineItems.0.quantity");
    const badLocation = await sendGeneric({ type: "order.created", data: genericOrder("BAD-LOC", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }], { location: "mars" }) });
    expect(badLocation.status).toBe(422);
    expect(JSON.stringify(badLocation.body)).toContain("mars");
    const kept = await db.webhookDelivery.findMany({ where: { integrationId: generic.id, status: "INVALID" }, select: { deliveryId: true, error: true } });
    expect(kept.map((k) => k.deliveryId)).toContain("msg_bad_json");
    expect(kept).toHaveLength(3);
    expect(await db.order.count({ where: { externalId: { in: ["BAD-QTY", "BAD-LOC"] } } })).toBe(0);
  });

  it("accepts, stores, then records the order with its kit consumption and outbox event", async () => {
    const before = await onHand();
    const res = await sendGeneric({
      type: "order.created",
      data: genericOrder("A-1001", [
        { sku: "GLAZED", quantity: 2, unitPriceMinor: 250, modifiers: [{ sku: "SPRINKLES", quantity: 1, unitPriceMinor: 50 }] },
        { sku: "BOX-OF-4", quantity: 1, unitPriceMinor: 900 },
        { sku: "MYSTERY", quantity: 1, unitPriceMinor: 100 },
      ], { tags: ["preorder"], campaign: "nl-2026-11-20", customerRef: "c_123", channel: "preorder-qr" }),
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "accepted" });
    const stored = await db.webhookDelivery.findFirstOrThrow({ where: { externalId: "A-1001" } });
    expect(["PENDING", "PROCESSED"]).toContain(stored.status);
    await drainInbox(db);
    const order = await db.order.findFirstOrThrow({ where: { externalId: "A-1001" }, include: { lines: { orderBy: { lineNo: "asc" } }, tags: true } });
    expect(order).toMatchObject({ status: "OPEN", channel: "preorder-qr", campaign: "nl-2026-11-20", customerRef: "c_123", subtotalMinor: 2 * 250 + 2 * 50 + 900 + 100 });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.parentLineNo, l.productId !== null])).toEqual([
      ["GLAZED", 2, null, true],
      ["SPRINKLES", 2, 1, true],
      ["BOX-OF-4", 1, null, true],
      ["MYSTERY", 1, null, false],
    ]);
    expect(order.tags.map((x) => x.tag)).toEqual(["preorder"]);
    const after = await onHand();
    expect(before.DOUGH! - after.DOUGH!).toBe(6 * 80);
    expect(before.GLAZE! - after.GLAZE!).toBe(6 * 20);
    expect(before.SPRINKLES! - after.SPRINKLES!).toBe(10);
    expect(before["BOX-4"]! - after["BOX-4"]!).toBe(1);
    expect(await db.outboxEvent.count({ where: { shopId: t.shop.id, type: "order.recorded" } })).toBe(1);
    const processed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: stored.id } });
    expect(processed.status).toBe("PROCESSED");
    expect(processed.latencyMs).not.toBeNull();
  });

  it("has exactly one effect for 9 sequential and 20 concurrent copies", async () => {
    const before = await onHand();
    const body = { type: "order.created", data: genericOrder("ONCE-1", [{ sku: "GLAZED", quantity: 3, unitPriceMinor: 250 }]) };
    const sequential: number[] = [];
    for (let i = 0; i < 9; i++) sequential.push((await sendGeneric(body, { id: "msg_once_1" })).status);
    expect(sequential).toEqual([202, 200, 200, 200, 200, 200, 200, 200, 200]);

    const body2 = { type: "order.created", data: genericOrder("ONCE-2", [{ sku: "GLAZED", quantity: 5, unitPriceMinor: 250 }]) };
    // Same webhook-id, and also fresh ids with the same content (a POS that re-sends): both dedupe.
    const copies = await Promise.all(Array.from({ length: 20 }, (_, i) => sendGeneric(body2, { id: i % 2 ? "msg_once_2" : `msg_once_2_${i}` })));
    expect(copies.filter((c) => c.status === 202)).toHaveLength(1);
    expect(copies.filter((c) => c.status === 200 && c.body.status === "duplicate")).toHaveLength(19);
    await drainInbox(db);
    const after = await onHand();
    expect(before.DOUGH! - after.DOUGH!).toBe((3 + 5) * 80);
    expect(await db.order.count({ where: { externalId: { in: ["ONCE-1", "ONCE-2"] } } })).toBe(2);
  });

  it("updates apply the difference, refunds restock what was restocked, cancellations restock the rest", async () => {
    const placedAt = new Date(Date.now() - 60_000).toISOString();
    const base = genericOrder("UPD-1", [{ sku: "GLAZED", quantity: 4, unitPriceMinor: 250 }], { placedAt });
    const start = await onHand();
    await sendGeneric({ type: "order.created", data: base });
    await sendGeneric({ type: "order.updated", data: { ...base, updatedAt: new Date(Date.now() - 30_000).toISOString(), lineItems: [{ sku: "GLAZED", quantity: 6, unitPriceMinor: 250 }] } });
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(6 * 80);

    await sendGeneric({ type: "order.refunded", data: { orderId: "UPD-1", refund: { id: "r1", lineItems: [{ sku: "GLAZED", quantity: 2 }], restock: true } } });
    await sendGeneric({ type: "order.refunded", data: { orderId: "UPD-1", refund: { id: "r2", lineItems: [{ sku: "GLAZED", quantity: 1 }], restock: false } } });
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(4 * 80);
    const refunded = await db.order.findFirstOrThrow({ where: { externalId: "UPD-1" }, include: { lines: true } });
    expect(refunded).toMatchObject({ status: "OPEN", refundedMinor: 3 * 250 });
    expect(refunded.lines[0]).toMatchObject({ refundedQty: 3, restockedQty: 2 });

    await sendGeneric({ type: "order.refunded", data: { orderId: "UPD-1", refund: { id: "r3", lineItems: [{ sku: "GLAZED", quantity: 9 }], restock: true } } });
    await drainInbox(db);
    const overRefund = await db.webhookDelivery.findFirstOrThrow({ where: { externalId: "UPD-1", dedupeKey: { endsWith: "|r3" } } });
    expect(overRefund).toMatchObject({ status: "PROCESSED", error: expect.stringContaining("6 × GLAZED") });
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(1 * 80);

    await sendGeneric({ type: "order.cancelled", data: { orderId: "UPD-1" } });
    await drainInbox(db);
    expect((await onHand()).DOUGH).toBe(start.DOUGH);
    expect((await db.order.findFirstOrThrow({ where: { externalId: "UPD-1" } })).status).toBe("CANCELLED");
  });

  it("converges when events arrive out of order (refund before create, old update after new)", async () => {
    const start = await onHand();
    const placedAt = new Date(Date.now() - 120_000).toISOString();
    const created = genericOrder("OOO-1", [{ sku: "GLAZED", quantity: 5, unitPriceMinor: 250 }], { placedAt });
    await sendGeneric({ type: "order.refunded", data: { orderId: "OOO-1", refund: { id: "r1", lineItems: [{ sku: "GLAZED", quantity: 1 }], restock: true } } });
    await sendGeneric({ type: "order.updated", data: { ...created, updatedAt: new Date(Date.now() - 30_000).toISOString(), lineItems: [{ sku: "GLAZED", quantity: 3, unitPriceMinor: 250 }] } });
    await drainInbox(db);
    await sendGeneric({ type: "order.updated", data: { ...created, updatedAt: new Date(Date.now() - 90_000).toISOString(), lineItems: [{ sku: "GLAZED", quantity: 9, unitPriceMinor: 250 }] } });
    await sendGeneric({ type: "order.created", data: created });
    await drainInbox(db);
    const order = await db.order.findFirstOrThrow({ where: { externalId: "OOO-1" }, include: { lines: true } });
    expect(order.lines[0]).toMatchObject({ quantity: 3, refundedQty: 1, restockedQty: 1 });
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(2 * 80);
    expect(await db.webhookDelivery.count({ where: { externalId: "OOO-1", status: "PENDING" } })).toBe(0);
  });

  it("verifies with the previous secret until its grace period ends", async () => {
    const rotated = await t.callers.owner.settings.rotateIntegrationSecret({ id: generic.id });
    const old = generic.secret;
    const body = { type: "order.created", data: genericOrder("ROT-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) };
    expect((await send(generic.id, signedGenericRequest(`${URL_BASE}/${generic.id}`, old, body))).status).toBe(202);
    expect((await send(generic.id, signedGenericRequest(`${URL_BASE}/${generic.id}`, rotated.secret, { ...body, data: { ...body.data, orderId: "ROT-2" } }))).status).toBe(202);
    await db.integration.update({ where: { id: generic.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    forgetCachedIntegrations();
    const expired = await send(generic.id, signedGenericRequest(`${URL_BASE}/${generic.id}`, old, { ...body, data: { ...body.data, orderId: "ROT-3" } }));
    expect(expired.status).toBe(401);
    generic = { id: generic.id, secret: rotated.secret };
    await drainInbox(db);
  });

  it("ingests Shopify orders and refunds by restock_type", async () => {
    const start = await onHand();
    const order = shopifyOrder(5001, [{ sku: "GLAZED", quantity: 4, price: "2.50" }], { tags: "preorder, midnight-bundle", landing_site: "/?utm_campaign=nl-1" });
    const url = `${URL_BASE}/${shopify.id}`;
    const created = await send(shopify.id, signedShopifyRequest(url, shopify.secret, "orders/create", order));
    expect(created).toMatchObject({ status: 202, body: { status: "accepted" } });
    const repeat = await send(shopify.id, signedShopifyRequest(url, shopify.secret, "orders/create", order, { id: created.body.status ? "other-id" : "" }));
    expect(repeat.body).toEqual({ status: "duplicate" });
    await send(shopify.id, signedShopifyRequest(url, shopify.secret, "refunds/create", shopifyRefund(5001, 77, [
      { sku: "GLAZED", quantity: 1, restockType: "return", subtotal: "2.50" },
      { sku: "GLAZED", quantity: 1, restockType: "no_restock", subtotal: "2.50" },
    ])));
    await drainInbox(db);
    const recorded = await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "5001" }, include: { lines: true, tags: true } });
    expect(recorded).toMatchObject({ channel: "online", campaign: "nl-1", subtotalMinor: 1000, refundedMinor: 500, status: "OPEN" });
    expect(recorded.tags.map((x) => x.tag).sort()).toEqual(["midnight-bundle", "preorder"]);
    expect(recorded.lines[0]).toMatchObject({ refundedQty: 2, restockedQty: 1 });
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(3 * 80);
    const unknownTopic = await send(shopify.id, signedShopifyRequest(url, shopify.secret, "products/create", {}));
    expect(unknownTopic.status).toBe(422);
  });

  it("sheds load beyond the in-flight limit with 429 + Retry-After, storing nothing for the shed ones", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const req = signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, { type: "order.created", data: genericOrder(`SHED-${i}`, [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) });
        return receivePosWebhook(db, generic.id, new Request(req.url, req.init), { maxInflight: 2 });
      }),
    );
    const shed = answers.filter((a) => a.status === 429);
    expect(shed.length).toBeGreaterThan(0);
    expect(shed.every((a) => a.headers?.["Retry-After"] === "1")).toBe(true);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(6 - shed.length);
    expect(await db.webhookDelivery.count({ where: { externalId: { startsWith: "SHED-" } } })).toBe(6 - shed.length);
    await drainInbox(db);
  });

  it("keeps shops apart: another shop's integration id with this shop's secret is refused", async () => {
    const other = await createTestShop("Other Donuts");
    const res = await send(other.created.integrations.generic.id, signedGenericRequest(`${URL_BASE}/x`, generic.secret, { type: "order.created", data: genericOrder("X-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 1 }]) }));
    expect(res.status).toBe(401);
  });
});
