import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "../../db";
import { localParts } from "../../domain/business-day";
import { attributeOrder } from "../../domain/attribution";
import { collectedSameDay, repeatCustomers, stockoutMinutes } from "../../domain/kpi";
import { createTestShop, type TestShop } from "../../testing/fixtures";
import { DEMO_CATALOG } from "../../../prisma/seed/catalog";
import { applyCatalog } from "../../services/catalog";
import { getCampaignRevenue, getCustomerKpis, getStockouts } from "../../services/dashboard";
import { writeShopHistory } from "../../services/history-generator";
import { recordMovements } from "../../services/ledger";
import { repeatCustomers as repeatCustomersOfSlice, repeatCustomersWithPrevious } from "../../db-sql/sqlite/dashboard";

const NY = "America/New_York";
let shop: TestShop;
let other: TestShop;
let seq = 0;

/** An order as ingestion writes it: shop-local calendar fields from placedAt, lines and tags. */
async function addOrder(
  s: TestShop,
  o: {
    placedAt: string;
    channel?: string;
    status?: string;
    lines: { sku: string; quantity: number; unitPriceMinor: number; refundedQty?: number }[];
    tags?: string[];
    campaign?: string;
    customerRef?: string;
    locationId?: string;
    fulfilledAt?: string;
  },
) {
  const placedAt = new Date(o.placedAt);
  const parts = localParts(placedAt, NY);
  const integration = await db.integration.findFirstOrThrow({ where: { shopId: s.shop.id, kind: "generic" } });
  const locationId = o.locationId ?? s.main.id;
  const channel = o.channel ?? "walk-in";
  const subtotal = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const refunded = o.lines.reduce((sum, l) => sum + (l.refundedQty ?? 0) * l.unitPriceMinor, 0);
  return db.order.create({
    data: {
      shopId: s.shop.id,
      integrationId: integration.id,
      externalId: `T-${++seq}`,
      locationId,
      locationCode: "main",
      channel,
      campaign: o.campaign ?? null,
      customerRef: o.customerRef ?? null,
      currency: "USD",
      status: o.status ?? "OPEN",
      subtotalMinor: subtotal,
      refundedMinor: o.status === "CANCELLED" ? 0 : refunded,
      placedAt,
      fulfilledAt: o.fulfilledAt ? new Date(o.fulfilledAt) : null,
      stateAt: placedAt,
      ...parts,
      lines: {
        create: o.lines.map((l, i) => ({
          shopId: s.shop.id,
          lineNo: i + 1,
          sku: l.sku,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
          refundedQty: l.refundedQty ?? 0,
          businessDate: parts.businessDate,
          locationId,
          channel,
        })),
      },
      tags: { create: (o.tags ?? []).map((tag) => ({ tag, shopId: s.shop.id, businessDate: parts.businessDate })) },
    },
  });
}

const week = { preset: "custom" as const, from: "2026-11-02", to: "2026-11-08" };

beforeAll(async () => {
  shop = await createTestShop("Dashboard Donuts");
  other = await createTestShop("Other Donuts");
  // Week of 2026-11-02 (EST, UTC−5). Previous week 2026-10-26 … 2026-11-01.
  await addOrder(shop, { placedAt: "2026-11-02T13:00:00Z", lines: [{ sku: "GLAZED", quantity: 4, unitPriceMinor: 250 }] }); // 1000
  await addOrder(shop, {
    placedAt: "2026-11-03T14:00:00Z",
    channel: "preorder-qr",
    tags: ["preorder"],
    customerRef: "c_1",
    fulfilledAt: "2026-11-03T16:30:00Z", // collected the same morning
    lines: [{ sku: "DOZEN-BOX", quantity: 1, unitPriceMinor: 2499 }],
  }); // 2499
  await addOrder(shop, {
    placedAt: "2026-11-04T15:00:00Z",
    channel: "online",
    campaign: "nl-nov",
    customerRef: "c_1",
    lines: [
      { sku: "LATTE", quantity: 2, unitPriceMinor: 425, refundedQty: 1 },
      { sku: "GLAZED", quantity: 2, unitPriceMinor: 250 },
    ],
  }); // 1350 gross, 425 refunded → 925
  await addOrder(shop, {
    placedAt: "2026-11-05T15:00:00Z",
    channel: "preorder-qr",
    tags: ["preorder"],
    status: "CANCELLED",
    lines: [{ sku: "GLAZED", quantity: 6, unitPriceMinor: 250 }],
  }); // cancelled: no revenue, a preorder that did not convert
  await addOrder(shop, {
    placedAt: "2026-11-06T16:00:00Z",
    channel: "online",
    status: "REFUNDED",
    customerRef: "c_2",
    lines: [{ sku: "CRULLER", quantity: 2, unitPriceMinor: 275, refundedQty: 2 }],
  }); // fully refunded: counts as an order with 0 net
  // 23:30 local on Sunday Nov 8 is 04:30Z on Nov 9: it belongs to the 8th.
  await addOrder(shop, { placedAt: "2026-11-09T04:30:00Z", channel: "walk-in", tags: ["midnight-bundle"], lines: [{ sku: "MIDNIGHT-BOX-4", quantity: 1, unitPriceMinor: 999 }] });
  // 00:30 local on Monday Nov 9 is outside the range.
  await addOrder(shop, { placedAt: "2026-11-09T05:30:00Z", lines: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }] });
  // Previous period: one walk-in order of 2000.
  await addOrder(shop, { placedAt: "2026-10-30T13:00:00Z", customerRef: "c_2", lines: [{ sku: "GLAZED", quantity: 8, unitPriceMinor: 250 }] });
  // Another shop's sales never show up.
  await addOrder(other, { placedAt: "2026-11-03T13:00:00Z", lines: [{ sku: "GLAZED", quantity: 100, unitPriceMinor: 250 }] });
  await db.campaign.create({ data: { shopId: shop.shop.id, code: "nl-nov", name: "November newsletter", sentAt: new Date("2026-11-04T14:00:00Z"), attributionWindowHours: 48 } });
});

describe("dashboard.summary", () => {
  test("revenue, orders, AOV, refunds and preorders with exact arithmetic", async () => {
    const s = await shop.callers.owner.dashboard.summary(week);
    expect(s.scope).toMatchObject({ from: "2026-11-02", to: "2026-11-08", previous: { from: "2026-10-26", to: "2026-11-01" } });
    // 1000 + 2499 + 925 + 0 + 999 = 5423 over 5 non-cancelled orders.
    expect(s.revenue).toEqual({ current: 5423, previous: 2000, change: (5423 - 2000) / 2000 });
    expect(s.orders.current).toBe(5);
    expect(s.aov.current).toBe(Math.round(5423 / 5));
    // Refunded 425 + 550 of gross 1000 + 2499 + 1350 + 550 + 999 = 6398.
    expect(s.refundRate.current).toBeCloseTo(975 / 6398, 10);
    const c = await shop.callers.owner.dashboard.customers(week);
    expect(c.preorderConversion).toMatchObject({ preorders: 2, collected: 1, current: 0.5 });
    // c_1 ordered on the 3rd and again on the 4th; c_2 ordered on Oct 30 and again on Nov 6.
    expect(c.repeatRate).toMatchObject({ customers: 2, repeaters: 2, current: 1 });
  });

  test("filters by channel and location; other shops' locations are not found", async () => {
    const online = await shop.callers.manager.dashboard.summary({ ...week, channel: "online" });
    expect(online.revenue.current).toBe(925);
    expect(online.orders.current).toBe(2);
    const atMain = await shop.callers.owner.dashboard.summary({ ...week, locationId: shop.main.id });
    expect(atMain.revenue.current).toBe(5423);
    await expect(shop.callers.owner.dashboard.summary({ ...week, locationId: other.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(shop.callers.owner.dashboard.stockouts({ ...week, locationId: other.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(shop.callers.owner.dashboard.operations({ ...week, locationId: other.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("a bad custom range names the field", async () => {
    await expect(shop.callers.owner.dashboard.summary({ preset: "custom", from: "2026-11-08", to: "2026-11-01" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });
});

describe("the daily sales rollup", () => {
  test("follows every change of an order: cancel, refund, un-cancel, move, delete", async () => {
    const s = await createTestShop("Rollup Donuts");
    const kiosk = await db.location.create({ data: { shopId: s.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const line = (unitPriceMinor: number) => [{ sku: "GLAZED", quantity: 2, unitPriceMinor }];
    const a = await addOrder(s, { placedAt: "2026-11-03T14:00:00Z", lines: line(250) }); // 500
    const b = await addOrder(s, { placedAt: "2026-11-03T15:00:00Z", channel: "online", lines: line(300) }); // 600
    const c = await addOrder(s, { placedAt: "2026-11-04T15:00:00Z", lines: line(400) }); // 800
    await addOrder(s, { placedAt: "2026-11-05T15:00:00Z", status: "CANCELLED", lines: line(900) });
    const expected = async () => {
      const rows = await db.order.findMany({ where: { shopId: s.shop.id, status: { not: "CANCELLED" }, businessDate: { gte: week.from, lte: week.to } } });
      return { revenue: rows.reduce((t, o) => t + o.subtotalMinor - o.refundedMinor, 0), orders: rows.length, refunded: rows.reduce((t, o) => t + o.refundedMinor, 0) };
    };
    const check = async () => {
      const sum = await s.callers.owner.dashboard.summary(week);
      const want = await expected();
      expect({ revenue: sum.revenue.current, orders: sum.orders.current }).toEqual({ revenue: want.revenue, orders: want.orders });
      const ch = await s.callers.owner.dashboard.channelRevenue(week);
      expect(ch.totals.reduce((t, x) => t + x.revenueMinor, 0)).toBe(want.revenue);
      expect(ch.totals.reduce((t, x) => t + x.refundedMinor, 0)).toBe(want.refunded);
      return sum;
    };
    expect((await check()).revenue.current).toBe(1900);
    await db.order.update({ where: { id: b.id }, data: { status: "CANCELLED", refundedMinor: 0 } });
    expect((await check()).revenue.current).toBe(1300);
    await db.order.update({ where: { id: a.id }, data: { refundedMinor: 250, status: "PARTIALLY_REFUNDED" } });
    const refunded = await check();
    expect(refunded.revenue.current).toBe(1050);
    expect(refunded.refundRate.current).toBeCloseTo(250 / 1300, 12);
    await db.order.update({ where: { id: b.id }, data: { status: "OPEN" } });
    expect((await check()).revenue.current).toBe(1650);
    await db.order.update({ where: { id: c.id }, data: { locationId: kiosk.id } });
    expect((await s.callers.owner.dashboard.summary({ ...week, locationId: kiosk.id })).revenue.current).toBe(800);
    expect((await s.callers.owner.dashboard.summary({ ...week, locationId: s.main.id })).revenue.current).toBe(850);
    await db.order.delete({ where: { id: c.id } });
    expect((await check()).revenue.current).toBe(850);
    // The location going away keeps its sales under "no location" rather than losing them.
    await addOrder(s, { placedAt: "2026-11-06T15:00:00Z", locationId: kiosk.id, lines: line(100) });
    await db.location.delete({ where: { id: kiosk.id } });
    expect((await check()).revenue.current).toBe(1050);
  });
});

/**
 * Rows in the tag and campaign rollups and in the preorder flag that grouping the orders and tag
 * rows themselves does not give, and the other way round (zero rows left by deletes count as absent).
 */
async function rollupMismatches(shopId: string) {
  const count = async (sql: string) => Number((await db.$queryRawUnsafe<{ n: bigint }[]>(sql, shopId, shopId))[0]?.n);
  const tags = `SELECT o.businessDate, t.tag, COALESCE(o.locationId, ''), o.channel, COUNT(*), SUM(o.subtotalMinor - o.refundedMinor)
      FROM OrderTag t JOIN "Order" o ON o.id = t.orderId WHERE o.shopId = ? AND o.status <> 'CANCELLED' GROUP BY 1, 2, 3, 4`;
  const tagRollup = `SELECT businessDate, tag, locationId, channel, orders, revenueMinor FROM DashboardTagDay WHERE shopId = ? AND orders <> 0`;
  const codes = `SELECT businessDate, campaign, COALESCE(locationId, ''), channel, COUNT(*), SUM(subtotalMinor - refundedMinor)
      FROM "Order" WHERE shopId = ? AND campaign IS NOT NULL AND status <> 'CANCELLED' GROUP BY 1, 2, 3, 4`;
  const codeRollup = `SELECT businessDate, campaign, locationId, channel, orders, revenueMinor FROM DashboardCampaignDay WHERE shopId = ? AND orders <> 0`;
  const uncoded = `SELECT substr(placedAt, 1, 13), businessDate, COALESCE(locationId, ''), channel, COUNT(*), SUM(subtotalMinor - refundedMinor)
      FROM "Order" WHERE shopId = ? AND campaign IS NULL AND status <> 'CANCELLED' GROUP BY 1, 2, 3, 4`;
  const uncodedRollup = `SELECT hour, businessDate, locationId, channel, orders, revenueMinor FROM DashboardUncodedHour WHERE shopId = ? AND orders <> 0`;
  return {
    tags: (await count(`SELECT COUNT(*) AS n FROM (${tags} EXCEPT ${tagRollup})`)) + (await count(`SELECT COUNT(*) AS n FROM (${tagRollup} EXCEPT ${tags})`)),
    // Zero-order rows must also have zero revenue (a subtraction that missed would leave a remainder).
    tagResidue: await count(`SELECT COUNT(*) AS n FROM DashboardTagDay WHERE (shopId = ? OR shopId = ?) AND orders = 0 AND revenueMinor <> 0`),
    campaigns:
      (await count(`SELECT COUNT(*) AS n FROM (${codes} EXCEPT ${codeRollup})`)) + (await count(`SELECT COUNT(*) AS n FROM (${codeRollup} EXCEPT ${codes})`)),
    campaignResidue: await count(`SELECT COUNT(*) AS n FROM DashboardCampaignDay WHERE (shopId = ? OR shopId = ?) AND orders = 0 AND revenueMinor <> 0`),
    uncodedHours:
      (await count(`SELECT COUNT(*) AS n FROM (${uncoded} EXCEPT ${uncodedRollup})`)) + (await count(`SELECT COUNT(*) AS n FROM (${uncodedRollup} EXCEPT ${uncoded})`)),
    preorderFlags: await count(
      `SELECT COUNT(*) AS n FROM "Order" o WHERE (o.shopId = ? OR o.shopId = ?)
          AND o.preorderTagged <> EXISTS (SELECT 1 FROM OrderTag t WHERE t.orderId = o.id AND t.tag = 'preorder')`,
    ),
  };
}

/**
 * The trigger-kept stock-day rollup against the ledger replayed from scratch: rows whose day, net
 * or closing differ (both ways), rows whose "low" is above the true lowest on-hand (it may only be
 * a bound below it after late movements; `exactLow` asks for equality, as when every movement
 * arrived in time order), and pairs whose last closing is not the cached on-hand.
 */
async function stockDayMismatches(shopId: string, { balances = true, exactLow = true } = {}) {
  const count = async (sql: string) => Number((await db.$queryRawUnsafe<{ n: bigint }[]>(sql, shopId, shopId))[0]?.n);
  const replayed = `SELECT locationId, componentId, day, net, SUM(net) OVER (PARTITION BY locationId, componentId ORDER BY day ROWS UNBOUNDED PRECEDING) AS closing, low
      FROM (SELECT locationId, componentId, day, SUM(quantity) AS net, MIN(bal) AS low
              FROM (SELECT locationId, componentId, substr(occurredAt, 1, 10) AS day, quantity,
                           SUM(quantity) OVER (PARTITION BY locationId, componentId ORDER BY occurredAt, rowid ROWS UNBOUNDED PRECEDING) AS bal
                      FROM StockMovement WHERE shopId = ?)
             GROUP BY 1, 2, 3)`;
  const days = (from: string) => `SELECT locationId, componentId, day, net, closing FROM (${from})`;
  const rollup = `SELECT locationId, componentId, day, net, closing, low FROM DashboardStockDay WHERE shopId = ?`;
  const low = exactLow ? "r.low <> t.low" : "r.low > t.low";
  return {
    rows:
      (await count(`SELECT COUNT(*) AS n FROM (${days(replayed)} EXCEPT ${days(rollup)})`)) +
      (await count(`SELECT COUNT(*) AS n FROM (${days(rollup)} EXCEPT ${days(replayed)})`)),
    low: await count(
      `SELECT COUNT(*) AS n FROM (${replayed}) t JOIN (${rollup}) r ON r.locationId = t.locationId AND r.componentId = t.componentId AND r.day = t.day WHERE ${low}`,
    ),
    balances: balances
      ? await count(
          `SELECT COUNT(*) AS n FROM StockBalance b WHERE (b.shopId = ? OR b.shopId = ?)
              AND b.onHand <> COALESCE((SELECT d.closing FROM DashboardStockDay d WHERE d.locationId = b.locationId AND d.componentId = b.componentId ORDER BY d.day DESC LIMIT 1), 0)`,
        )
      : 0,
  };
}

const NO_MISMATCH = { tags: 0, tagResidue: 0, campaigns: 0, campaignResidue: 0, uncodedHours: 0, preorderFlags: 0 };

describe("tag, campaign and preorder rollups follow every change of an order", () => {
  test("late, updated, refunded, cancelled, moved, re-tagged and deleted orders, across DST and midnight", async () => {
    const s = await createTestShop("Rollup Tags Donuts");
    const kiosk = await db.location.create({ data: { shopId: s.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    await db.campaign.create({ data: { shopId: s.shop.id, code: "fall", name: "Fall", sentAt: new Date("2026-10-31T12:00:00Z"), attributionWindowHours: 72 } });
    // A send at half past: its window's first and last half hours are read from the orders themselves.
    await db.campaign.create({ data: { shopId: s.shop.id, code: "flash", name: "Flash", sentAt: new Date("2026-11-05T14:30:00Z"), attributionWindowHours: 3 } });
    const line = (unitPriceMinor: number, refundedQty = 0) => [{ sku: "GLAZED", quantity: 2, unitPriceMinor, refundedQty }];
    const pre = { channel: "preorder-qr", tags: ["preorder"] };
    // The fall-back week (2026-11-01 lasts 25 h) and the spring-forward day (2026-03-08, 23 h).
    const ranges = [
      { preset: "custom" as const, from: "2026-10-26", to: "2026-11-08" },
      { preset: "custom" as const, from: "2026-03-08", to: "2026-03-08" },
      { preset: "custom" as const, from: "2026-10-26", to: "2026-11-08", locationId: kiosk.id },
      { preset: "custom" as const, from: "2026-10-26", to: "2026-11-08", channel: "preorder-qr" },
    ];
    const check = async () => {
      expect(await rollupMismatches(s.shop.id)).toEqual(NO_MISMATCH);
      const campaigns = await db.campaign.findMany({ where: { shopId: s.shop.id } });
      const orders = await db.order.findMany({ where: { shopId: s.shop.id }, include: { tags: true } });
      for (const range of ranges) {
        const inSlice = (o: (typeof orders)[number]) =>
          o.businessDate >= range.from && o.businessDate <= range.to && (!range.locationId || o.locationId === range.locationId) && (!range.channel || o.channel === range.channel);
        const live = orders.filter((o) => inSlice(o) && o.status !== "CANCELLED");
        // Plain replays: per tag, per campaign (the attribution rule order by order), preorders.
        const byTag = new Map<string, { tag: string; orders: number; revenueMinor: number }>();
        for (const o of live) {
          for (const t of o.tags) {
            const e = byTag.get(t.tag) ?? { tag: t.tag, orders: 0, revenueMinor: 0 };
            e.orders++;
            e.revenueMinor += o.subtotalMinor - o.refundedMinor;
            byTag.set(t.tag, e);
          }
        }
        const tagRows = (await s.callers.owner.dashboard.tagRevenue(range)).tags.map(({ tag, orders, revenueMinor }) => ({ tag, orders, revenueMinor }));
        expect(tagRows).toEqual([...byTag.values()].sort((a, b) => b.revenueMinor - a.revenueMinor || (a.tag < b.tag ? -1 : 1)));
        const byCode = new Map<string, number>();
        for (const o of live) {
          const a = attributeOrder(o, campaigns);
          if (a) byCode.set(`${a.code}:${a.via}`, (byCode.get(`${a.code}:${a.via}`) ?? 0) + o.subtotalMinor - o.refundedMinor);
        }
        const got = new Map<string, number>();
        for (const c of (await s.callers.owner.dashboard.campaignRevenue(range)).campaigns) {
          if (c.explicitOrders) got.set(`${c.code}:explicit`, c.explicitMinor);
          if (c.windowOrders) got.set(`${c.code}:window`, c.windowMinor);
        }
        expect(got).toEqual(byCode);
        const preorders = orders.filter((o) => inSlice(o) && o.tags.some((t) => t.tag === "preorder"));
        expect((await s.callers.owner.dashboard.customers(range)).preorderConversion).toMatchObject({
          preorders: preorders.length,
          collected: preorders.filter((o) => collectedSameDay(o, NY)).length,
        });
      }
    };
    // 23:30 EDT on Saturday Oct 31 is 03:30Z on Nov 1: it belongs to the 31st.
    const a = await addOrder(s, { ...pre, placedAt: "2026-11-01T03:30:00Z", fulfilledAt: "2026-11-01T03:50:00Z", campaign: "fall", lines: line(250) });
    // 00:30 EDT on the 25-hour day, collected at 23:30 EST: still the same business day.
    const b = await addOrder(s, { ...pre, placedAt: "2026-11-01T04:30:00Z", fulfilledAt: "2026-11-02T04:30:00Z", locationId: kiosk.id, lines: line(300) });
    const c = await addOrder(s, { placedAt: "2026-11-02T15:00:00Z", tags: ["catering", "market"], lines: line(400) }); // in the window
    const d = await addOrder(s, { placedAt: "2026-11-04T15:00:00Z", channel: "online", campaign: "fall", tags: ["market"], lines: line(500, 1) });
    await addOrder(s, { placedAt: "2026-11-05T14:29:59Z", lines: line(110) }); // just before the flash send
    await addOrder(s, { placedAt: "2026-11-05T14:45:00Z", lines: line(120) }); // its first, partial hour
    const flash = await addOrder(s, { placedAt: "2026-11-05T16:10:00Z", channel: "online", lines: line(130) }); // a whole hour
    await addOrder(s, { placedAt: "2026-11-05T17:20:00Z", lines: line(140) }); // its last half hour
    await addOrder(s, { placedAt: "2026-11-05T17:30:00Z", lines: line(150) }); // the window has closed
    await addOrder(s, { ...pre, placedAt: "2026-03-09T02:00:00Z", fulfilledAt: "2026-03-09T03:59:00Z", lines: line(100) }); // 22:00 → 23:59 EDT
    await addOrder(s, { ...pre, placedAt: "2026-03-09T02:10:00Z", fulfilledAt: "2026-03-09T04:30:00Z", lines: line(100) }); // collected 00:30 the next day
    await check();
    // A late order from an offline till, placed before everything else.
    const late = await addOrder(s, { ...pre, placedAt: "2026-10-27T13:00:00Z", tags: ["preorder", "market"], campaign: "spring", lines: line(700) });
    await check();
    // Ingestion's update of an order: the header rewritten, then its tag rows replaced.
    const rewrite = async (id: string, data: Record<string, unknown>, tags: string[]) => {
      const o = await db.order.update({ where: { id }, data });
      await db.orderTag.deleteMany({ where: { orderId: id } });
      await db.orderTag.createMany({ data: tags.map((tag) => ({ orderId: id, tag, shopId: s.shop.id, businessDate: o.businessDate })) });
    };
    await rewrite(a.id, { fulfilledAt: new Date("2026-11-01T05:00:00Z") }, ["preorder"]); // collected after midnight now
    await check();
    await rewrite(c.id, { refundedMinor: 400, status: "PARTIALLY_REFUNDED" }, ["catering"]); // refund and a tag dropped
    await check();
    await rewrite(d.id, { status: "CANCELLED", refundedMinor: 0 }, ["market"]);
    await check();
    await rewrite(d.id, { status: "OPEN", campaign: null }, ["market", "preorder"]); // restored, the code removed
    await check();
    // Moved: another day, location, channel and code.
    const moved = new Date("2026-11-06T16:00:00Z");
    await rewrite(late.id, { placedAt: moved, ...localParts(moved, NY), locationId: kiosk.id, channel: "walk-in", campaign: "fall" }, ["market"]);
    await check();
    await rewrite(b.id, { subtotalMinor: 900 }, []); // a line added, the preorder tag removed
    await check();
    await db.order.update({ where: { id: flash.id }, data: { placedAt: new Date("2026-11-05T17:25:00Z"), refundedMinor: 60 } }); // corrected time and a refund
    await check();
    await db.orderTag.delete({ where: { orderId_tag: { orderId: c.id, tag: "catering" } } });
    await check();
    await db.order.delete({ where: { id: late.id } }); // tags go with it (cascade)
    await db.order.delete({ where: { id: a.id } });
    await check();
    await db.order.update({ where: { id: b.id }, data: { status: "CANCELLED" } });
    await db.order.delete({ where: { id: b.id } }); // a cancelled order's delete takes nothing off
    await check();
  });
});

describe("dashboard.channelRevenue and tagRevenue", () => {
  test("day buckets per channel with zero days filled, totals against the previous period", async () => {
    const r = await shop.callers.owner.dashboard.channelRevenue(week);
    expect(r.series.map((s) => s.bucket)).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08"]);
    expect(r.series.find((s) => s.bucket === "2026-11-08")?.values).toEqual({ "walk-in": 999 });
    expect(r.series.find((s) => s.bucket === "2026-11-07")?.values).toEqual({});
    const walkIn = r.totals.find((t) => t.channel === "walk-in");
    expect(walkIn).toMatchObject({ orders: 2, revenueMinor: 1999, previousRevenueMinor: 2000 });
    const online = r.totals.find((t) => t.channel === "online");
    expect(online).toMatchObject({ refundedMinor: 975, refundRate: 975 / 1900 });
    expect(r.channels.map((c) => c.code)).toContain("preorder-qr");
  });

  test("weekly buckets start on Mondays", async () => {
    const r = await shop.callers.owner.dashboard.channelRevenue({ preset: "custom", from: "2026-10-26", to: "2026-11-08", granularity: "week" });
    expect(r.series.map((s) => s.bucket)).toEqual(["2026-10-26", "2026-11-02"]);
    expect(Object.values(r.series[1]?.values ?? {}).reduce((a, b) => a + b, 0)).toBe(5423);
  });

  test("tags", async () => {
    const r = await shop.callers.owner.dashboard.tagRevenue(week);
    expect(r.tags).toEqual([
      { tag: "preorder", orders: 1, revenueMinor: 2499, previousRevenueMinor: 0, change: null },
      { tag: "midnight-bundle", orders: 1, revenueMinor: 999, previousRevenueMinor: 0, change: null },
    ]);
  });
});

describe("dashboard.campaignRevenue", () => {
  test("explicit codes and the window after sending", async () => {
    // Placed 1 h after the send without a code: window-attributed. 50 h after: not.
    await addOrder(shop, { placedAt: "2026-11-04T15:00:00Z", channel: "online", lines: [{ sku: "COFFEE", quantity: 1, unitPriceMinor: 225 }] });
    await addOrder(shop, { placedAt: "2026-11-06T16:00:01Z", channel: "walk-in", lines: [{ sku: "COFFEE", quantity: 1, unitPriceMinor: 225 }] });
    const r = await shop.callers.owner.dashboard.campaignRevenue(week);
    const nl = r.campaigns.find((c) => c.code === "nl-nov");
    // Explicit: 925. Window: the 225 coffee and the fully refunded order of the 6th (16:00 < 14:00 + 48 h is false → outside).
    expect(nl).toMatchObject({ explicitOrders: 1, explicitMinor: 925, windowOrders: 1, windowMinor: 225, revenueMinor: 1150 });
    // Shrinking the window to 1 h drops the coffee (placed exactly 1 h after: the end is exclusive).
    const campaign = await db.campaign.findFirstOrThrow({ where: { shopId: shop.shop.id, code: "nl-nov" } });
    await shop.callers.manager.dashboard.saveCampaign({ id: campaign.id, code: "nl-nov", name: "November newsletter", sentAt: campaign.sentAt, attributionWindowHours: 1 });
    const narrow = await shop.callers.owner.dashboard.campaignRevenue(week);
    expect(narrow.campaigns.find((c) => c.code === "nl-nov")).toMatchObject({ windowOrders: 0, revenueMinor: 925 });
    await shop.callers.manager.dashboard.saveCampaign({ id: campaign.id, code: "nl-nov", name: "November newsletter", sentAt: campaign.sentAt, attributionWindowHours: 48 });
  });
});

describe("campaign revenue against the previous period", () => {
  test("per campaign and in total, window and code alike", async () => {
    const s = await createTestShop("Campaign Donuts");
    await db.campaign.create({ data: { shopId: s.shop.id, code: "nl-1", name: "Newsletter 1", sentAt: new Date("2026-10-28T14:00:00Z"), attributionWindowHours: 48 } });
    await db.campaign.create({ data: { shopId: s.shop.id, code: "sms-2", name: "SMS 2", sentAt: new Date("2026-11-05T20:00:00Z"), attributionWindowHours: 2 } });
    const line = (unitPriceMinor: number) => [{ sku: "GLAZED", quantity: 1, unitPriceMinor }];
    // Previous week: nl-1 earns 400 (coded) + 250 (window); the same code also earns 300 this week.
    await addOrder(s, { placedAt: "2026-10-28T15:00:00Z", campaign: "nl-1", lines: line(400) });
    await addOrder(s, { placedAt: "2026-10-29T15:00:00Z", lines: line(250) });
    await addOrder(s, { placedAt: "2026-11-03T15:00:00Z", campaign: "nl-1", lines: line(300) });
    // This week: sms-2 earns 500 in its 2 h window; an order 2 h 1 s after it earns nothing.
    await addOrder(s, { placedAt: "2026-11-05T21:00:00Z", lines: line(500) });
    await addOrder(s, { placedAt: "2026-11-05T22:00:01Z", lines: line(999) });
    const r = await s.callers.owner.dashboard.campaignRevenue(week);
    expect(r.total).toMatchObject({ revenueMinor: 800, orders: 2, previousRevenueMinor: 650, previousOrders: 2, change: (800 - 650) / 650, campaigns: 2, previousCampaigns: 1 });
    expect(r.campaigns.find((c) => c.code === "nl-1")).toMatchObject({ revenueMinor: 300, previousRevenueMinor: 650, change: (300 - 650) / 650 });
    expect(r.campaigns.find((c) => c.code === "sms-2")).toMatchObject({ revenueMinor: 500, windowMinor: 500, previousRevenueMinor: 0, change: null });
  });
});

describe("campaign send time in the shop's zone", () => {
  test("the editor's wall-clock value is read in the shop's zone, not the server's or the browser's", async () => {
    const s = await createTestShop("Zoned Donuts");
    await db.shop.update({ where: { id: s.shop.id }, data: { timeZone: "Asia/Tokyo" } });
    const saved = await s.callers.owner.dashboard.saveCampaign({ code: "tokyo-am", name: "Morning", sentAtLocal: "2026-11-20T09:00", attributionWindowHours: 2 });
    expect(saved.sentAt?.toISOString()).toBe("2026-11-20T00:00:00.000Z"); // 09:00 JST
    const edited = await s.callers.owner.dashboard.saveCampaign({ id: saved.id, code: "tokyo-am", name: "Morning", sentAtLocal: "", attributionWindowHours: 2 });
    expect(edited.sentAt).toBeNull();
    await expect(s.callers.owner.dashboard.saveCampaign({ code: "bad-time", name: "x", sentAtLocal: "2026-02-30T09:00", attributionWindowHours: 2 })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    const r = await s.callers.owner.dashboard.campaignRevenue({ preset: "7d" });
    expect(r.scope.timeZone).toBe("Asia/Tokyo");
  });
});

describe("dashboard.filterOptions", () => {
  test("today in the shop's zone, and only colours the owner chose", async () => {
    const s = await createTestShop("Colour Donuts");
    await db.channel.update({ where: { shopId_code: { shopId: s.shop.id, code: "online" } }, data: { color: "#123456" } });
    const o = await s.callers.owner.dashboard.filterOptions();
    expect(o.today).toBe(localParts(new Date(), o.timeZone).businessDate);
    // Stable stack, legend and CSV order: the default channels as every shop starts with them.
    expect(o.channels.map((c) => c.code)).toEqual(["walk-in", "preorder-qr", "online", "delivery", "event"]);
    const colours = Object.fromEntries(o.channels.map((c) => [c.code, c.color]));
    // The colours every shop starts with give way to the accessible palette; a chosen one stays.
    expect(colours).toMatchObject({ "walk-in": null, "preorder-qr": null, online: "#123456" });
    const ch = await s.callers.owner.dashboard.channelRevenue({ preset: "7d" });
    expect(ch.channels.find((c) => c.code === "online")?.color).toBe("#123456");
    expect(ch.channels.find((c) => c.code === "walk-in")?.color).toBeNull();
    await expect(s.callers.staff.dashboard.filterOptions()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a custom range ending after today is refused with the field named", async () => {
    const today = localParts(new Date(), NY).businessDate;
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    await expect(shop.callers.owner.dashboard.summary({ preset: "custom", from: today, to: tomorrow > today ? tomorrow : "2999-01-01" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });
});

describe("campaigns CRUD", () => {
  test("validates fields, refuses duplicate codes and other shops' ids", async () => {
    await expect(
      shop.callers.owner.dashboard.saveCampaign({ code: "bad code!", name: "x", sentAt: null, attributionWindowHours: 2 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(shop.callers.owner.dashboard.saveCampaign({ code: "nl-nov", name: "Dup", sentAt: null, attributionWindowHours: 2 })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    await expect(shop.callers.owner.dashboard.saveCampaign({ code: "ok", name: "x", sentAt: null, attributionWindowHours: 0 })).rejects.toBeInstanceOf(TRPCError);
    const created = await shop.callers.owner.dashboard.saveCampaign({ code: "sms-1", name: "SMS", sentAt: new Date("2026-11-07T20:00:00Z"), attributionWindowHours: 2 });
    expect((await shop.callers.manager.dashboard.campaigns()).map((c) => c.code)).toContain("sms-1");
    await expect(other.callers.owner.dashboard.saveCampaign({ id: created.id, code: "sms-1", name: "Hijack", sentAt: null, attributionWindowHours: 2 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(other.callers.owner.dashboard.deleteCampaign({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await other.callers.owner.dashboard.campaigns()).toEqual([]);
    await shop.callers.owner.dashboard.deleteCampaign({ id: created.id });
    expect((await shop.callers.owner.dashboard.campaigns()).map((c) => c.code)).not.toContain("sms-1");
  });
});

describe("roles", () => {
  test("staff are refused and signed-out users must sign in", async () => {
    for (const call of [
      () => shop.callers.staff.dashboard.summary(week),
      () => shop.callers.staff.dashboard.operations(week),
      () => shop.callers.staff.dashboard.customers(week),
      () => shop.callers.staff.dashboard.tagRevenue(week),
      () => shop.callers.staff.dashboard.campaignRevenue(week),
      () => shop.callers.staff.dashboard.campaigns(),
      () => shop.callers.staff.dashboard.channelRevenue(week),
      () => shop.callers.staff.dashboard.stockouts(week),
      () => shop.callers.staff.dashboard.saveCampaign({ code: "x", name: "x", sentAt: null, attributionWindowHours: 2 }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(shop.callers.anonymous.dashboard.summary(week)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  test("the other shop sees only its own sales", async () => {
    const s = await other.callers.owner.dashboard.summary(week);
    expect(s.revenue.current).toBe(25_000);
    expect(s.orders.current).toBe(1);
  });
});

describe("on generated history", () => {
  let history: TestShop;
  const now = new Date("2026-11-24T18:00:00Z");
  beforeAll(async () => {
    history = await createTestShop("Generated Donuts");
    await applyCatalog(db, history.shop.id, DEMO_CATALOG);
    await db.location.create({ data: { shopId: history.shop.id, code: "popup", name: "Pop-up", kind: "pop-up" } });
    const component = await db.component.findFirstOrThrow({ where: { shopId: history.shop.id, code: "DOUGH" } });
    // A small opening stock so the first days run out before the first delivery.
    await recordMovements(db, history.shop.id, [{ locationId: history.main.id, componentId: component.id, type: "RECEIPT", quantity: 3000, occurredAt: new Date("2026-10-01T00:00:00Z") }]);
    await writeShopHistory(db, history.shop.id, { days: 40, now, seed: 11 });
    // Force stock-outs: one inside the range, one that is already out when the range starts.
    const popup = await db.location.findFirstOrThrow({ where: { shopId: history.shop.id, code: "popup" } });
    const jam = await db.component.findFirstOrThrow({ where: { shopId: history.shop.id, code: "JAM" } });
    await recordMovements(db, history.shop.id, [
      { locationId: history.main.id, componentId: component.id, type: "WASTE", quantity: -1_000_000, reason: "Flood", occurredAt: new Date("2026-11-10T15:00:00Z") },
      { locationId: history.main.id, componentId: component.id, type: "RECEIPT", quantity: 1_000_000, occurredAt: new Date("2026-11-11T15:00:00Z") },
      { locationId: popup.id, componentId: jam.id, type: "WASTE", quantity: -1_000_000, reason: "Spoiled", occurredAt: new Date("2026-10-18T12:00:00Z") },
      { locationId: popup.id, componentId: jam.id, type: "RECEIPT", quantity: 1_000_000, occurredAt: new Date("2026-10-25T12:00:00Z") },
    ]);
  });

  test("both rollups equal grouping the orders and the ledger themselves", async () => {
    const id = history.shop.id;
    const diff = async (sql: string) => Number((await db.$queryRawUnsafe<{ n: bigint }[]>(sql, id, id))[0]?.n);
    // Rows in one and not the other, both ways (zero rows left by deletes count as absent).
    expect(
      await diff(`SELECT COUNT(*) AS n FROM (
        SELECT businessDate, COALESCE(locationId, ''), channel, COUNT(*), SUM(subtotalMinor), SUM(refundedMinor), SUM(refundedMinor > 0)
          FROM "Order" WHERE shopId = ? AND status <> 'CANCELLED' GROUP BY 1, 2, 3
        EXCEPT SELECT businessDate, locationId, channel, orders, grossMinor, refundedMinor, refundedOrders FROM DashboardSalesDay WHERE shopId = ?)`),
    ).toBe(0);
    expect(
      await diff(`SELECT COUNT(*) AS n FROM (
        SELECT businessDate, locationId, channel, orders, grossMinor, refundedMinor, refundedOrders FROM DashboardSalesDay WHERE shopId = ? AND orders <> 0
        EXCEPT SELECT businessDate, COALESCE(locationId, ''), channel, COUNT(*), SUM(subtotalMinor), SUM(refundedMinor), SUM(refundedMinor > 0)
          FROM "Order" WHERE shopId = ? AND status <> 'CANCELLED' GROUP BY 1, 2, 3)`),
    ).toBe(0);
    const ledger = `SELECT type, substr(occurredAt, 1, 10), locationId, componentId, SUM(quantity), SUM(MIN(quantity, 0)) FROM StockMovement WHERE shopId = ? GROUP BY 1, 2, 3, 4`;
    const rollup = `SELECT type, day, locationId, componentId, quantity, outflow FROM DashboardLedgerDay WHERE shopId = ?`;
    expect(await diff(`SELECT COUNT(*) AS n FROM (${ledger} EXCEPT ${rollup})`)).toBe(0);
    expect(await diff(`SELECT COUNT(*) AS n FROM (${rollup.replace("WHERE shopId = ?", "WHERE shopId = ? AND (quantity <> 0 OR outflow <> 0)")} EXCEPT ${ledger})`)).toBe(0);
    expect(await rollupMismatches(id)).toEqual(NO_MISMATCH);
    // (Late deliveries and the backdated receipt above arrive before other movements of their day.)
    expect(await stockDayMismatches(id, { exactLow: false })).toEqual({ rows: 0, low: 0, balances: 0 });
    expect(await diff(`SELECT COUNT(*) AS n FROM DashboardTagDay WHERE shopId = ? OR shopId = ?`)).toBeGreaterThan(10);
  });

  test("stock-out minutes from SQL match a replay of the whole ledger", async () => {
    const input = { preset: "custom" as const, from: "2026-10-20", to: "2026-11-20" };
    const r = await getStockouts(db, history.shop.id, input, now);
    expect(r.rows.length).toBeGreaterThan(0);
    const start = new Date("2026-10-20T04:00:00Z"); // EDT midnight
    const end = new Date("2026-11-21T05:00:00Z"); // EST midnight
    const movements = await db.stockMovement.findMany({
      where: { shopId: history.shop.id },
      orderBy: [{ occurredAt: "asc" }],
      select: { locationId: true, componentId: true, quantity: true, occurredAt: true },
    });
    const pairs = new Map<string, { at: Date; delta: number }[]>();
    const opening = new Map<string, number>();
    for (const m of movements) {
      const k = `${m.locationId}:${m.componentId}`;
      if (m.occurredAt < start) opening.set(k, (opening.get(k) ?? 0) + m.quantity);
      else if (m.occurredAt < end) pairs.set(k, [...(pairs.get(k) ?? []), { at: m.occurredAt, delta: m.quantity }]);
      else opening.set(k, opening.get(k) ?? 0);
      if (!pairs.has(k)) pairs.set(k, []);
    }
    const expected = [...pairs.entries()]
      .map(([k, moves]) => ({ k, minutes: stockoutMinutes(opening.get(k) ?? 0, moves, start, end) }))
      .filter((e) => e.minutes > 0);
    const got = new Map(r.rows.map((row) => [`${row.locationId}:${row.componentId}`, row.minutes]));
    expect(got.size).toBe(expected.length);
    for (const e of expected) expect(Math.abs((got.get(e.k) ?? 0) - e.minutes)).toBeLessThanOrEqual(1);
  });

  test("campaign revenue from SQL matches the attribution rule applied order by order", async () => {
    const input = { preset: "custom" as const, from: "2026-10-20", to: "2026-11-20" };
    const r = await getCampaignRevenue(db, history.shop.id, input, now);
    const campaigns = await db.campaign.findMany({ where: { shopId: history.shop.id } });
    const orders = await db.order.findMany({
      where: { shopId: history.shop.id, businessDate: { gte: input.from, lte: input.to }, status: { not: "CANCELLED" } },
      select: { campaign: true, placedAt: true, subtotalMinor: true, refundedMinor: true },
    });
    const expected = new Map<string, number>();
    for (const o of orders) {
      const a = attributeOrder(o, campaigns);
      if (a) expected.set(a.code, (expected.get(a.code) ?? 0) + o.subtotalMinor - o.refundedMinor);
    }
    expect(new Map(r.campaigns.map((c) => [c.code, c.revenueMinor]))).toEqual(expected);
  });

  test("preorder conversion and repeat customers from SQL match the domain rules order by order", async () => {
    const input = { preset: "custom" as const, from: "2026-10-20", to: "2026-11-20" };
    const c = await getCustomerKpis(db, history.shop.id, input, now);
    const orders = await db.order.findMany({
      where: { shopId: history.shop.id },
      select: { businessDate: true, placedAt: true, fulfilledAt: true, status: true, customerRef: true, tags: { select: { tag: true } } },
    });
    const inRange = (o: { businessDate: string }) => o.businessDate >= input.from && o.businessDate <= input.to;
    const preorders = orders.filter((o) => inRange(o) && o.tags.some((t) => t.tag === "preorder"));
    expect(preorders.length).toBeGreaterThan(100);
    const collected = preorders.filter((o) => collectedSameDay(o, NY)).length;
    // The generator writes realistic pickups: most the same day, some the next, some never.
    expect(collected / preorders.length).toBeGreaterThan(0.6);
    expect(collected).toBeLessThan(preorders.length);
    expect(c.preorderConversion).toMatchObject({ preorders: preorders.length, collected });
    expect(c.repeatRate).toMatchObject(repeatCustomers(orders.map((o) => ({ ...o, inPeriod: inRange(o) }))));
    expect(c.repeatRate.repeaters).toBeGreaterThan(0);
  });
});

describe("preorder same-day conversion", () => {
  let s: TestShop;
  beforeAll(async () => {
    s = await createTestShop("Preorder Donuts");
    const pre = { channel: "preorder-qr", tags: ["preorder"], lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }] };
    // Week of 2026-11-02 (EST). Collected at 11:30 for a 09:00 order: same day.
    await addOrder(s, { ...pre, placedAt: "2026-11-03T14:00:00Z", fulfilledAt: "2026-11-03T16:30:00Z" });
    // 23:30 local, collected 00:30 the next local day: not same day (though only an hour later).
    await addOrder(s, { ...pre, placedAt: "2026-11-05T04:30:00Z", fulfilledAt: "2026-11-05T05:30:00Z" });
    // 00:30 local, collected 23:30 local the same day: same day (23 hours later).
    await addOrder(s, { ...pre, placedAt: "2026-11-05T05:30:00Z", fulfilledAt: "2026-11-06T04:30:00Z" });
    // Never collected, and cancelled: both in the denominator only.
    await addOrder(s, { ...pre, placedAt: "2026-11-06T15:00:00Z" });
    await addOrder(s, { ...pre, placedAt: "2026-11-06T16:00:00Z", status: "CANCELLED", fulfilledAt: "2026-11-06T17:00:00Z" });
    // Collected, then refunded in full: a later refund does not undo the collection.
    await addOrder(s, { ...pre, placedAt: "2026-11-07T15:00:00Z", fulfilledAt: "2026-11-07T15:20:00Z", status: "REFUNDED", lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250, refundedQty: 2 }] });
    // Collected the same day but not tagged preorder: not counted at all.
    await addOrder(s, { placedAt: "2026-11-07T15:00:00Z", fulfilledAt: "2026-11-07T15:00:00Z", lines: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }] });
    // Fall-back day 2026-11-01 lasts 25 h: 00:30 EDT → 23:30 EST is 24 h later and still the same day.
    await addOrder(s, { ...pre, placedAt: "2026-11-01T04:30:00Z", fulfilledAt: "2026-11-02T04:30:00Z" });
    // Spring-forward day 2026-03-08 lasts 23 h: 22:00 EDT → 23:59 EDT is the same day, 00:30 EDT the next
    // (a day start/end taken with the winter offset would wrongly count the second).
    await addOrder(s, { ...pre, placedAt: "2026-03-09T02:00:00Z", fulfilledAt: "2026-03-09T03:59:00Z" });
    await addOrder(s, { ...pre, placedAt: "2026-03-09T02:10:00Z", fulfilledAt: "2026-03-09T04:30:00Z" });
  });

  test.each([
    { name: "a week with the 23:30 → 00:30 pickup, a no-show, a cancellation and a refund", from: "2026-11-02", to: "2026-11-08", preorders: 6, collected: 3 },
    { name: "the 25-hour fall-back day", from: "2026-11-01", to: "2026-11-01", preorders: 1, collected: 1 },
    { name: "the 23-hour spring-forward day", from: "2026-03-08", to: "2026-03-08", preorders: 2, collected: 1 },
  ])("$name", async ({ from, to, preorders, collected }) => {
    const c = await s.callers.owner.dashboard.customers({ preset: "custom", from, to });
    expect(c.preorderConversion).toMatchObject({ preorders, collected, current: collected / preorders });
  });

  test("the SQL agrees with the domain rule on every scripted order", async () => {
    const orders = await db.order.findMany({ where: { shopId: s.shop.id, tags: { some: { tag: "preorder" } } } });
    const week = orders.filter((o) => o.businessDate >= "2026-11-02" && o.businessDate <= "2026-11-08");
    expect(week.filter((o) => collectedSameDay(o, NY)).length).toBe(3);
  });

  test("filters apply: none of these preorders were online", async () => {
    const c = await s.callers.owner.dashboard.customers({ preset: "custom", from: "2026-11-02", to: "2026-11-08", channel: "online" });
    expect(c.preorderConversion).toMatchObject({ preorders: 0, collected: 0, current: null });
  });
});

describe("repeat customers within 60 days", () => {
  let s: TestShop;
  let kiosk: { id: string };
  const one = [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }];
  beforeAll(async () => {
    s = await createTestShop("Regulars Donuts");
    kiosk = await db.location.create({ data: { shopId: s.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const o = (customerRef: string, placedAt: string, extra: { status?: string; locationId?: string } = {}) =>
      addOrder(s, { customerRef, placedAt, lines: one, ...extra });
    await o("c_a", "2026-06-05T14:00:00Z"); // two orders in a long range, but 151 days apart
    await o("c_a", "2026-11-03T14:00:00Z");
    await o("c_b", "2026-10-20T14:00:00Z", { status: "CANCELLED" }); // a cancelled earlier order is no visit
    await o("c_b", "2026-11-04T14:00:00Z");
    await o("c_c", "2026-10-01T14:00:00Z"); // 35 days before
    await o("c_c", "2026-11-05T14:00:00Z");
    await o("c_d", "2026-11-06T14:00:00Z"); // twice in the week
    await o("c_d", "2026-11-07T14:00:00Z");
    await o("c_e", "2026-11-02T14:00:00Z"); // once
    await o("c_f", "2026-11-03T15:00:00Z", { status: "CANCELLED" }); // only a cancelled order: not a customer of the period
    await o("c_g", "2026-09-08T14:00:00Z"); // exactly 60 days before: counts
    await o("c_g", "2026-11-07T14:00:00Z");
    await o("c_h", "2026-09-08T13:59:00Z"); // 60 days and a minute: does not
    await o("c_h", "2026-11-07T14:00:00Z");
    await o("c_i", "2026-10-20T14:00:00Z", { locationId: kiosk.id }); // came back at another location
    await o("c_i", "2026-11-04T14:00:00Z");
    await addOrder(s, { placedAt: "2026-11-04T15:00:00Z", lines: one }); // anonymous
  });

  test.each([
    { name: "a week", range: { from: "2026-11-02", to: "2026-11-08" }, filter: {}, customers: 8, repeaters: ["c_c", "c_d", "c_g", "c_i"] },
    // More than one order in a long period is not enough: the 60-day window holds on any range.
    { name: "five months", range: { from: "2026-06-01", to: "2026-11-08" }, filter: {}, customers: 8, repeaters: ["c_c", "c_d", "c_g", "c_i"] },
    { name: "only October", range: { from: "2026-10-01", to: "2026-10-31" }, filter: {}, customers: 2, repeaters: [] },
    // Filters choose the orders in the period; the earlier visit may be anywhere.
    { name: "the main store only", range: { from: "2026-11-02", to: "2026-11-08" }, filter: { main: true }, customers: 8, repeaters: ["c_c", "c_d", "c_g", "c_i"] },
    { name: "the kiosk only", range: { from: "2026-10-01", to: "2026-11-08" }, filter: { kiosk: true }, customers: 1, repeaters: [] },
    // Long periods take the other plan (one pass over the customer index); same answers.
    { name: "the main store over five months", range: { from: "2026-06-01", to: "2026-11-08" }, filter: { main: true }, customers: 8, repeaters: ["c_c", "c_d", "c_g", "c_i"] },
    { name: "the kiosk over five months", range: { from: "2026-06-01", to: "2026-11-08" }, filter: { kiosk: true }, customers: 1, repeaters: [] },
  ])("$name", async ({ range, filter, customers, repeaters }) => {
    const locationId = "main" in filter ? s.main.id : "kiosk" in filter ? kiosk.id : undefined;
    const c = await s.callers.owner.dashboard.customers({ preset: "custom", ...range, locationId });
    expect(c.repeatRate).toMatchObject({ customers, repeaters: repeaters.length, current: customers ? repeaters.length / customers : null });
    // The domain reference, fed every order of the shop, agrees.
    const all = await db.order.findMany({ where: { shopId: s.shop.id }, select: { customerRef: true, placedAt: true, status: true, businessDate: true, locationId: true } });
    const inPeriod = (o: (typeof all)[number]) => o.businessDate >= range.from && o.businessDate <= range.to && (!locationId || o.locationId === locationId);
    expect(repeatCustomers(all.map((o) => ({ ...o, inPeriod: inPeriod(o) })))).toEqual({ customers, repeaters: repeaters.length });
  });
});

describe("repeat customers: both query plans agree", () => {
  test("a long period and its previous one in one pass equal each counted on its own", async () => {
    const s = await createTestShop("Plans Donuts");
    await applyCatalog(db, s.shop.id, DEMO_CATALOG);
    await writeShopHistory(db, s.shop.id, { days: 200, now: new Date("2026-11-24T18:00:00Z"), seed: 5 });
    const kiosk = await db.location.findFirst({ where: { shopId: s.shop.id } });
    for (const filter of [{}, { locationId: kiosk?.id ?? null }, { channel: "walk-in" }]) {
      const current = { shopId: s.shop.id, from: "2026-09-01", to: "2026-11-20", ...filter };
      const previous = { shopId: s.shop.id, from: "2026-06-12", to: "2026-08-31", ...filter };
      const both = await repeatCustomersWithPrevious(db, current, previous);
      expect(both.current).toEqual(await repeatCustomersOfSlice(db, current));
      expect(both.previous).toEqual(await repeatCustomersOfSlice(db, previous));
      expect(both.current.repeaters).toBeGreaterThan(0);
      expect(both.previous.customers).toBeGreaterThan(0);
    }
  });
});

describe("repeat customers follow late, cancelled and deleted orders", () => {
  test("an earlier order arriving late, then cancelled, then restored, then deleted", async () => {
    const s = await createTestShop("Late Donuts");
    const one = [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }];
    const range = { preset: "custom" as const, from: "2026-11-02", to: "2026-11-08" };
    const rate = async () => (await s.callers.owner.dashboard.customers(range)).repeatRate;
    await addOrder(s, { customerRef: "c_late", placedAt: "2026-11-05T14:00:00Z", lines: one });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 0 });
    // An offline POS delivers the customer's order of 20 days before only now.
    const earlier = await addOrder(s, { customerRef: "c_late", placedAt: "2026-10-16T14:00:00Z", lines: one });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 1 });
    await db.order.update({ where: { id: earlier.id }, data: { status: "CANCELLED" } });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 0 });
    await db.order.update({ where: { id: earlier.id }, data: { status: "OPEN" } });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 1 });
    // Moved 40 days further back it is outside the window.
    await db.order.update({ where: { id: earlier.id }, data: { placedAt: new Date("2026-09-01T14:00:00Z") } });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 0 });
    await db.order.update({ where: { id: earlier.id }, data: { placedAt: new Date("2026-10-16T14:00:00Z") } });
    await db.order.delete({ where: { id: earlier.id } });
    expect(await rate()).toMatchObject({ customers: 1, repeaters: 0 });
  });

  test("the triggers that keep the dashboard's rollups and flags exist after every migration", async () => {
    // A later migration that rebuilds Order or StockMovement (Prisma's RedefineTables) drops triggers;
    // this test is what notices.
    const rows = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "OrderTag_preorder_delete",
        "OrderTag_preorder_insert",
        "OrderTag_preorder_update",
        "OrderTag_tag_day_delete",
        "OrderTag_tag_day_insert",
        "OrderTag_tag_day_update",
        "Order_campaign_day_delete",
        "Order_campaign_day_insert",
        "Order_campaign_day_update",
        "Order_customer_day_delete",
        "Order_customer_day_insert",
        "Order_customer_day_update",
        "DashboardCustomerDay_pointers_insert",
        "DashboardCustomerDay_pointers_update",
        "Order_repeat_delete",
        "Order_repeat_insert",
        "Order_repeat_update",
        "Order_sales_day_delete",
        "Order_sales_day_insert",
        "Order_sales_day_update",
        "Order_tag_day_delete",
        "Order_tag_day_update",
        "Order_uncoded_hour_delete",
        "Order_uncoded_hour_insert",
        "Order_uncoded_hour_update",
        "StockMovement_ledger_day_delete",
        "StockMovement_ledger_day_insert",
        "StockMovement_ledger_day_update",
        "StockMovement_stock_day_delete",
        "StockMovement_stock_day_insert",
        "StockMovement_stock_day_update",
      ]),
    );
  });
});

describe("customer-day pointers count each customer once in long periods", () => {
  type Slice = { shopId: string; from: string; to: string };
  const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  /** The previous period of a range: as long, ending the day before it starts. */
  const previousOf = (from: string, to: string) => {
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
    return { from: addDays(from, -days), to: addDays(from, -1) };
  };
  /** The domain rule fed every order of the shop, for one business-date range. */
  async function domainCounts(shopId: string, from: string, to: string) {
    const all = await db.order.findMany({ where: { shopId }, select: { customerRef: true, placedAt: true, status: true, businessDate: true } });
    return repeatCustomers(all.map((o) => ({ ...o, inPeriod: o.businessDate >= from && o.businessDate <= to })));
  }
  /** The rollup recomputed from the orders themselves, as the migration's backfill does. */
  const rebuilt = `WITH d AS (SELECT customerRef, businessDate, COUNT(*) AS o, SUM(repeatWithin60d) AS r FROM "Order"
                     WHERE shopId = ? AND customerRef IS NOT NULL AND status <> 'CANCELLED' GROUP BY 1, 2)
    SELECT customerRef, businessDate, o AS orders, r AS repeatOrders, LAG(businessDate, 1, '') OVER w AS prevDate,
           CASE WHEN r > 0 THEN COALESCE(MAX(CASE WHEN r > 0 THEN businessDate END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '') END AS prevRepeatDate
      FROM d WINDOW w AS (PARTITION BY customerRef ORDER BY businessDate) ORDER BY 1, 2`;
  const kept = `SELECT customerRef, businessDate, orders, repeatOrders, prevDate, prevRepeatDate FROM DashboardCustomerDay
                 WHERE shopId = ? AND (orders <> 0 OR repeatOrders <> 0 OR prevDate IS NOT NULL OR prevRepeatDate IS NOT NULL) ORDER BY 1, 2`;
  async function expectRollupRebuilt(shopId: string) {
    const norm = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, orders: Number(r.orders), repeatOrders: Number(r.repeatOrders) }));
    expect(norm(await db.$queryRawUnsafe(kept, shopId))).toEqual(norm(await db.$queryRawUnsafe(rebuilt, shopId)));
  }
  /** SQL (both periods at once, unfiltered: the pointer path) against the domain rule. */
  async function expectPeriodsMatch(shopId: string, from: string, to: string) {
    const prev = previousOf(from, to);
    const current: Slice = { shopId, from, to };
    const previous: Slice = { shopId, ...prev };
    const both = await repeatCustomersWithPrevious(db, current, previous);
    expect(both.current).toEqual(await domainCounts(shopId, from, to));
    expect(both.previous).toEqual(await domainCounts(shopId, prev.from, prev.to));
    return both;
  }

  test("a year by week, 90 and 30 days and their previous periods equal the domain rule on generated history, also after edits", async () => {
    const s = await createTestShop("Pointer Donuts");
    await applyCatalog(db, s.shop.id, DEMO_CATALOG);
    const now = new Date("2026-11-24T18:00:00Z");
    await writeShopHistory(db, s.shop.id, { days: 240, now, seed: 23 });
    const today = localParts(now, NY).businessDate;
    const ranges = [
      [addDays(today, -364), today],
      [addDays(today, -89), today],
      [addDays(today, -29), today],
      ["2026-08-01", "2026-10-15"],
    ] as const;
    const check = async () => {
      for (const [from, to] of ranges) await expectPeriodsMatch(s.shop.id, from, to);
      await expectRollupRebuilt(s.shop.id);
    };
    await check();
    const year = await repeatCustomersWithPrevious(db, { shopId: s.shop.id, from: ranges[0][0], to: today }, { shopId: s.shop.id, ...previousOf(ranges[0][0], today) });
    expect(year.current.repeaters).toBeGreaterThan(20);
    expect(year.current.customers).toBeGreaterThan(year.current.repeaters);
    const ninety = await repeatCustomersWithPrevious(db, { shopId: s.shop.id, from: ranges[1][0], to: today }, { shopId: s.shop.id, ...previousOf(ranges[1][0], today) });
    expect(ninety.previous.repeaters).toBeGreaterThan(0);
    // The service reads the same counts for the year view.
    const kpis = await getCustomerKpis(db, s.shop.id, { preset: "custom", from: ranges[0][0], to: today, granularity: "week" }, now);
    expect(kpis.repeatRate).toMatchObject(year.current);

    // Edit identified orders the way late POS updates do: cancel, restore, move, re-assign, delete.
    const orders = await db.order.findMany({ where: { shopId: s.shop.id, customerRef: { not: null } }, orderBy: { externalId: "asc" }, select: { id: true, customerRef: true, placedAt: true } });
    const refs = [...new Set(orders.map((o) => o.customerRef as string))];
    let k = 0;
    for (const o of orders.filter((_, i) => i % 9 === 0).slice(0, 120)) {
      const step = k++ % 6;
      if (step === 0) await db.order.update({ where: { id: o.id }, data: { status: "CANCELLED" } });
      else if (step === 1) {
        await db.order.update({ where: { id: o.id }, data: { status: "CANCELLED" } });
        await db.order.update({ where: { id: o.id }, data: { status: "FULFILLED" } });
      } else if (step === 2 || step === 3) {
        const placedAt = new Date(o.placedAt.getTime() + (step === 2 ? -1 : 1) * (k % 50) * 86_400_000 - 3_600_000);
        await db.order.update({ where: { id: o.id }, data: { placedAt, ...localParts(placedAt, NY) } });
      } else if (step === 4) await db.order.update({ where: { id: o.id }, data: { customerRef: refs[(k * 7) % refs.length] } });
      else await db.order.delete({ where: { id: o.id } });
    }
    // And a late order of a regular, dated before its first one.
    const first = await db.order.findFirstOrThrow({ where: { shopId: s.shop.id, customerRef: refs[0] }, orderBy: { placedAt: "asc" } });
    await addOrder({ ...s }, { customerRef: refs[0], placedAt: new Date(first.placedAt.getTime() - 10 * 86_400_000).toISOString(), lines: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }] });
    await check();
  });

  test("pointers follow a late, cancelled, restored, moved, re-assigned and deleted order", async () => {
    const s = await createTestShop("Pointer Regulars");
    const one = [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }];
    const o = (customerRef: string, placedAt: string) => addOrder(s, { customerRef, placedAt, lines: one });
    const counts = async (from: string, to: string) => {
      const both = await expectPeriodsMatch(s.shop.id, from, to);
      await expectRollupRebuilt(s.shop.id);
      return both.current;
    };
    // Week Nov 2–8 (EST), and the 61 days Sep 9 – Nov 8 (the long plan; previous Jul 10 – Sep 8).
    const week = ["2026-11-02", "2026-11-08"] as const;
    const long = ["2026-09-09", "2026-11-08"] as const;
    await o("c_p", "2026-10-20T14:00:00Z");
    await o("c_p", "2026-11-04T14:00:00Z");
    await o("c_p", "2026-11-06T14:00:00Z");
    await o("c_q", "2026-07-20T14:00:00Z");
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 1 });
    // Late: an order on Nov 3 becomes the customer's first of the week.
    const late = await o("c_p", "2026-11-03T14:00:00Z");
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 1 });
    await db.order.update({ where: { id: late.id }, data: { status: "CANCELLED" } });
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 1 });
    await db.order.update({ where: { id: late.id }, data: { status: "OPEN" } });
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 1 });
    // Moved to the next week, placedAt and businessDate together.
    const moved = new Date("2026-11-10T14:00:00Z");
    await db.order.update({ where: { id: late.id }, data: { placedAt: moved, ...localParts(moved, NY) } });
    expect(await counts("2026-11-09", "2026-11-15")).toEqual({ customers: 1, repeaters: 1 });
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 1 });
    // Re-assigned: the Oct 20 order becomes c_q's; c_p's Nov 4 order is no longer a repeat, Nov 6 still is.
    const oct = await db.order.findFirstOrThrow({ where: { shopId: s.shop.id, customerRef: "c_p", businessDate: "2026-10-20" } });
    await db.order.update({ where: { id: oct.id }, data: { customerRef: "c_q" } });
    expect(await counts(...long)).toEqual({ customers: 2, repeaters: 1 });
    expect(await counts("2026-10-15", "2026-10-31")).toEqual({ customers: 1, repeaters: 0 });
    // Deleted: Nov 4 goes, so Nov 6 is c_p's first order since Oct 20 moved away: no repeat left.
    const nov4 = await db.order.findFirstOrThrow({ where: { shopId: s.shop.id, customerRef: "c_p", businessDate: "2026-11-04" } });
    await db.order.delete({ where: { id: nov4.id } });
    expect(await counts(...week)).toEqual({ customers: 1, repeaters: 0 });
    expect(await counts(...long)).toEqual({ customers: 2, repeaters: 0 });
    // A new order of c_q on Sep 1 (previous period of the long range) makes its Oct 20 order a repeat.
    await o("c_q", "2026-09-01T14:00:00Z");
    expect(await counts(...long)).toEqual({ customers: 2, repeaters: 1 });
    // Filtered slices keep the distinct-count plans and agree with the unfiltered one here.
    const filtered = await repeatCustomersWithPrevious(db, { shopId: s.shop.id, from: long[0], to: long[1], locationId: s.main.id }, { shopId: s.shop.id, ...previousOf(...long), locationId: s.main.id });
    expect(filtered.current).toEqual({ customers: 2, repeaters: 1 });
  });
});

describe("operations KPIs on a scripted ledger", () => {
  let s: TestShop;
  let kiosk: { id: string };
  beforeAll(async () => {
    s = await createTestShop("Ledger Donuts");
    kiosk = await db.location.create({ data: { shopId: s.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const dough = await db.component.create({ data: { shopId: s.shop.id, code: "DOUGH", name: "Dough", unit: "g", costPerUnitMilli: 350 } }); // 0.35 ¢/g
    const box = await db.component.create({ data: { shopId: s.shop.id, code: "BOX", name: "Box", unit: "pc", costPerUnitMilli: 42_000 } }); // 42 ¢
    const at = (iso: string) => new Date(iso);
    await recordMovements(db, s.shop.id, [
      { locationId: s.main.id, componentId: dough.id, type: "RECEIPT", quantity: 50_000, occurredAt: at("2026-11-01T12:00:00Z") },
      { locationId: s.main.id, componentId: box.id, type: "RECEIPT", quantity: 500, occurredAt: at("2026-11-01T12:00:00Z") },
      // In the week (Nov 2–8 EST): 10 kg dough and 30 boxes sold, 400 g restocked by a refund,
      // 1.2 kg dough and 2 boxes wasted at main, 500 g dough wasted at the kiosk.
      { locationId: s.main.id, componentId: dough.id, type: "SALE", quantity: -10_000, occurredAt: at("2026-11-03T14:00:00Z") },
      { locationId: s.main.id, componentId: box.id, type: "SALE", quantity: -30, occurredAt: at("2026-11-03T14:00:00Z") },
      { locationId: s.main.id, componentId: dough.id, type: "REFUND_RESTOCK", quantity: 400, occurredAt: at("2026-11-04T14:00:00Z") },
      { locationId: s.main.id, componentId: dough.id, type: "WASTE", quantity: -1_200, reason: "End of day", occurredAt: at("2026-11-05T02:30:00Z") },
      { locationId: s.main.id, componentId: box.id, type: "WASTE", quantity: -2, reason: "Crushed", occurredAt: at("2026-11-06T20:00:00Z") },
      { locationId: kiosk.id, componentId: dough.id, type: "WASTE", quantity: -500, reason: "Dropped", occurredAt: at("2026-11-07T20:00:00Z") },
      // 23:30 local on Sunday the 8th is in the week; 00:30 on Monday the 9th is not.
      { locationId: s.main.id, componentId: dough.id, type: "WASTE", quantity: -100, reason: "Late", occurredAt: at("2026-11-09T04:30:00Z") },
      { locationId: s.main.id, componentId: dough.id, type: "WASTE", quantity: -9_000, reason: "Next week", occurredAt: at("2026-11-09T05:30:00Z") },
    ]);
    const delivery = (locationId: string, windowAt: string, receivedAt: string | null, status = "RECEIVED") =>
      db.resupplySuggestion.create({ data: { shopId: s.shop.id, locationId, windowAt: at(windowAt), receivedAt: receivedAt ? at(receivedAt) : null, status } });
    await delivery(s.main.id, "2026-11-03T11:00:00Z", "2026-11-03T10:40:00Z"); // early: on time
    await delivery(s.main.id, "2026-11-04T11:00:00Z", "2026-11-04T11:00:00Z"); // exactly at the window: on time
    await delivery(s.main.id, "2026-11-05T11:00:00Z", "2026-11-05T13:15:00Z"); // late
    await delivery(kiosk.id, "2026-11-06T11:00:00Z", "2026-11-06T12:00:00Z", "PARTIAL"); // late, partial
    await delivery(s.main.id, "2026-11-07T11:00:00Z", null, "SENT"); // not received yet
    await delivery(s.main.id, "2026-10-30T11:00:00Z", "2026-10-30T10:00:00Z"); // previous week, on time
    await delivery(s.main.id, "2026-11-09T11:00:00Z", "2026-11-09T12:00:00Z"); // after the week
  });

  test("waste value, its share of usage and lead time met, exactly", async () => {
    const o = await s.callers.owner.dashboard.operations(week);
    // Waste: dough 1 200 + 500 + 100 g × 0.35 ¢ = 630 ¢; boxes 2 × 42 ¢ = 84 ¢ → 714 ¢.
    expect(o.waste.current).toBe(714);
    // Consumed: dough (10 000 − 400) g × 0.35 ¢ = 3 360 ¢; boxes 30 × 42 ¢ = 1 260 ¢ → 4 620 ¢.
    expect(o.waste.consumedMinor).toBe(4620);
    expect(o.waste.share).toBeCloseTo(714 / (714 + 4620), 12);
    expect(o.waste).toMatchObject({ previous: 0, previousShare: null });
    // Lead time: 4 received in the week (early, exactly on time, late, late partial) → 2 of 4.
    expect(o.leadTimeMet).toMatchObject({ received: 4, onTime: 2, current: 0.5, previous: 1 });
  });

  test("the location filter narrows both", async () => {
    const main = await s.callers.owner.dashboard.operations({ ...week, locationId: s.main.id });
    expect(main.waste.current).toBe(714 - 175); // without the kiosk's 500 g
    expect(main.leadTimeMet).toMatchObject({ received: 3, onTime: 2 });
    const k = await s.callers.owner.dashboard.operations({ ...week, locationId: kiosk.id });
    expect(k.waste).toMatchObject({ current: 175, consumedMinor: 0, share: 1 });
    expect(k.leadTimeMet).toMatchObject({ received: 1, onTime: 0, current: 0 });
  });
});

describe("stock-out minutes on a scripted ledger", () => {
  let s: TestShop;
  let kiosk: { id: string };
  beforeAll(async () => {
    s = await createTestShop("Stockout Donuts");
    kiosk = await db.location.create({ data: { shopId: s.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const component = (code: string) => db.component.create({ data: { shopId: s.shop.id, code, name: code, unit: "pc", costPerUnitMilli: 1000 } });
    const [sugar, dough, box, glaze, flour] = await Promise.all(["SUGAR", "DOUGH", "BOX", "GLAZE", "FLOUR"].map(component));
    if (!sugar || !dough || !box || !glaze || !flour) throw new Error("components not created");
    const at = (iso: string) => new Date(iso);
    const main = s.main.id;
    // The week is Nov 2–8 in New York: 2026-11-02T05:00Z to 2026-11-09T05:00Z, 10 080 minutes.
    await recordMovements(db, s.shop.id, [
      // Sugar ran out before the week and was only restocked after it: out all week.
      { locationId: main, componentId: sugar.id, type: "RECEIPT", quantity: 100, occurredAt: at("2026-10-20T12:00:00Z") },
      { locationId: main, componentId: sugar.id, type: "WASTE", quantity: -100, occurredAt: at("2026-10-25T12:00:00Z") },
      { locationId: main, componentId: sugar.id, type: "RECEIPT", quantity: 50, occurredAt: at("2026-11-12T12:00:00Z") },
      // Dough sells out on the 3rd at 15:00Z, stays out over two days with no movement, is received
      // on the 6th at 13:00Z (70 h = 4 200 min), then sells out again at 23:00 local on the last
      // evening (60 min before the week ends) and is received after the week.
      { locationId: main, componentId: dough.id, type: "RECEIPT", quantity: 1000, occurredAt: at("2026-10-30T12:00:00Z") },
      { locationId: main, componentId: dough.id, type: "SALE", quantity: -1000, occurredAt: at("2026-11-03T15:00:00Z") },
      { locationId: main, componentId: dough.id, type: "RECEIPT", quantity: 500, occurredAt: at("2026-11-06T13:00:00Z") },
      { locationId: main, componentId: dough.id, type: "SALE", quantity: -200, occurredAt: at("2026-11-07T16:00:00Z") },
      { locationId: main, componentId: dough.id, type: "SALE", quantity: -300, occurredAt: at("2026-11-09T04:00:00Z") },
      { locationId: main, componentId: dough.id, type: "RECEIPT", quantity: 100, occurredAt: at("2026-11-09T06:00:00Z") },
      // Boxes at the kiosk open the week below zero and are received on the 4th at 17:00Z (60 h).
      { locationId: kiosk.id, componentId: box.id, type: "SALE", quantity: -5, occurredAt: at("2026-10-28T12:00:00Z") },
      { locationId: kiosk.id, componentId: box.id, type: "RECEIPT", quantity: 100, occurredAt: at("2026-11-04T17:00:00Z") },
      // Glaze touches zero for half an hour inside one day.
      { locationId: main, componentId: glaze.id, type: "RECEIPT", quantity: 10, occurredAt: at("2026-10-31T12:00:00Z") },
      { locationId: main, componentId: glaze.id, type: "SALE", quantity: -10, occurredAt: at("2026-11-05T10:00:00Z") },
      { locationId: main, componentId: glaze.id, type: "RECEIPT", quantity: 10, occurredAt: at("2026-11-05T10:30:00Z") },
      // Flour at the kiosk never runs out: no row.
      { locationId: kiosk.id, componentId: flour.id, type: "RECEIPT", quantity: 100, occurredAt: at("2026-10-31T12:00:00Z") },
      { locationId: kiosk.id, componentId: flour.id, type: "SALE", quantity: -99, occurredAt: at("2026-11-03T12:00:00Z") },
    ]);
  });

  test("whole days with no movement, the week's edges and a half-hour dip, to the minute", async () => {
    const r = await s.callers.owner.dashboard.stockouts(week);
    expect(r.rangeMinutes).toBe(10_080);
    expect(r.rows.map((row) => [row.componentCode, row.locationName, row.minutes])).toEqual([
      ["SUGAR", "Main store", 10_080],
      ["DOUGH", "Main store", 4_260],
      ["BOX", "Kiosk", 3_600],
      ["GLAZE", "Main store", 30],
    ]);
    expect(r.rows[0]?.share).toBe(1);
    expect(r.totalMinutes).toBe(10_080 + 4_260 + 3_600 + 30);
  });

  test("the location filter keeps only that location's pairs", async () => {
    const r = await s.callers.owner.dashboard.stockouts({ ...week, locationId: kiosk.id });
    expect(r.rows.map((row) => [row.componentCode, row.minutes])).toEqual([["BOX", 3_600]]);
  });

  test("the stock-day rollup and the minutes follow backdated, mid-day, edited and deleted movements", async () => {
    const t = await createTestShop("Backdated Donuts");
    const jam = await db.component.create({ data: { shopId: t.shop.id, code: "JAM", name: "Jam", unit: "g", costPerUnitMilli: 10 } });
    const main = t.main.id;
    const at = (iso: string) => new Date(iso);
    const move = (type: "RECEIPT" | "SALE" | "WASTE" | "COUNT_ADJUSTMENT", quantity: number, iso: string) =>
      recordMovements(db, t.shop.id, [{ locationId: main, componentId: jam.id, type, quantity, occurredAt: at(iso) }]);
    const weekStart = at("2026-11-02T05:00:00Z");
    const weekEnd = at("2026-11-09T05:00:00Z");
    const expectMinutes = async (options: { balances?: boolean; exactLow?: boolean } = {}) => {
      expect(await stockDayMismatches(t.shop.id, options)).toEqual({ rows: 0, low: 0, balances: 0 });
      const ledger = await db.stockMovement.findMany({ where: { shopId: t.shop.id }, orderBy: [{ occurredAt: "asc" }], select: { quantity: true, occurredAt: true } });
      const opening = ledger.filter((m) => m.occurredAt < weekStart).reduce((n, m) => n + m.quantity, 0);
      const inWeek = ledger.filter((m) => m.occurredAt >= weekStart && m.occurredAt < weekEnd).map((m) => ({ at: m.occurredAt, delta: m.quantity }));
      const expected = stockoutMinutes(opening, inWeek, weekStart, weekEnd);
      const r = await t.callers.owner.dashboard.stockouts(week);
      expect(r.rows.find((row) => row.componentCode === "JAM")?.minutes ?? 0).toBe(expected);
      return expected;
    };
    // Live order: received, sold down to zero on the 4th at 18:00Z, received again on the 6th.
    await move("RECEIPT", 500, "2026-11-01T12:00:00Z");
    await move("SALE", -200, "2026-11-04T12:00:00Z");
    await move("SALE", -300, "2026-11-04T18:00:00Z");
    await move("RECEIPT", 400, "2026-11-06T12:00:00Z");
    expect(await expectMinutes()).toBe(2 * 24 * 60 - 6 * 60); // Nov 4 18:00Z → Nov 6 12:00Z
    // A sale recorded late, earlier on the 4th than the last one: out from 14:00Z instead.
    await move("SALE", -300, "2026-11-04T14:00:00Z");
    // From here on "low" may be a bound below the truth on days that got a late movement.
    expect(await expectMinutes({ exactLow: false })).toBe(2 * 24 * 60 - 2 * 60);
    // A receipt on the 7th, then a sale recorded late that took the morning below zero before it.
    await move("RECEIPT", 100, "2026-11-07T15:00:00Z");
    await move("SALE", -150, "2026-11-07T10:00:00Z");
    expect(await expectMinutes({ exactLow: false })).toBe(2 * 24 * 60 - 2 * 60 + 5 * 60);
    // A count adjustment backdated to a day that had no movements (the 3rd), and one after the week.
    await move("COUNT_ADJUSTMENT", -150, "2026-11-03T09:00:00Z");
    await move("WASTE", -50, "2026-11-12T09:00:00Z");
    await expectMinutes({ exactLow: false });
    // Operator SQL on the ledger: a movement moved to another day and resized, then one deleted, so
    // the 3rd has no movements left.
    await db.$executeRawUnsafe(
      `UPDATE StockMovement SET occurredAt = ?, quantity = -350 WHERE shopId = ? AND occurredAt = ?`,
      "2026-11-05T08:00:00.000+00:00",
      t.shop.id,
      "2026-11-04T18:00:00.000+00:00",
    );
    await expectMinutes({ balances: false, exactLow: false });
    await db.$executeRawUnsafe(`DELETE FROM StockMovement WHERE shopId = ? AND quantity = -150`, t.shop.id);
    await expectMinutes({ balances: false, exactLow: false });
    expect(await db.$queryRawUnsafe<{ day: string }[]>(`SELECT day FROM DashboardStockDay WHERE shopId = ? ORDER BY day`, t.shop.id)).toEqual([
      { day: "2026-11-01" },
      { day: "2026-11-04" },
      { day: "2026-11-05" },
      { day: "2026-11-06" },
      { day: "2026-11-07" },
      { day: "2026-11-12" },
    ]);
  });
});
