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

  it("updates apply the difference, refunds restock what was restocked, cancellations restock the rest but not what was used up", async () => {
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

    // The unit refunded without restock was used up: cancelling the order does not put it back.
    await sendGeneric({ type: "order.cancelled", data: { orderId: "UPD-1" } });
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(1 * 80);
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

  it("with the default limits, 200 orders arriving at once are all stored (the server absorbs a spike)", async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const req = signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, { type: "order.created", data: genericOrder(`SPIKE-${i}`, [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) });
        return receivePosWebhook(db, generic.id, new Request(req.url, req.init));
      }),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 202)).toEqual([]);
    expect(await db.webhookDelivery.count({ where: { externalId: { startsWith: "SPIKE-" } } })).toBe(200);
    await drainInbox(db);
  });

  it("keeps shops apart: another shop's integration id with this shop's secret is refused", async () => {
    const other = await createTestShop("Other Donuts");
    const res = await send(other.created.integrations.generic.id, signedGenericRequest(`${URL_BASE}/x`, generic.secret, { type: "order.created", data: genericOrder("X-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 1 }]) }));
    expect(res.status).toBe(401);
  });
});

function sendShopify(topic: string, body: unknown, options: { id?: string } = {}) {
  return send(shopify.id, signedShopifyRequest(`${URL_BASE}/${shopify.id}`, shopify.secret, topic, body, options));
}

const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; details: { path: string; message: string }[] | null };

describe("status answers at the edges", () => {
  it("413 from a declared content-length, before reading the body", async () => {
    const req = signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, { type: "order.created", data: genericOrder("BIG-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 1 }]) });
    const res = await send(generic.id, { url: req.url, init: { ...req.init, headers: { ...req.init.headers, "content-length": String(2 * 1024 * 1024) } } });
    expect(res.status).toBe(413);
    expect(errorOf(res.body).code).toBe("PAYLOAD_TOO_LARGE");
    expect(await db.webhookDelivery.count({ where: { externalId: "BIG-1" } })).toBe(0);
  });

  it("413 for a streamed body with no content-length that grows past 1 MiB", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than 1 MiB if the reader kept going; the cap stops reading at the limit.
        if (sent >= 64) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${URL_BASE}/${generic.id}`, { method: "POST", body: stream, duplex: "half" } as RequestInit & { duplex: "half" });
    expect(request.headers.get("content-length")).toBeNull();
    const response = await POST(request, { params: Promise.resolve({ integrationId: generic.id }) });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(64);
  });

  it("404 for a paused integration, and deliveries are accepted again once it is resumed", async () => {
    const body = { type: "order.created", data: genericOrder("PAUSED-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) };
    await t.callers.owner.settings.setIntegrationActive({ id: generic.id, active: false });
    const paused = await sendGeneric(body, { id: "msg_paused_1" });
    expect(paused.status).toBe(404);
    expect(paused.body).toEqual({ error: { code: "NOT_FOUND", message: "Unknown integration.", details: null } });
    await t.callers.owner.settings.setIntegrationActive({ id: generic.id, active: true });
    expect((await sendGeneric(body, { id: "msg_paused_1" })).status).toBe(202);
    await drainInbox(db);
  });

  it("422 naming an unknown generic type and a negative quantity; both kept and shown", async () => {
    const unknown = await sendGeneric({ type: "order.exploded", data: genericOrder("TYPE-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 1 }]) }, { id: "msg_type_1" });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown.body)).toMatchObject({ code: "UNPROCESSABLE", message: expect.stringContaining('Unknown event type "order.exploded"') });
    expect(errorOf(unknown.body).details?.[0]?.path).toBe("type");
    const negative = await sendGeneric({ type: "order.created", data: genericOrder("NEG-1", [{ sku: "GLAZED", quantity: -3, unitPriceMinor: 250 }]) }, { id: "msg_neg_1" });
    expect(negative.status).toBe(422);
    expect(errorOf(negative.body).details?.map((d) => d.path)).toContain("data.lineItems.0.quantity");
    const kept = await t.callers.owner.deliveries.list({ integrationId: generic.id, status: "INVALID" });
    expect(kept.map((d) => [d.deliveryId, d.topic])).toEqual(expect.arrayContaining([["msg_type_1", "order.exploded"], ["msg_neg_1", "order.created"]]));
    expect(await db.order.count({ where: { externalId: { in: ["TYPE-1", "NEG-1"] } } })).toBe(0);
  });

  it("422 naming the field for amounts a stored integer cannot hold, never 202", async () => {
    const cases = [
      { id: "msg_big_price", data: genericOrder("BIGP-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 1e10 }]), path: "data.lineItems.0.unitPriceMinor" },
      { id: "msg_big_line", data: genericOrder("BIGP-2", [{ sku: "GLAZED", quantity: 1000, unitPriceMinor: 5_000_000 }]), path: "data.lineItems.0" },
      {
        id: "msg_big_total",
        data: genericOrder("BIGP-3", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 2_000_000_000 }, { sku: "GLAZED", quantity: 1, unitPriceMinor: 2_000_000_000 }]),
        path: "data.lineItems",
      },
    ];
    for (const c of cases) {
      const res = await sendGeneric({ type: "order.created", data: c.data }, { id: c.id });
      expect(res.status).toBe(422);
      expect(errorOf(res.body).details?.map((d) => d.path)).toContain(c.path);
    }
    const shopifyBig = await sendShopify("orders/create", shopifyOrder(7001, [{ sku: "GLAZED", quantity: 1000, price: "30000.00" }]));
    expect(shopifyBig.status).toBe(422);
    expect(errorOf(shopifyBig.body).details?.map((d) => d.path)).toContain("line_items.0");
    expect(await db.webhookDelivery.count({ where: { externalId: { in: ["BIGP-1", "BIGP-2", "BIGP-3", "7001"] }, status: { not: "INVALID" } } })).toBe(0);
  });
});

describe("a POS retry of a refused delivery is evaluated again", () => {
  it("generic: 422 unknown location, the owner creates it, the same webhook-id is then accepted; a still-invalid retry is 422 again and kept", async () => {
    const body = { type: "order.created", data: genericOrder("RETRY-1", [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }], { location: "truck" }) };
    const first = await sendGeneric(body, { id: "msg_retry_1" });
    expect(first.status).toBe(422);
    expect(errorOf(first.body).details).toEqual([expect.objectContaining({ path: "data.location" })]);
    const again = await sendGeneric(body, { id: "msg_retry_1" });
    expect(again.status).toBe(422);

    const truck = await db.location.create({ data: { shopId: t.shop.id, code: "truck", name: "Food truck", kind: "pop-up" } });
    const retry = await sendGeneric(body, { id: "msg_retry_1" });
    expect(retry).toMatchObject({ status: 202, body: { status: "accepted" } });
    expect((await sendGeneric(body, { id: "msg_retry_1" })).body).toEqual({ status: "duplicate" });
    await drainInbox(db);
    const order = await db.order.findFirstOrThrow({ where: { integrationId: generic.id, externalId: "RETRY-1" } });
    expect(order).toMatchObject({ locationId: truck.id, locationCode: "truck" });
    const rows = await db.webhookDelivery.findMany({ where: { integrationId: generic.id, deliveryId: "msg_retry_1" }, orderBy: { receivedAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["INVALID", "INVALID", "PROCESSED"]);
  });

  it("a delivery found invalid while processing gives up its keys too", async () => {
    // Accepted while its location existed (a row the inbox holds), the location deleted before processing.
    const body = JSON.stringify({ type: "order.created", data: genericOrder("RETRY-2", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }], { location: "van" }) });
    await db.webhookDelivery.create({
      data: { shopId: t.shop.id, integrationId: generic.id, deliveryId: "msg_retry_2", deliveryKey: "msg_retry_2", dedupeKey: "RETRY-2|order.created", externalId: "RETRY-2", topic: "order.created", body, eventAt: new Date() },
    });
    await drainInbox(db);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { deliveryId: "msg_retry_2" } })).toMatchObject({ status: "INVALID", deliveryKey: null, dedupeKey: null });
    await db.location.create({ data: { shopId: t.shop.id, code: "van", name: "Van", kind: "pop-up" } });
    const retry = await send(generic.id, { ...signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, body, { id: "msg_retry_2" }) });
    expect(retry.status).toBe(202);
    await drainInbox(db);
    expect(await db.order.findFirstOrThrow({ where: { externalId: "RETRY-2" } })).toMatchObject({ locationCode: "van" });
  });

  it("replaying the refused copy after the retry was accepted is refused, so nothing applies twice", async () => {
    const kept = await db.webhookDelivery.findFirstOrThrow({ where: { deliveryId: "msg_retry_1", status: "INVALID" } });
    await expect(t.callers.owner.deliveries.replay({ id: kept.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.order.count({ where: { externalId: "RETRY-1" } })).toBe(1);
  });
});

describe("Shopify locations", () => {
  let kiosk: { id: string };
  beforeAll(async () => {
    kiosk = await db.location.create({ data: { shopId: t.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
  });

  it("a numeric location_id resolves through the location's POS id, else the integration's default location", async () => {
    await t.callers.owner.deliveries.setLocationPosRef({ locationId: kiosk.id, posRef: "68357324979" });
    const atKiosk = await sendShopify("orders/create", shopifyOrder(8001, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { note_attributes: [], location_id: 68357324979 }));
    expect(atKiosk.status).toBe(202);
    // New integrations default to `main`: an online order with no location goes there.
    const online = await sendShopify("orders/create", shopifyOrder(8002, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { note_attributes: [], location_id: null }));
    expect(online.status).toBe(202);
    await drainInbox(db);
    const orders = await db.order.findMany({ where: { integrationId: shopify.id, externalId: { in: ["8001", "8002"] } }, orderBy: { externalId: "asc" } });
    expect(orders.map((o) => [o.externalId, o.locationCode])).toEqual([["8001", "kiosk"], ["8002", "main"]]);
  });

  it("with no default and several locations, an unlinked location_id is a 422 naming location_id; linking it makes the retry land", async () => {
    await t.callers.owner.deliveries.setDefaultLocation({ integrationId: shopify.id, locationId: null });
    const order = shopifyOrder(8003, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { note_attributes: [], location_id: 555 });
    const refused = await sendShopify("orders/create", order, { id: "shopify-retry-8003" });
    expect(refused.status).toBe(422);
    expect(errorOf(refused.body)).toMatchObject({ code: "UNPROCESSABLE", message: expect.stringContaining("Shopify location 555"), details: [{ path: "location_id" }] });
    await t.callers.owner.deliveries.setLocationPosRef({ locationId: t.main.id, posRef: "555" });
    expect((await sendShopify("orders/create", order, { id: "shopify-retry-8003" })).status).toBe(202);
    await drainInbox(db);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "8003" } })).locationCode).toBe("main");
    await t.callers.owner.deliveries.setDefaultLocation({ integrationId: shopify.id, locationId: t.main.id });
  });

  it("an unknown location note attribute is refused by name rather than booked elsewhere", async () => {
    const res = await sendShopify("orders/create", shopifyOrder(8004, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { note_attributes: [{ name: "location", value: "moon" }] }));
    expect(res.status).toBe(422);
    expect(errorOf(res.body).details).toEqual([expect.objectContaining({ path: "note_attributes.location" })]);
  });
});

describe("Shopify order lifecycle", () => {
  it("orders/updated applies the difference; orders/cancelled restocks", async () => {
    const start = await onHand();
    const created = shopifyOrder(9001, [{ sku: "GLAZED", quantity: 2, price: "2.50" }], { created_at: at(60_000), updated_at: at(60_000) });
    expect((await sendShopify("orders/create", created)).status).toBe(202);
    const updated = { ...created, updated_at: at(30_000), line_items: [{ id: 90010, sku: "GLAZED", quantity: 5, price: "2.50" }] };
    expect((await sendShopify("orders/updated", updated)).status).toBe(202);
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(5 * 80);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9001" } })).subtotalMinor).toBe(1250);
    const cancelled = { ...updated, cancelled_at: at(10_000), updated_at: at(10_000) };
    expect((await sendShopify("orders/cancelled", cancelled)).status).toBe(202);
    await drainInbox(db);
    expect((await onHand()).DOUGH).toBe(start.DOUGH);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9001" } })).status).toBe("CANCELLED");
  });

  it("out of order: a newer update before its create, an older update last, a late update after the cancellation", async () => {
    const start = await onHand();
    const base = shopifyOrder(9002, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { created_at: at(120_000), updated_at: at(120_000) });
    const newer = { ...base, updated_at: at(60_000), line_items: [{ id: 90020, sku: "GLAZED", quantity: 4, price: "2.50" }] };
    const older = { ...base, updated_at: at(90_000), line_items: [{ id: 90020, sku: "GLAZED", quantity: 9, price: "2.50" }] };
    await sendShopify("orders/updated", newer);
    await drainInbox(db);
    await sendShopify("orders/create", base);
    await sendShopify("orders/updated", older);
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(4 * 80);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9002" }, include: { lines: true } })).lines[0]?.quantity).toBe(4);

    await sendShopify("orders/cancelled", { ...newer, cancelled_at: at(30_000), updated_at: at(30_000) });
    await sendShopify("orders/updated", { ...newer, updated_at: at(1_000), line_items: [{ id: 90020, sku: "GLAZED", quantity: 2, price: "2.50" }] });
    await drainInbox(db);
    expect((await onHand()).DOUGH).toBe(start.DOUGH);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9002" } })).status).toBe("CANCELLED");
  });

  it("refunds name their line by line_item_id (no nested line_item), and count money in the currency's minor unit", async () => {
    const start = await onHand();
    const order = shopifyOrder(9003, [{ sku: "GLAZED", quantity: 2, price: "250" }, { sku: "GLAZED", quantity: 2, price: "400" }], { currency: "JPY" });
    await sendShopify("orders/create", order);
    await drainInbox(db);
    const recorded = await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9003" }, include: { lines: { orderBy: { lineNo: "asc" } } } });
    expect(recorded.subtotalMinor).toBe(2 * 250 + 2 * 400);
    expect(recorded.lines.map((l) => l.posLineId)).toEqual(["90030", "90031"]);
    const refund = {
      id: 501,
      order_id: 9003,
      created_at: new Date().toISOString(),
      refund_line_items: [{ quantity: 1, line_item_id: 90031, restock_type: "return" }],
      transactions: [
        { kind: "refund", status: "success", currency: "JPY", amount: "400" },
        { kind: "refund", status: "failure", currency: "JPY", amount: "400" },
      ],
    };
    expect((await sendShopify("refunds/create", refund)).status).toBe(202);
    await drainInbox(db);
    const after = await db.order.findFirstOrThrow({ where: { id: recorded.id }, include: { lines: { orderBy: { lineNo: "asc" } } } });
    expect(after.lines.map((l) => [l.refundedQty, l.restockedQty])).toEqual([[0, 0], [1, 1]]);
    expect(after.refundedMinor).toBe(400);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(3 * 80);
  });

  it("stores the earliest fulfilment as the collection time, generic and Shopify", async () => {
    const data = genericOrder("FUL-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }], { placedAt: at(3_600_000), tags: ["preorder"] });
    const collected = at(120_000);
    await sendGeneric({ type: "order.created", data });
    await sendGeneric({ type: "order.updated", data: { ...data, updatedAt: at(60_000), fulfilledAt: collected } });
    // A later state that says nothing about fulfilment does not un-collect it.
    await sendGeneric({ type: "order.updated", data: { ...data, updatedAt: at(30_000) } });
    const fulfilled = at(600_000);
    await sendShopify("orders/updated", shopifyOrder(9004, [{ sku: "GLAZED", quantity: 1, price: "2.50" }], { fulfillments: [{ created_at: fulfilled, status: "success" }] }));
    await drainInbox(db);
    expect((await db.order.findFirstOrThrow({ where: { externalId: "FUL-1" } })).fulfilledAt?.toISOString()).toBe(collected);
    expect((await db.order.findFirstOrThrow({ where: { integrationId: shopify.id, externalId: "9004" } })).fulfilledAt?.toISOString()).toBe(fulfilled);
  });
});

describe("exactly once under concurrency for refunds and cancellations", () => {
  it("20 concurrent copies of one refund and of one cancellation have one effect each", async () => {
    const start = await onHand();
    await sendGeneric({ type: "order.created", data: genericOrder("CC-1", [{ sku: "GLAZED", quantity: 4, unitPriceMinor: 250 }]) });
    await sendShopify("orders/create", shopifyOrder(9101, [{ sku: "GLAZED", quantity: 4, price: "2.50" }]));
    await drainInbox(db);

    const refund = { type: "order.refunded", data: { orderId: "CC-1", refund: { id: "cc-r1", lineItems: [{ sku: "GLAZED", quantity: 1 }], restock: true } } };
    const shopifyRefundBody = shopifyRefund(9101, 9191, [{ sku: "GLAZED", quantity: 1, restockType: "return", subtotal: "2.50" }]);
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => sendGeneric(refund)),
      ...Array.from({ length: 20 }, () => sendShopify("refunds/create", shopifyRefundBody)),
    ]);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 200 && a.body.status === "duplicate")).toHaveLength(38);
    await drainInbox(db);
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe((3 + 3) * 80);

    const cancels = await Promise.all(Array.from({ length: 20 }, () => sendGeneric({ type: "order.cancelled", data: { orderId: "CC-1" } })));
    expect(cancels.filter((a) => a.status === 202)).toHaveLength(1);
    await drainInbox(db);
    const order = await db.order.findFirstOrThrow({ where: { externalId: "CC-1" } });
    expect(order).toMatchObject({ status: "CANCELLED", refundedMinor: 250 });
    expect(start.DOUGH! - (await onHand()).DOUGH!).toBe(3 * 80);
  });

  it("two different refunds of the whole order racing each other restock it once", async () => {
    const start = await onHand();
    await sendGeneric({ type: "order.created", data: genericOrder("CC-2", [{ sku: "GLAZED", quantity: 3, unitPriceMinor: 250 }]) });
    await drainInbox(db);
    await Promise.all(["a", "b"].map((id) => sendGeneric({ type: "order.refunded", data: { orderId: "CC-2", refund: { id: `cc2-${id}`, lineItems: [{ sku: "GLAZED", quantity: 3 }], restock: true } } })));
    await drainInbox(db);
    expect((await onHand()).DOUGH).toBe(start.DOUGH);
    expect(await db.order.findFirstOrThrow({ where: { externalId: "CC-2" } })).toMatchObject({ status: "REFUNDED", refundedMinor: 750 });
  });

  it("a refund amount larger than what is left of the order is counted up to the subtotal", async () => {
    await sendGeneric({ type: "order.created", data: genericOrder("CC-3", [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }]) });
    await sendGeneric({ type: "order.refunded", data: { orderId: "CC-3", refund: { id: "cc3-r", lineItems: [{ sku: "GLAZED", quantity: 1 }], restock: true, amountMinor: 2_000_000_000 } } });
    await drainInbox(db);
    expect((await db.order.findFirstOrThrow({ where: { externalId: "CC-3" } })).refundedMinor).toBe(500);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { externalId: "CC-3", topic: "order.refunded" } })).toMatchObject({ status: "PROCESSED", error: expect.stringContaining("counted as 500") });
  });
});

describe("when the database is busy", () => {
  function holdDatabase(ms: number) {
    return db.$transaction(
      async (tx) => {
        await tx.shop.count();
        await new Promise((r) => setTimeout(r, ms));
      },
      { timeout: ms + 10_000 },
    );
  }

  it("a delivery waits for a transaction longer than Prisma's 2 s start wait, and is accepted", async () => {
    await sendGeneric({ type: "order.created", data: genericOrder("BUSY-0", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) }); // warm caches
    const held = holdDatabase(2500);
    await new Promise((r) => setTimeout(r, 20));
    const res = await sendGeneric({ type: "order.created", data: genericOrder("BUSY-1", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) });
    await held;
    expect(res).toMatchObject({ status: 202, body: { status: "accepted" } });
    await drainInbox(db);
  });

  it("past its bound it answers 503 + Retry-After, stores nothing, and the retry is accepted", async () => {
    const body = { type: "order.created", data: genericOrder("BUSY-2", [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]) };
    const req = signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, body, { id: "msg_busy_2" });
    const held = holdDatabase(800);
    await new Promise((r) => setTimeout(r, 20));
    const answer = await receivePosWebhook(db, generic.id, new Request(req.url, req.init), { dbWaitMs: 200 });
    expect(answer.status).toBe(503);
    expect(answer.headers?.["Retry-After"]).toBe("2");
    expect(answer.body).toEqual({ error: { code: "UNAVAILABLE", message: expect.stringContaining("not stored"), details: null } });
    await held;
    expect(await db.webhookDelivery.count({ where: { deliveryId: "msg_busy_2" } })).toBe(0);
    const retry = signedGenericRequest(`${URL_BASE}/${generic.id}`, generic.secret, body, { id: "msg_busy_2" });
    expect((await send(generic.id, retry)).status).toBe(202);
    await drainInbox(db);
  });
});
