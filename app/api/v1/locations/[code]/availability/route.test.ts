import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applyCatalog } from "@/server/services/catalog";
import { recordMovements } from "@/server/services/ledger";
import { recordTestOrder } from "@/server/services/orders";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { GET } from "./route";

let a: TestShop;
let b: TestShop;
const ids: Record<string, string> = {};

type Feed = { location: string; channel: string; products: { sku: string; available: number }[] };

function feed(code: string, channel: string | null, key: string | null) {
  const query = channel === null ? "" : `?channel=${encodeURIComponent(channel)}`;
  return GET(new Request(`http://test/api/v1/locations/${code}/availability${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({ code }),
  });
}

async function available(channel: string, sku = "GLAZED") {
  const res = await feed("main", channel, a.created.apiKey);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Feed;
  return body.products.find((p) => p.sku === sku)?.available;
}

beforeAll(async () => {
  a = await createTestShop("Availability A");
  b = await createTestShop("Availability B");
  const catalog = {
    components: [
      { code: "DOUGH", name: "Dough", unit: "g" },
      { code: "GLAZE", name: "Glaze", unit: "g" },
      { code: "BOX-4", name: "Box", unit: "pc" },
    ],
    products: [
      { sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 10 }] },
      { sku: "BOX", name: "Box of 4", priceMinor: 900, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX-4", quantity: 1 }] },
      { sku: "GIFT-CARD", name: "Gift card", priceMinor: 2000, kit: [] },
    ],
  };
  for (const s of [a, b]) await applyCatalog(db, s.shop.id, catalog);
  for (const p of await db.product.findMany({ where: { shopId: a.shop.id } })) ids[p.sku] = p.id;
  for (const c of await db.component.findMany({ where: { shopId: a.shop.id } })) ids[c.code] = c.id;
  // 250 glazed worth of dough, 300 of glaze, 20 boxes.
  await recordMovements(db, a.shop.id, [
    { locationId: a.main.id, componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 20_000 },
    { locationId: a.main.id, componentId: ids.GLAZE ?? "", type: "RECEIPT", quantity: 3_000 },
    { locationId: a.main.id, componentId: ids["BOX-4"] ?? "", type: "RECEIPT", quantity: 20 },
  ]);
});

describe("GET /api/v1/locations/{code}/availability", () => {
  it("answers the DESIGN.md shape: stock-limited products with what the channel may sell", async () => {
    const res = await feed("main", "online", a.created.apiKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      location: "main",
      channel: "online",
      products: [
        { sku: "BOX", available: 20 },
        { sku: "GLAZED", available: 250 },
      ],
    });
  });

  it.each([
    ["no key", "main", "online", null, 401],
    ["a missing channel", "main", null, "key", 400],
    ["an empty channel", "main", "", "key", 400],
    ["an unknown channel", "main", "telepathy", "key", 400],
    ["an unknown location", "nowhere", "online", "key", 404],
  ])("refuses %s", async (_n, code, channel, key, status) => {
    const res = await feed(code, channel, key ? a.created.apiKey : null);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toEqual(expect.any(String));
  });

  it("never shows one shop's stock to another shop's key", async () => {
    const res = await feed("main", "online", b.created.apiKey);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Feed;
    expect(body.products.every((p) => p.available === 0)).toBe(true);
  });

  it("takes other channels' allocations off, but not the channel's own", async () => {
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, productId: ids.GLAZED ?? "", channel: "preorder-qr", quantity: 12 });
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, productId: ids.BOX ?? "", channel: "online", quantity: 2 });
    // Online: 250 glazed less 12 held for preorder. Boxes: dough for 238 glazed = 59 boxes, 20 boxes on hand.
    expect(await available("online")).toBe(238);
    // Preorder: its own 12 are its to sell; online's 2 boxes (8 glazed) are not.
    expect(await available("preorder-qr")).toBe(242);
    // Walk-in: both held.
    expect(await available("walk-in")).toBe(230);
    expect(await available("walk-in", "BOX")).toBe(18);
    const preview = await a.callers.manager.channels.availability({ locationId: a.main.id });
    expect(preview.channels.find((c) => c.channel === "walk-in")?.products.find((p) => p.sku === "GLAZED")).toMatchObject({ available: 230 });
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, productId: ids.BOX ?? "", channel: "online", quantity: 0 });
    expect(await db.channelAllocation.count({ where: { shopId: a.shop.id } })).toBe(1);
  });

  it("holds what is left of a live drop's caps for the drop's channels", async () => {
    const drop = await db.drop.create({
      data: {
        shopId: a.shop.id,
        locationId: a.main.id,
        name: "Live now",
        startsAt: new Date(Date.now() - 60 * 60_000),
        endsAt: new Date(Date.now() + 60 * 60_000),
        status: "LIVE",
        channels: JSON.stringify(["event"]),
        items: { create: [{ productId: ids.GLAZED ?? "", cap: 20 }] },
      },
    });
    // 250 − 12 held for preorder − 20 held by the drop.
    expect(await available("walk-in")).toBe(218);
    await recordTestOrder(db, a.shop.id, { externalId: "drop-sale", channel: "event", placedAt: new Date(), lines: [{ sku: "GLAZED", quantity: 5, unitPriceMinor: 250 }] });
    // 5 sold from the drop: on hand fell by 5 and the drop now holds 15, so walk-in sees the same.
    expect(await available("walk-in")).toBe(218);
    expect(await available("event")).toBe(245 - 12);
    await db.drop.update({ where: { id: drop.id }, data: { status: "CANCELLED" } });
    expect(await available("walk-in")).toBe(245 - 12);
  });

  it("stays consistent while 40 orders land concurrently: every read is a state some prefix of them left", async () => {
    const start = await available("online");
    expect(start).toBe(233);
    const orders = Array.from({ length: 40 }, (_, i) =>
      recordTestOrder(db, a.shop.id, { externalId: `conc-${i}`, channel: "walk-in", lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }] }),
    );
    const reads = Array.from({ length: 20 }, () => available("online"));
    const [, seen] = await Promise.all([Promise.all(orders), Promise.all(reads)]);
    // Each order takes 2 glazed; a read between the k-th and (k+1)-th commit gives 233 − 2k.
    for (const value of seen) {
      expect(value).toBeDefined();
      expect((233 - (value ?? 0)) % 2).toBe(0);
      expect(value).toBeGreaterThanOrEqual(233 - 80);
      expect(value).toBeLessThanOrEqual(233);
    }
    expect(await available("online")).toBe(233 - 80);
    const dough = await db.stockBalance.findUniqueOrThrow({ where: { locationId_componentId: { locationId: a.main.id, componentId: ids.DOUGH ?? "" } } });
    expect(dough.onHand).toBe(20_000 - 5 * 80 - 80 * 80);
  });
});
