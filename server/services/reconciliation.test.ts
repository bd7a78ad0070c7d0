import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { reconciliationJob } from "../jobs/reconciliation";
import { businessDateOf } from "../domain/shift-time";
import { dailyCloseJob } from "../jobs/daily-close";
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

describe("reconciliation: anomalies", () => {
  it("raises negative stock once, resolves it when stock is back, reopens it when it recurs", async () => {
    const b = await createTestShop("Recon negative");
    const shopId = b.shop.id;
    const jam = await component(b, "JAM", "g");
    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "SALE", quantity: -50 }]);
    await reconcileShop(db, shopId);
    await reconcileShop(db, shopId);
    const anomaly = await db.anomaly.findFirstOrThrow({ where: { shopId, kind: "NEGATIVE_STOCK" } });
    expect(anomaly.status).toBe("OPEN");
    expect(await db.outboxEvent.count({ where: { shopId, type: "anomaly.raised" } })).toBe(1);
    const event = await db.outboxEvent.findFirstOrThrow({ where: { shopId, type: "anomaly.raised" } });
    expect(JSON.parse(event.payload)).toMatchObject({ id: anomaly.id, kind: "NEGATIVE_STOCK", locationId: b.main.id });

    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "RECEIPT", quantity: 500 }]);
    expect((await reconcileShop(db, shopId)).anomaliesResolved).toBe(1);
    expect((await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).status).toBe("RESOLVED");

    await recordMovements(db, shopId, [{ locationId: b.main.id, componentId: jam, type: "SALE", quantity: -600 }]);
    expect((await reconcileShop(db, shopId)).anomaliesRaised).toBe(1);
    expect((await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).status).toBe("OPEN");
    expect(await db.outboxEvent.count({ where: { shopId, type: "anomaly.raised" } })).toBe(2);
  });

  it("flags unmapped SKUs, invalid and stuck deliveries, and order number gaps until they fill", async () => {
    const c = await createTestShop("Recon inbox");
    const shopId = c.shop.id;
    const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
    const now = new Date();
    const businessDate = businessDateOf(now, c.shop.timeZone);
    const glazed = await db.product.create({ data: { shopId, sku: "GLAZED", name: "Glazed", priceMinor: 250 } });
    const order = (n: number, sku = "GLAZED") => ({
      shopId,
      integrationId: integration.id,
      externalId: `A-${n}`,
      orderNumber: n,
      locationId: c.main.id,
      locationCode: "main",
      channel: "walk-in",
      currency: "USD",
      subtotalMinor: 250,
      placedAt: new Date(now.getTime() - 3_600_000 + n * 1000),
      stateAt: now,
      businessDate,
      localHour: 9,
      weekday: 2,
      lines: { create: [{ shopId, lineNo: 1, sku, productId: sku === "GLAZED" ? glazed.id : null, quantity: 1, unitPriceMinor: 250, businessDate, locationId: c.main.id, channel: "walk-in" }] },
    });
    for (const n of [1, 2, 5]) await db.order.create({ data: order(n, n === 5 ? "MYSTERY-ROLL" : "GLAZED") });
    await db.webhookDelivery.createMany({
      data: [
        { shopId, integrationId: integration.id, deliveryId: "bad-1", topic: "order.created", body: "{}", status: "INVALID", error: "lineItems missing" },
        { shopId, integrationId: integration.id, deliveryId: "slow-1", topic: "order.created", body: "{}", status: "PENDING", receivedAt: new Date(now.getTime() - 10 * 60_000) },
        { shopId, integrationId: integration.id, deliveryId: "fresh-1", topic: "order.created", body: "{}", status: "PENDING", receivedAt: now },
      ],
    });
    await reconcileShop(db, shopId, now);
    const kinds = async () =>
      (await db.anomaly.findMany({ where: { shopId }, select: { kind: true, key: true, status: true, message: true }, orderBy: { key: "asc" } })).map((x) => [x.kind, x.status, x.message]);
    expect(await kinds()).toEqual([
      ["ORDER_GAP", "OPEN", `${integration.name} orders #3–#4 (2) never arrived.`],
      ["INVALID_DELIVERY", "OPEN", `${integration.name} sent a "order.created" delivery that could not be used: lineItems missing.`],
      ["STUCK_INBOX", "OPEN", `1 deliveries from ${integration.name} have waited more than 5 minutes to be processed.`],
      ["UNMAPPED_SKU", "OPEN", 'POS SKU "MYSTERY-ROLL" is not in the catalog: 1 order lines (1 sold) used no stock. Add the product or map the SKU.'],
    ]);
    expect(await db.outboxEvent.count({ where: { shopId, type: "anomaly.raised" } })).toBe(4);

    // The late orders arrive, the inbox drains, the SKU gets mapped.
    for (const n of [3, 4]) await db.order.create({ data: order(n) });
    await db.webhookDelivery.updateMany({ where: { shopId, status: "PENDING" }, data: { status: "PROCESSED" } });
    const product = await db.product.create({ data: { shopId, sku: "MYSTERY-ROLL", name: "Mystery roll", priceMinor: 300 } });
    await db.orderLine.updateMany({ where: { shopId, sku: "MYSTERY-ROLL" }, data: { productId: product.id } });
    const result = await reconcileShop(db, shopId, new Date(now.getTime() + 1000));
    expect(result.anomaliesResolved).toBe(3);
    expect((await kinds()).map(([kind, status]) => [kind, status])).toEqual([
      ["ORDER_GAP", "RESOLVED"],
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

  it("the job runs each due shop once and writes yesterday's closes; a second pass does nothing", async () => {
    const now = new Date("2030-01-15T10:00:00Z");
    const first = await reconciliationJob.run(db, now);
    expect(first).toMatch(/^(\d+) of \1 shops due/);
    const second = await reconciliationJob.run(db, now);
    expect(second).toMatch(/^0 of \d+ shops due; 0 adjustments, 0 anomalies raised, 0 daily closes written$/);
    expect(await db.dailyClose.count({ where: { shopId: a.shop.id, businessDate: "2030-01-14" } })).toBe(1);
    expect(await dailyCloseJob.run(db, now)).toBe("0 daily closes written");
  });
});
