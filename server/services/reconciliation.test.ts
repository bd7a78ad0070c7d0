import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { businessDateOf } from "../domain/shift-time";
import { findBalanceDrift, getBalances, recordMovements } from "./ledger";
import { applyStockActions } from "./stock";
import { isReconciliationDue, reconcileShop } from "./reconciliation";

let a: TestShop;
let dough: string;
let glaze: string;
let box: string;

async function component(shop: TestShop, code: string, unit: string, costPerUnitMilli = 0) {
  return (await db.component.create({ data: { shopId: shop.shop.id, code, name: code.toLowerCase(), unit, costPerUnitMilli } })).id;
}

async function snapshot(shopId: string) {
  const [movements, anomalies, events, balances] = await Promise.all([
    db.stockMovement.count({ where: { shopId } }),
    db.anomaly.findMany({ where: { shopId }, select: { key: true, status: true }, orderBy: { key: "asc" } }),
    db.outboxEvent.count({ where: { shopId, type: "anomaly.raised" } }),
    db.stockBalance.findMany({ where: { shopId }, select: { componentId: true, locationId: true, onHand: true }, orderBy: [{ locationId: "asc" }, { componentId: "asc" }] }),
  ]);
  return { movements, anomalies, events, balances };
}

beforeAll(async () => {
  a = await createTestShop("Recon A");
  dough = await component(a, "DOUGH", "g", 200);
  glaze = await component(a, "GLAZE", "g", 400);
  box = await component(a, "BOX", "pc", 15_000);
});

describe("reconciliation: counts against the ledger", () => {
  it("does not adjust again what the count flow already adjusted, but flags a big variance", async () => {
    const shopId = a.shop.id;
    await recordMovements(db, shopId, [{ locationId: a.main.id, componentId: dough, type: "RECEIPT", quantity: 10_000 }]);
    await applyStockActions(db, shopId, a.main.id, [{ type: "count", componentId: dough, quantity: 8_000 }]);
    const before = await db.stockMovement.count({ where: { shopId } });
    const result = await reconcileShop(db, shopId);
    expect(result.adjustments).toBe(0);
    expect(await db.stockMovement.count({ where: { shopId } })).toBe(before);
    expect((await getBalances(db, shopId, a.main.id)).get(dough)).toBe(8_000);
    const variance = await db.anomaly.findFirstOrThrow({ where: { shopId, kind: "VARIANCE" } });
    expect(JSON.parse(variance.details)).toMatchObject({ counted: 8_000, expected: 10_000, variance: -2_000, component: "DOUGH" });
  });

  it("books a count that was recorded without an adjustment, dated at the count", async () => {
    const shopId = a.shop.id;
    const countedAt = new Date(Date.now() - 3_600_000);
    await recordMovements(db, shopId, [
      { locationId: a.main.id, componentId: glaze, type: "RECEIPT", quantity: 5_000, occurredAt: new Date(countedAt.getTime() - 3_600_000) },
      // A sale after the count stays on top of the counted level.
      { locationId: a.main.id, componentId: glaze, type: "SALE", quantity: -300, occurredAt: new Date(countedAt.getTime() + 60_000) },
    ]);
    const count = await db.stockCount.create({ data: { shopId, locationId: a.main.id, componentId: glaze, counted: 4_800, expected: 5_000, countedAt } });
    const result = await reconcileShop(db, shopId);
    expect(result.adjustments).toBe(1);
    const adjustment = await db.stockMovement.findFirstOrThrow({ where: { countId: count.id } });
    expect(adjustment).toMatchObject({ type: "COUNT_ADJUSTMENT", quantity: -200, occurredAt: countedAt });
    expect(adjustment.reason).toMatch(/Reconciliation: counted 4800, ledger had 5000/);
    expect((await getBalances(db, shopId, a.main.id)).get(glaze)).toBe(4_800 - 300);
    // -200 on 5 000 is 4 %: under the threshold, so no anomaly for this count.
    expect(await db.anomaly.count({ where: { shopId, key: `variance:${count.id}` } })).toBe(0);
  });

  it("closes the delta of a sale placed before a count that arrived after it (late POS event)", async () => {
    const shopId = a.shop.id;
    const countedAt = new Date(Date.now() - 2 * 3_600_000);
    await recordMovements(db, shopId, [{ locationId: a.main.id, componentId: box, type: "RECEIPT", quantity: 40, occurredAt: new Date(countedAt.getTime() - 60_000) }]);
    await db.stockCount.create({ data: { shopId, locationId: a.main.id, componentId: box, counted: 34, expected: 40, countedAt } });
    await reconcileShop(db, shopId);
    expect((await getBalances(db, shopId, a.main.id)).get(box)).toBe(34);
    // The offline POS catches up: 6 boxes were sold before the count, so the count was right all along.
    await recordMovements(db, shopId, [{ locationId: a.main.id, componentId: box, type: "SALE", quantity: -6, occurredAt: new Date(countedAt.getTime() - 30_000) }]);
    expect((await getBalances(db, shopId, a.main.id)).get(box)).toBe(28);
    const result = await reconcileShop(db, shopId);
    expect(result.adjustments).toBe(1);
    expect((await getBalances(db, shopId, a.main.id)).get(box)).toBe(34);
    expect(await findBalanceDrift(db, shopId)).toEqual([]);
  });

  it("is idempotent: running again the same day changes nothing", async () => {
    const shopId = a.shop.id;
    const first = await snapshot(shopId);
    const again = await reconcileShop(db, shopId);
    expect(again).toMatchObject({ adjustments: 0, anomaliesRaised: 0, anomaliesResolved: 0 });
    await reconcileShop(db, shopId);
    expect(await snapshot(shopId)).toEqual(first);
  });
});

async function anomaly(shopId: string, kind: string) {
  return db.anomaly.findMany({ where: { shopId, kind }, orderBy: { createdAt: "asc" } });
}
const events = (shopId: string) => db.outboxEvent.count({ where: { shopId, type: "anomaly.raised" } });

describe("reconciliation: anomaly lifecycle", () => {
  it("raises negative stock once, resolves it when stock is back, and a recurrence is a new anomaly", async () => {
    const b = await createTestShop("Recon negative");
    const shopId = b.shop.id;
    const jam = await component(b, "JAM", "g");
    const t = (h: number) => new Date(Date.UTC(2030, 2, 1, 12) + h * 3_600_000);
    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "SALE", quantity: -50 }]);
    await reconcileShop(db, shopId, t(0));
    await reconcileShop(db, shopId, t(1));
    const [first] = await anomaly(shopId, "NEGATIVE_STOCK");
    expect(first).toMatchObject({ status: "OPEN", businessDate: "2030-03-01" });
    expect(await events(shopId)).toBe(1);
    const event = await db.outboxEvent.findFirstOrThrow({ where: { shopId, type: "anomaly.raised" } });
    expect(JSON.parse(event.payload)).toMatchObject({ id: first!.id, kind: "NEGATIVE_STOCK", locationId: b.main.id, businessDate: "2030-03-01" });

    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "RECEIPT", quantity: 500 }]);
    expect((await reconcileShop(db, shopId, t(2))).anomaliesResolved).toBe(1);
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: "RESOLVED", resolvedBy: null });

    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "SALE", quantity: -600 }]);
    expect((await reconcileShop(db, shopId, t(26))).anomaliesRaised).toBe(1);
    const [old, recurrence] = await anomaly(shopId, "NEGATIVE_STOCK");
    // The first occurrence stays in the history as it was; the new one has its own day and event.
    expect(old).toMatchObject({ id: first!.id, status: "RESOLVED", message: first!.message });
    expect(recurrence).toMatchObject({ status: "OPEN", businessDate: "2030-03-02" });
    expect(await events(shopId)).toBe(2);
  });

  it("a person's resolve sticks while the condition persists, reopens once when it doubles, and never re-emits for the same state", async () => {
    const c = await createTestShop("Recon resolve");
    const shopId = c.shop.id;
    const jam = await component(c, "JAM", "g");
    const t = (h: number) => new Date(Date.UTC(2030, 3, 1, 14) + h * 3_600_000);
    await recordMovements(db, shopId, [{ locationId: c.main.id, componentId: jam, type: "SALE", quantity: -50 }]);
    await reconcileShop(db, shopId, t(0));
    const [a0] = await anomaly(shopId, "NEGATIVE_STOCK");
    await c.callers.manager.anomalies.setStatus({ id: a0!.id, status: "RESOLVED" });
    const resolved = await db.anomaly.findUniqueOrThrow({ where: { id: a0!.id } });
    expect(resolved).toMatchObject({ status: "RESOLVED", resolvedBy: c.users.manager.id });

    // Same day on demand, then the nightly run, then a little worse: all quiet, nothing rewritten.
    await reconcileShop(db, shopId, t(1));
    await reconcileShop(db, shopId, t(14), { businessDate: "2030-04-01" });
    await recordMovements(db, shopId, [{ locationId: c.main.id, componentId: jam, type: "SALE", quantity: -40 }]);
    expect((await reconcileShop(db, shopId, t(15))).anomaliesRaised).toBe(0);
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: a0!.id } })).toEqual(resolved);
    expect(await events(shopId)).toBe(1);

    // Twice as far below zero as when it was resolved: that is news, once.
    await recordMovements(db, shopId, [{ locationId: c.main.id, componentId: jam, type: "SALE", quantity: -10 }]);
    expect((await reconcileShop(db, shopId, t(16))).anomaliesRaised).toBe(1);
    const reopened = await db.anomaly.findUniqueOrThrow({ where: { id: a0!.id } });
    expect(reopened).toMatchObject({ status: "OPEN", resolvedBy: null, resolvedAt: null, businessDate: "2030-04-02" });
    expect(JSON.parse(reopened.details)).toMatchObject({ onHand: -100 });
    const last = await db.outboxEvent.findFirstOrThrow({ where: { shopId, type: "anomaly.raised" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(last.payload)).toMatchObject({ id: a0!.id, reopened: true });
    await reconcileShop(db, shopId, t(17));
    expect(await events(shopId)).toBe(2);

    // Resolved by a person, then the stock is fixed: the condition cleared, so a later one is new.
    await c.callers.owner.anomalies.setStatus({ id: a0!.id, status: "RESOLVED" });
    await recordMovements(db, shopId, [{ locationId: c.main.id, componentId: jam, type: "RECEIPT", quantity: 1000 }]);
    expect((await reconcileShop(db, shopId, t(18))).anomaliesResolved).toBe(0);
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: a0!.id } })).toMatchObject({ status: "RESOLVED", resolvedBy: c.users.owner.id });
    await recordMovements(db, shopId, [{ locationId: c.main.id, componentId: jam, type: "SALE", quantity: -1001 }]);
    await reconcileShop(db, shopId, t(19));
    expect((await anomaly(shopId, "NEGATIVE_STOCK")).map((x) => x.status)).toEqual(["RESOLVED", "OPEN"]);
    expect(await events(shopId)).toBe(3);
  });

  it("a one-off variance a person resolved stays resolved; one that late sales explain resolves by itself", async () => {
    const d = await createTestShop("Recon variance");
    const shopId = d.shop.id;
    const cup = await component(d, "CUP", "pc");
    const countedAt = new Date(Date.now() - 3_600_000);
    await recordMovements(db, shopId, [{ locationId: d.main.id, componentId: cup, type: "RECEIPT", quantity: 40, occurredAt: new Date(countedAt.getTime() - 60_000) }]);
    const count = await db.stockCount.create({ data: { shopId, locationId: d.main.id, componentId: cup, counted: 30, expected: 40, countedAt } });
    await reconcileShop(db, shopId);
    const variance = await db.anomaly.findFirstOrThrow({ where: { shopId, key: `variance:${count.id}` } });
    expect(variance.status).toBe("OPEN");
    // A POS that was offline delivers 10 cups sold before the count: the count was right.
    await recordMovements(db, shopId, [{ locationId: d.main.id, componentId: cup, type: "SALE", quantity: -10, occurredAt: new Date(countedAt.getTime() - 30_000) }]);
    const result = await reconcileShop(db, shopId);
    expect(result.anomaliesResolved).toBe(1);
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: variance.id } })).toMatchObject({ status: "RESOLVED", resolvedBy: null });
  });
});

describe("reconciliation: look-back", () => {
  it("closes a count's delta for a POS event that arrives days late", async () => {
    const e = await createTestShop("Recon late");
    const shopId = e.shop.id;
    const lid = await component(e, "LID", "pc");
    // Days before now: the ledger records movements at the real clock.
    const day = (n: number, h = 0) => new Date(Date.now() - (5 - n) * 86_400_000 + h * 3_600_000);
    await recordMovements(db, shopId, [{ locationId: e.main.id, componentId: lid, type: "RECEIPT", quantity: 100, occurredAt: day(0) }]);
    await db.stockCount.create({ data: { shopId, locationId: e.main.id, componentId: lid, counted: 90, expected: 100, countedAt: day(0, 1) } });
    await reconcileShop(db, shopId, day(0, 2));
    await reconcileShop(db, shopId, day(1));
    await reconcileShop(db, shopId, day(3));
    expect((await getBalances(db, shopId, e.main.id)).get(lid)).toBe(90);
    // Five days later the offline POS delivers a sale of 10 from before the count.
    await recordMovements(db, shopId, [{ locationId: e.main.id, componentId: lid, type: "SALE", quantity: -10, occurredAt: day(0) }]);
    const result = await reconcileShop(db, shopId, new Date(Date.now() + 60_000));
    expect(result).toMatchObject({ countsChecked: 1, adjustments: 1 });
    expect((await getBalances(db, shopId, e.main.id)).get(lid)).toBe(90);
    expect(await findBalanceDrift(db, shopId)).toEqual([]);
  });

  it("flags a delivery kept as invalid since the last run, even one received long before", async () => {
    const f = await createTestShop("Recon invalid");
    const shopId = f.shop.id;
    const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
    const now = new Date();
    await reconcileShop(db, shopId, new Date(now.getTime() - 3_600_000));
    await db.webhookDelivery.create({
      data: {
        shopId,
        integrationId: integration.id,
        deliveryId: "retried-late",
        topic: "order.created",
        body: "{}",
        status: "INVALID",
        error: "lineItems missing",
        receivedAt: new Date(now.getTime() - 10 * 86_400_000),
        processedAt: new Date(now.getTime() - 60_000),
      },
    });
    await reconcileShop(db, shopId, now);
    expect((await anomaly(shopId, "INVALID_DELIVERY")).map((x) => x.status)).toEqual(["OPEN"]);
  });

  it("checks order numbers per location for a generic POS, across locations for Shopify, over the days since the last run", async () => {
    const g = await createTestShop("Recon gaps");
    const shopId = g.shop.id;
    const kiosk = await db.location.create({ data: { shopId, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const generic = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
    const shopify = await db.integration.findFirstOrThrow({ where: { shopId, kind: "shopify" } });
    const now = new Date("2030-06-20T16:00:00Z");
    await reconcileShop(db, shopId, new Date("2030-06-14T16:00:00Z"));
    let n = 0;
    const order = (integrationId: string, locationId: string, orderNumber: number, businessDate: string) =>
      db.order.create({
        data: {
          shopId,
          integrationId,
          externalId: `E-${++n}`,
          orderNumber,
          locationId,
          locationCode: "x",
          channel: "walk-in",
          currency: "USD",
          subtotalMinor: 100,
          placedAt: new Date(`${businessDate}T15:00:00Z`),
          stateAt: now,
          businessDate,
          localHour: 11,
          weekday: 1,
        },
      });
    // Generic register numbers: main 1, 2, 4 five days ago; the kiosk's own 1, 2, 3.
    for (const num of [1, 2, 4]) await order(generic.id, g.main.id, num, "2030-06-15");
    for (const num of [1, 2, 3]) await order(generic.id, kiosk.id, num, "2030-06-15");
    // Shopify numbers the whole store: 101 at main, 102 at the kiosk, 103 at main, then 105.
    await order(shopify.id, g.main.id, 101, "2030-06-19");
    await order(shopify.id, kiosk.id, 102, "2030-06-19");
    await order(shopify.id, g.main.id, 103, "2030-06-20");
    await order(shopify.id, kiosk.id, 105, "2030-06-20");
    // A second generic till numbers for the whole shop: 10 and 12 at main, 11 and 13 at the kiosk.
    const till = await db.integration.create({ data: { shopId, kind: "generic", name: "Till 2", secret: "whsec_dGVzdA==" } });
    for (const [num, loc] of [[10, g.main.id], [11, kiosk.id], [12, g.main.id], [13, kiosk.id]] as const) await order(till.id, loc, num, "2030-06-18");
    await reconcileShop(db, shopId, now);
    const gaps = await anomaly(shopId, "ORDER_GAP");
    expect(gaps.map((x) => [x.message, x.locationId])).toEqual(
      expect.arrayContaining([
        [`${generic.name} order #3 at Main store never arrived.`, g.main.id],
        [`${shopify.name} order #104 never arrived.`, null],
      ]),
    );
    expect(gaps).toHaveLength(2);
    // The late order reaches the main store: its gap closes, the Shopify one stays.
    await order(generic.id, g.main.id, 3, "2030-06-15");
    expect((await reconcileShop(db, shopId, new Date(now.getTime() + 60_000))).anomaliesResolved).toBe(1);
    expect((await anomaly(shopId, "ORDER_GAP")).map((x) => x.status).sort()).toEqual(["OPEN", "RESOLVED"]);
  });

  it("flags unmapped SKUs, invalid and stuck deliveries until they are dealt with", async () => {
    const c = await createTestShop("Recon inbox");
    const shopId = c.shop.id;
    const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
    const now = new Date();
    const businessDate = businessDateOf(now, c.shop.timeZone);
    const glazed = await db.product.create({ data: { shopId, sku: "GLAZED", name: "Glazed", priceMinor: 250 } });
    await db.order.create({
      data: {
        shopId,
        integrationId: integration.id,
        externalId: "A-1",
        locationId: c.main.id,
        locationCode: "main",
        channel: "walk-in",
        currency: "USD",
        subtotalMinor: 550,
        placedAt: new Date(now.getTime() - 3_600_000),
        stateAt: now,
        businessDate,
        localHour: 9,
        weekday: 2,
        lines: {
          create: [
            { shopId, lineNo: 1, sku: "GLAZED", productId: glazed.id, quantity: 1, unitPriceMinor: 250, businessDate, locationId: c.main.id, channel: "walk-in" },
            { shopId, lineNo: 2, sku: "MYSTERY-ROLL", quantity: 1, unitPriceMinor: 300, businessDate, locationId: c.main.id, channel: "walk-in" },
          ],
        },
      },
    });
    await db.webhookDelivery.createMany({
      data: [
        { shopId, integrationId: integration.id, deliveryId: "bad-1", topic: "order.created", body: "{}", status: "INVALID", error: "lineItems missing" },
        { shopId, integrationId: integration.id, deliveryId: "slow-1", topic: "order.created", body: "{}", status: "PENDING", receivedAt: new Date(now.getTime() - 10 * 60_000) },
        { shopId, integrationId: integration.id, deliveryId: "fresh-1", topic: "order.created", body: "{}", status: "PENDING", receivedAt: now },
      ],
    });
    await reconcileShop(db, shopId, now);
    const kinds = async () =>
      (await db.anomaly.findMany({ where: { shopId }, select: { kind: true, status: true, message: true }, orderBy: { kind: "asc" } })).map((x) => [x.kind, x.status, x.message]);
    expect(await kinds()).toEqual([
      ["INVALID_DELIVERY", "OPEN", `${integration.name} sent a "order.created" delivery that could not be used: lineItems missing.`],
      ["STUCK_INBOX", "OPEN", `1 deliveries from ${integration.name} have waited more than 5 minutes to be processed.`],
      ["UNMAPPED_SKU", "OPEN", 'POS SKU "MYSTERY-ROLL" is not in the catalog: 1 order lines (1 sold) used no stock. Add the product or map the SKU.'],
    ]);
    expect(await events(shopId)).toBe(3);

    // The inbox drains, the SKU gets mapped.
    await db.webhookDelivery.updateMany({ where: { shopId, status: "PENDING" }, data: { status: "PROCESSED" } });
    const product = await db.product.create({ data: { shopId, sku: "MYSTERY-ROLL", name: "Mystery roll", priceMinor: 300 } });
    await db.orderLine.updateMany({ where: { shopId, sku: "MYSTERY-ROLL" }, data: { productId: product.id } });
    const result = await reconcileShop(db, shopId, new Date(now.getTime() + 1000));
    expect(result.anomaliesResolved).toBe(2);
    expect((await kinds()).map(([kind, status]) => [kind, status])).toEqual([
      ["INVALID_DELIVERY", "OPEN"],
      ["STUCK_INBOX", "RESOLVED"],
      ["UNMAPPED_SKU", "RESOLVED"],
    ]);
  });
});

describe("reconciliation: daily schedule in the shop's time zone", () => {
  it("is due once per local day after 04:00, across a DST change", async () => {
    const d = await createTestShop("Recon schedule");
    const shop = { id: d.shop.id, timeZone: "America/New_York" };
    // 2026-11-01 is the fall-back day in New York: 04:00 EST is 09:00 UTC.
    expect(await isReconciliationDue(db, shop, new Date("2026-11-01T08:59:00Z"))).toBe(false);
    expect(await isReconciliationDue(db, shop, new Date("2026-11-01T09:00:00Z"))).toBe(true);
    await reconcileShop(db, shop.id, new Date("2026-11-01T09:05:00Z"));
    expect(await isReconciliationDue(db, shop, new Date("2026-11-01T23:00:00Z"))).toBe(false);
    // 04:00 on 2026-11-02 (EST) is 09:00 UTC.
    expect(await isReconciliationDue(db, shop, new Date("2026-11-02T08:30:00Z"))).toBe(false);
    expect(await isReconciliationDue(db, shop, new Date("2026-11-02T09:00:00Z"))).toBe(true);
    // In summer (EDT) 04:00 local is 08:00 UTC.
    expect(await isReconciliationDue(db, { id: (await createTestShop("Recon summer")).shop.id, timeZone: "America/New_York" }, new Date("2026-07-01T08:00:00Z"))).toBe(true);
  });
});
