import { beforeAll, describe, expect, test } from "vitest";
import { db } from "../db";
import { localParts } from "../domain/business-day";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { DEMO_CATALOG } from "../../prisma/seed/catalog";
import { applyCatalog } from "./catalog";
import { createRng, writeShopHistory, type HistoryStats } from "./history-generator";
import { findBalanceDrift } from "./ledger";

let shop: TestShop;
let stats: HistoryStats;
const now = new Date("2026-11-24T18:00:00Z");

beforeAll(async () => {
  shop = await createTestShop("History Donuts");
  await applyCatalog(db, shop.shop.id, DEMO_CATALOG);
  await db.location.create({ data: { shopId: shop.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
  await db.location.create({ data: { shopId: shop.shop.id, code: "popup", name: "Pop-up", kind: "pop-up" } });
  stats = await writeShopHistory(db, shop.shop.id, { days: 30, now, seed: 42 });
});

describe("createRng", () => {
  test("is deterministic and in [0, 1)", () => {
    const a = createRng(1);
    const b = createRng(1);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("generated history", () => {
  test("writes orders, lines, campaigns, deliveries, refunds and cancellations", async () => {
    expect(stats.orders).toBeGreaterThan(1000);
    expect(stats.lines).toBeGreaterThan(stats.orders);
    expect(stats.campaigns).toBeGreaterThan(0);
    expect(stats.deliveries).toBeGreaterThan(0);
    expect(stats.cancelled).toBeGreaterThan(0);
    expect(stats.refunded).toBeGreaterThan(0);
    expect(await db.order.count({ where: { shopId: shop.shop.id } })).toBe(stats.orders);
    expect(await db.orderLine.count({ where: { shopId: shop.shop.id } })).toBe(stats.lines);
  });

  test("keeps the cached balances equal to the ledger and stock positive at the end", async () => {
    expect(await findBalanceDrift(db, shop.shop.id)).toEqual([]);
    const negative = await db.stockBalance.count({ where: { shopId: shop.shop.id, onHand: { lt: 0 } } });
    expect(negative).toBe(0);
  });

  test("orders look ingested: local calendar fields, totals, one SALE per order per component", async () => {
    const orders = await db.order.findMany({
      where: { shopId: shop.shop.id },
      take: 300,
      include: { lines: true, tags: true },
      orderBy: { placedAt: "asc" },
    });
    for (const o of orders) {
      const parts = localParts(o.placedAt, "America/New_York");
      expect(o.businessDate).toBe(parts.businessDate);
      expect(o.localHour).toBe(parts.localHour);
      expect(o.weekday).toBe(parts.weekday);
      expect(o.subtotalMinor).toBe(o.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0));
      expect(o.refundedMinor).toBe(o.status === "CANCELLED" ? 0 : o.lines.reduce((s, l) => s + l.refundedQty * l.unitPriceMinor, 0));
      expect(o.placedAt.getTime()).toBeLessThan(now.getTime());
      for (const l of o.lines) expect(l.businessDate).toBe(o.businessDate);
      for (const t of o.tags) expect(t.businessDate).toBe(o.businessDate);
      if (o.channel === "preorder-qr") expect(o.tags.map((t) => t.tag)).toContain("preorder");
    }
    const dup = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT COUNT(*) AS n FROM (SELECT orderId, componentId FROM StockMovement WHERE shopId = ? AND type = 'SALE' GROUP BY orderId, componentId HAVING COUNT(*) > 1)`,
      shop.shop.id,
    );
    expect(Number(dup[0]?.n)).toBe(0);
    const integration = await db.integration.findFirstOrThrow({ where: { shopId: shop.shop.id, kind: "generic" } });
    expect(await db.order.count({ where: { shopId: shop.shop.id, NOT: { integrationId: integration.id } } })).toBe(0);
  });

  test("pickups look real: most preorders the same day, some the next, some never; nothing before the order or after now", async () => {
    const orders = await db.order.findMany({
      where: { shopId: shop.shop.id },
      select: { placedAt: true, fulfilledAt: true, status: true, channel: true, tags: { select: { tag: true } } },
    });
    for (const o of orders) {
      if (o.status === "CANCELLED") expect(o.fulfilledAt).toBeNull();
      if (!o.fulfilledAt) continue;
      expect(o.fulfilledAt.getTime()).toBeGreaterThanOrEqual(o.placedAt.getTime());
      expect(o.fulfilledAt.getTime()).toBeLessThan(now.getTime());
      if (o.channel === "walk-in" || o.channel === "event") expect(o.fulfilledAt).toEqual(o.placedAt);
    }
    const preorders = orders.filter((o) => o.tags.some((t) => t.tag === "preorder"));
    const day = (d: Date) => localParts(d, "America/New_York").businessDate;
    const sameDay = preorders.filter((o) => o.status !== "CANCELLED" && o.fulfilledAt && day(o.fulfilledAt) === day(o.placedAt)).length;
    const nextDay = preorders.filter((o) => o.fulfilledAt && day(o.fulfilledAt) > day(o.placedAt)).length;
    const never = preorders.filter((o) => !o.fulfilledAt).length;
    expect(preorders.length).toBe(stats.preorders);
    expect(sameDay).toBe(stats.preordersCollectedSameDay);
    expect(sameDay / preorders.length).toBeGreaterThan(0.6);
    expect(nextDay / preorders.length).toBeGreaterThan(0.05);
    expect(never / preorders.length).toBeGreaterThan(0.02);
  });

  test("a cancelled order's consumption is restocked", async () => {
    const cancelled = await db.order.findFirstOrThrow({ where: { shopId: shop.shop.id, status: "CANCELLED" } });
    const sums = await db.stockMovement.groupBy({ by: ["componentId"], where: { orderId: cancelled.id }, _sum: { quantity: true } });
    expect(sums.length).toBeGreaterThan(0);
    for (const s of sums) expect(s._sum.quantity).toBe(0);
  });

  test("is deterministic for the same seed and clock", async () => {
    const other = await createTestShop("History Twin");
    await applyCatalog(db, other.shop.id, DEMO_CATALOG);
    await db.location.create({ data: { shopId: other.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    await db.location.create({ data: { shopId: other.shop.id, code: "popup", name: "Pop-up", kind: "pop-up" } });
    const again = await writeShopHistory(db, other.shop.id, { days: 30, now, seed: 42 });
    expect(again).toEqual(stats);
  });
});
