import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { applyCatalog } from "../../services/catalog";
import { getBalances } from "../../services/ledger";
import { recordTestOrder } from "../../services/orders";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let t: TestShop;
let other: TestShop;

beforeAll(async () => {
  t = await createTestShop();
  other = await createTestShop("Other Shop");
  await applyCatalog(db, t.shop.id, {
    components: [{ code: "DOUGH", name: "Dough", unit: "g" }],
    products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }],
  });
  await recordTestOrder(db, t.shop.id, { externalId: "O-1", lines: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }, { sku: "GLZ-OLD", quantity: 3, unitPriceMinor: 250 }] });
  await recordTestOrder(db, t.shop.id, { externalId: "O-2", channel: "online", lines: [{ sku: "GLZ-OLD", quantity: 2, unitPriceMinor: 250 }] });
});

describe("orders router", () => {
  it("lists orders with unmapped counts and filters", async () => {
    const all = await t.callers.manager.orders.list({});
    expect(all.map((o) => o.externalId).sort()).toEqual(["O-1", "O-2"]);
    expect(all.find((o) => o.externalId === "O-1")?.unmappedLines).toBe(1);
    expect((await t.callers.manager.orders.list({ channel: "online" })).map((o) => o.externalId)).toEqual(["O-2"]);
    expect(await other.callers.owner.orders.list({})).toEqual([]);
  });

  it("maps an unknown SKU, applying the consumption of recorded lines and of later orders", async () => {
    expect(await t.callers.manager.orders.unmapped()).toEqual([expect.objectContaining({ sku: "GLZ-OLD", lines: 2, quantity: 5 })]);
    const dough = await db.component.findFirstOrThrow({ where: { shopId: t.shop.id, code: "DOUGH" } });
    const glazed = await db.product.findFirstOrThrow({ where: { shopId: t.shop.id, sku: "GLAZED" } });
    const before = (await getBalances(db, t.shop.id, t.main.id)).get(dough.id) ?? 0;
    expect(before).toBe(-80);
    const result = await t.callers.manager.orders.mapSku({ sku: "GLZ-OLD", productId: glazed.id });
    expect(result).toMatchObject({ linesMapped: 2, ordersUpdated: 2 });
    expect((await getBalances(db, t.shop.id, t.main.id)).get(dough.id)).toBe(-80 * 6);
    expect(await t.callers.manager.orders.unmapped()).toEqual([]);
    await recordTestOrder(db, t.shop.id, { externalId: "O-3", lines: [{ sku: "GLZ-OLD", quantity: 1 }] });
    expect((await getBalances(db, t.shop.id, t.main.id)).get(dough.id)).toBe(-80 * 7);
    const detail = await t.callers.owner.orders.get({ id: (await db.order.findFirstOrThrow({ where: { externalId: "O-3" } })).id });
    expect(detail.usage).toEqual([expect.objectContaining({ code: "DOUGH", sold: 80, restocked: 0 })]);
  });

  it("refuses another shop's ids and too-low roles", async () => {
    const order = await db.order.findFirstOrThrow({ where: { shopId: t.shop.id } });
    const glazed = await db.product.findFirstOrThrow({ where: { shopId: t.shop.id, sku: "GLAZED" } });
    await expect(other.callers.owner.orders.get({ id: order.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.callers.owner.orders.mapSku({ sku: "X", productId: glazed.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.callers.staff.orders.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.callers.staff.orders.mapSku({ sku: "X", productId: glazed.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.callers.anonymous.orders.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("deliveries router", () => {
  it("sends a test event through the real path and shows it in the log; the test order is cancelled", async () => {
    for (const kind of ["generic", "shopify"] as const) {
      const integrationId = t.created.integrations[kind].id;
      const result = await t.callers.owner.deliveries.sendTest({ integrationId });
      expect(result.ok).toBe(true);
      const log = await t.callers.owner.deliveries.list({ integrationId });
      expect(log.slice(0, 2).map((d) => d.status)).toEqual(["PROCESSED", "PROCESSED"]);
      const overview = await t.callers.owner.deliveries.integration({ integrationId });
      expect(overview.counts.PROCESSED).toBeGreaterThanOrEqual(2);
      expect(overview.url).toContain(`/api/webhooks/pos/${integrationId}`);
    }
    const tests = await db.order.findMany({ where: { shopId: t.shop.id, tags: { some: { tag: "test" } } } });
    expect(tests).toHaveLength(2);
    expect(tests.every((o) => o.status === "CANCELLED")).toBe(true);
  });

  it("replays a kept invalid delivery once its problem is fixed, and never a processed one", async () => {
    const integrationId = t.created.integrations.generic.id;
    const body = JSON.stringify({ type: "order.created", data: { orderId: "LATE-LOC", location: "popup", channel: "event", placedAt: new Date().toISOString(), currency: "USD", lineItems: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }] } });
    const kept = await db.webhookDelivery.create({ data: { shopId: t.shop.id, integrationId, deliveryId: "msg_late_loc", topic: "order.created", body, status: "INVALID", error: "Unknown location" } });
    await db.location.create({ data: { shopId: t.shop.id, code: "popup", name: "Pop-up", kind: "pop-up" } });
    expect(await t.callers.owner.deliveries.replay({ id: kept.id })).toMatchObject({ status: "PROCESSED" });
    await expect(t.callers.owner.deliveries.replay({ id: kept.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await t.callers.owner.deliveries.body({ id: kept.id })).body).toBe(body);
  });

  it("refuses another shop's ids and non-owners", async () => {
    const integrationId = t.created.integrations.generic.id;
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { integrationId } });
    await expect(other.callers.owner.deliveries.list({ integrationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.callers.owner.deliveries.replay({ id: delivery.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.callers.owner.deliveries.body({ id: delivery.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.callers.owner.deliveries.sendTest({ integrationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.callers.manager.deliveries.list({ integrationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.callers.staff.deliveries.sendTest({ integrationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("mapping a SKU over a long history", () => {
  it("maps every recorded line in short transactions, applying each order's consumption once", async () => {
    const glazed = await db.product.findFirstOrThrow({ where: { shopId: t.shop.id, sku: "GLAZED" } });
    const dough = await db.component.findFirstOrThrow({ where: { shopId: t.shop.id, code: "DOUGH" } });
    for (let i = 0; i < 60; i++) {
      await recordTestOrder(db, t.shop.id, { externalId: `HIST-${i}`, lines: [{ sku: "OLD-CRULLER", quantity: 1 }, { sku: "OLD-CRULLER", quantity: 1 }] });
    }
    const before = (await getBalances(db, t.shop.id, t.main.id)).get(dough.id) ?? 0;
    const result = await t.callers.manager.orders.mapSku({ sku: "OLD-CRULLER", productId: glazed.id });
    expect(result).toMatchObject({ linesMapped: 120, ordersUpdated: 60 });
    expect((await getBalances(db, t.shop.id, t.main.id)).get(dough.id)).toBe(before - 120 * 80);
    // Mapping again finds nothing left and changes nothing.
    expect(await t.callers.manager.orders.mapSku({ sku: "OLD-CRULLER", productId: glazed.id })).toMatchObject({ linesMapped: 0, ordersUpdated: 0 });
    expect((await getBalances(db, t.shop.id, t.main.id)).get(dough.id)).toBe(before - 120 * 80);
  });
});

describe("integration location settings", () => {
  it("new integrations default to the main location", async () => {
    const created = await t.callers.owner.settings.createIntegration({ kind: "shopify", name: "Second store" });
    expect((await t.callers.owner.deliveries.locations({ integrationId: created.id })).defaultLocationId).toBe(t.main.id);
  });

  it("sets the default location and POS location ids, validated and unique, with messages per field", async () => {
    const integrationId = t.created.integrations.shopify.id;
    const kiosk = await db.location.create({ data: { shopId: t.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    await t.callers.owner.deliveries.setDefaultLocation({ integrationId, locationId: kiosk.id });
    await t.callers.owner.deliveries.setLocationPosRef({ locationId: kiosk.id, posRef: " 68357324979 " });
    const settings = await t.callers.owner.deliveries.locations({ integrationId });
    expect(settings.defaultLocationId).toBe(kiosk.id);
    expect(settings.locations.find((l) => l.id === kiosk.id)?.posRef).toBe("68357324979");

    await expect(t.callers.owner.deliveries.setLocationPosRef({ locationId: t.main.id, posRef: "68357324979" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { posRef: "Already linked to location kiosk." } } },
    });
    await expect(t.callers.owner.deliveries.setLocationPosRef({ locationId: t.main.id, posRef: "12 34" })).rejects.toMatchObject({
      cause: { details: { fields: { posRef: expect.stringContaining("Letters, digits") } } },
    });
    await t.callers.owner.deliveries.setLocationPosRef({ locationId: kiosk.id, posRef: "" });
    expect((await t.callers.owner.deliveries.locations({ integrationId })).locations.find((l) => l.id === kiosk.id)?.posRef).toBeNull();
    await t.callers.owner.deliveries.setDefaultLocation({ integrationId, locationId: null });
    expect((await t.callers.owner.deliveries.locations({ integrationId })).defaultLocationId).toBeNull();
  });

  it("refuses another shop's ids and non-owners", async () => {
    const integrationId = t.created.integrations.shopify.id;
    await expect(other.callers.owner.deliveries.locations({ integrationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.callers.owner.deliveries.setDefaultLocation({ integrationId, locationId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.callers.owner.deliveries.setDefaultLocation({ integrationId, locationId: other.main.id })).rejects.toMatchObject({
      cause: { details: { fields: { locationId: "Choose one of the shop's locations." } } },
    });
    await expect(other.callers.owner.deliveries.setLocationPosRef({ locationId: t.main.id, posRef: "1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.callers.manager.deliveries.setLocationPosRef({ locationId: t.main.id, posRef: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.callers.staff.deliveries.locations({ integrationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
