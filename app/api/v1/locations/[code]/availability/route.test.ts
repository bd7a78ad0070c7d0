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

  it("takes a component buffer off every other channel's products, and not off its own", async () => {
    // 800 g dough kept for preorder QR = 10 glazed fewer elsewhere (and 2½ boxes' worth).
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 800 });
    expect(await available("online")).toBe(233 - 10);
    expect(await available("online", "BOX")).toBe(20);
    expect(await available("preorder-qr")).toBe(245);
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, componentId: ids["BOX-4"] ?? "", channel: "delivery", quantity: 15 });
    expect(await available("online", "BOX")).toBe(5);
    expect(await available("delivery", "BOX")).toBe(20);
    const preview = await a.callers.manager.channels.availability({ locationId: a.main.id });
    expect(preview.channels.find((c) => c.channel === "online")?.products.find((p) => p.sku === "BOX")).toMatchObject({ available: 5, limitedBy: "BOX-4" });
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 0 });
    await a.callers.owner.channels.setAllocation({ locationId: a.main.id, componentId: ids["BOX-4"] ?? "", channel: "delivery", quantity: 0 });
    expect(await available("online")).toBe(233);
  });

  it("answers consistent snapshots while 40 orders land: each read is the state after some prefix of them, never rising, exact at the end", async () => {
    const balance = async (componentId: string) =>
      (await db.stockBalance.findUniqueOrThrow({ where: { locationId_componentId: { locationId: a.main.id, componentId } } })).onHand;
    const [dough0, glaze0, boxes] = [await balance(ids.DOUGH ?? ""), await balance(ids.GLAZE ?? ""), await balance(ids["BOX-4"] ?? "")];
    // What online may sell after k orders of 2 glazed (160 g dough, 20 g glaze each), with 12 glazed held for preorder QR.
    const expectedAfter = (k: number) => {
      const dough = dough0 - 160 * k - 12 * 80;
      const glaze = glaze0 - 20 * k - 12 * 10;
      return { GLAZED: Math.min(Math.floor(dough / 80), Math.floor(glaze / 10)), BOX: Math.min(Math.floor(dough / 320), Math.floor(glaze / 40), boxes) };
    };
    expect(expectedAfter(0).GLAZED).toBe(233);
    const prefixOf = (feed: Feed) => {
      const seen = Object.fromEntries(feed.products.map((p) => [p.sku, p.available]));
      const k = Array.from({ length: 41 }, (_, i) => i).find((i) => expectedAfter(i).GLAZED === seen.GLAZED && expectedAfter(i).BOX === seen.BOX);
      if (k === undefined) throw new Error(`read ${JSON.stringify(seen)} is no state a prefix of the orders leaves`);
      return k;
    };
    const read = async () => {
      const res = await feed("main", "online", a.created.apiKey);
      expect(res.status).toBe(200);
      return (await res.json()) as Feed;
    };

    // 40 orders in 8 waves of 5 concurrent ones, with rounds of 3 concurrent reads going on the
    // whole time. The database takes transactions in turn, so orders all fired at once would
    // simply queue ahead of every read; each wave waits for a read round to finish, so reads
    // land between and during waves whatever the machine's speed.
    let done = false;
    const waiters: (() => void)[] = [];
    const nextRound = () => new Promise<void>((resolve) => waiters.push(resolve));
    const orders = (async () => {
      for (let wave = 0; wave < 8; wave++) {
        if (wave > 0) await nextRound();
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            recordTestOrder(db, a.shop.id, { externalId: `conc-${wave}-${i}`, channel: "walk-in", lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }] }),
          ),
        );
      }
    })().finally(() => {
      done = true;
    });
    // A round starts only after the previous one ended, so rounds are ordered in time.
    const rounds: number[][] = [];
    while (!done && rounds.length < 500) {
      rounds.push((await Promise.all([read(), read(), read()])).map(prefixOf));
      for (const resolve of waiters.splice(0)) resolve();
    }
    await orders;

    const ks = rounds.flat();
    // The reads really overlapped the orders: they saw many states between the first and the last.
    expect(new Set(ks.filter((k) => k > 0 && k < 40)).size).toBeGreaterThanOrEqual(4);
    // Only sales happen, so what online may sell never goes up from one round to the next.
    for (let i = 1; i < rounds.length; i++) expect(Math.min(...(rounds[i] ?? []))).toBeGreaterThanOrEqual(Math.max(...(rounds[i - 1] ?? [])));
    expect(prefixOf(await read())).toBe(40);
    expect(await available("online")).toBe(233 - 80);
    expect(await balance(ids.DOUGH ?? "")).toBe(dough0 - 40 * 160);
    expect(await balance(ids.DOUGH ?? "")).toBe(20_000 - 5 * 80 - 80 * 80);
  });
});
