import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { createTestShop, type TestShop } from "../../testing/fixtures";
import { recordMovements } from "../../services/ledger";
import { computeDailyClose } from "../../services/daily-close";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("Anomalies A");
  b = await createTestShop("Anomalies B");
  const jam = await db.component.create({ data: { shopId: a.shop.id, code: "JAM", name: "Jam", unit: "g" } });
  await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: jam.id, type: "SALE", quantity: -10 }]);
});

describe("anomalies: lifecycle and roles", () => {
  it("run now raises anomalies that move open → acknowledged → resolved → open", async () => {
    const result = await a.callers.manager.reconciliation.runNow();
    expect(result.anomaliesRaised).toBe(1);
    const [anomaly] = await a.callers.manager.anomalies.list({ status: "ACTIVE" });
    expect(anomaly).toMatchObject({ kind: "NEGATIVE_STOCK", status: "OPEN", location: { id: a.main.id } });
    await a.callers.manager.anomalies.setStatus({ id: anomaly!.id, status: "ACKNOWLEDGED" });
    const acked = await a.callers.owner.anomalies.list({ status: "ACKNOWLEDGED" });
    expect(acked[0]).toMatchObject({ id: anomaly!.id, acknowledgedByName: a.users.manager.name });
    await expect(a.callers.owner.anomalies.setStatus({ id: anomaly!.id, status: "ACKNOWLEDGED" })).rejects.toMatchObject({ code: "CONFLICT" });
    await a.callers.owner.anomalies.setStatus({ id: anomaly!.id, status: "RESOLVED" });
    expect(await a.callers.owner.anomalies.list({ status: "ACTIVE" })).toEqual([]);
    expect((await a.callers.owner.anomalies.list({ status: "RESOLVED" }))[0]).toMatchObject({ id: anomaly!.id, resolvedByName: a.users.owner.name });
    // Running again by hand the same day does not undo the owner's resolve.
    expect((await a.callers.manager.reconciliation.runNow()).anomaliesRaised).toBe(0);
    expect(await a.callers.owner.anomalies.list({ status: "ACTIVE" })).toEqual([]);
    await a.callers.owner.anomalies.setStatus({ id: anomaly!.id, status: "OPEN" });
    expect((await a.callers.owner.anomalies.list({})).map((x) => x.status)).toEqual(["OPEN"]);
    const runs = await a.callers.owner.reconciliation.runs();
    expect(runs.map((r) => r.result?.anomaliesRaised)).toEqual([0, 1]);
  });

  it("staff and signed-out callers are refused", async () => {
    await expect(a.callers.staff.anomalies.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.reconciliation.runNow()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.reconciliation.closes({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.anonymous.anomalies.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("another shop's anomalies, locations and closes read as not found", async () => {
    const [anomaly] = await a.callers.owner.anomalies.list({});
    await expect(b.callers.owner.anomalies.setStatus({ id: anomaly!.id, status: "RESOLVED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await b.callers.owner.anomalies.list({})).toEqual([]);
    await expect(b.callers.owner.reconciliation.closeDay({ locationId: a.main.id, businessDate: "2026-11-20" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { id } = await a.callers.owner.reconciliation.closeDay({ locationId: a.main.id, businessDate: "2026-11-20" });
    await expect(b.callers.owner.reconciliation.close({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await b.callers.owner.reconciliation.closes({})).toEqual([]);
  });
});

describe("daily close", () => {
  it("refuses future days and bad dates", async () => {
    await expect(a.callers.owner.reconciliation.closeDay({ locationId: a.main.id, businessDate: "2999-01-01" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    await expect(a.callers.owner.reconciliation.closeDay({ locationId: a.main.id, businessDate: "2026-02-30" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });

  it("sums sales by channel, waste and variance inside the local day, 25 hours on the fall-back day", async () => {
    const c = await createTestShop("Close DST");
    const shopId = c.shop.id;
    const integration = await db.integration.findFirstOrThrow({ where: { shopId } });
    const dough = await db.component.create({ data: { shopId, code: "DOUGH", name: "Dough", unit: "g", costPerUnitMilli: 200 } });
    const day = "2026-11-01";
    const order = (externalId: string, channel: string, subtotalMinor: number, extra: { status?: string; refundedMinor?: number; businessDate?: string } = {}) =>
      db.order.create({
        data: {
          shopId,
          integrationId: integration.id,
          externalId,
          locationId: c.main.id,
          locationCode: "main",
          channel,
          currency: "USD",
          subtotalMinor,
          placedAt: new Date("2026-11-01T15:00:00Z"),
          stateAt: new Date("2026-11-01T15:00:00Z"),
          businessDate: extra.businessDate ?? day,
          localHour: 10,
          weekday: 0,
          status: extra.status ?? "OPEN",
          refundedMinor: extra.refundedMinor ?? 0,
        },
      });
    await order("1", "walk-in", 1000);
    await order("2", "walk-in", 500, { refundedMinor: 200 });
    await order("3", "online", 750);
    await order("4", "online", 9999, { status: "CANCELLED" });
    await order("5", "online", 4444, { businessDate: "2026-11-02" });
    await recordMovements(db, shopId, [
      // 00:30 EDT on the 1st: inside.
      { locationId: c.main.id, componentId: dough.id, type: "WASTE", quantity: -100, occurredAt: new Date("2026-11-01T04:30:00Z"), reason: "dropped" },
      // 23:30 EST on the 1st (the day is 25 hours long): inside.
      { locationId: c.main.id, componentId: dough.id, type: "WASTE", quantity: -50, occurredAt: new Date("2026-11-02T04:30:00Z"), reason: "expired" },
      // 23:59 EDT on Oct 31: outside.
      { locationId: c.main.id, componentId: dough.id, type: "WASTE", quantity: -999, occurredAt: new Date("2026-11-01T03:59:00Z") },
      // 00:00 EST on Nov 2: outside.
      { locationId: c.main.id, componentId: dough.id, type: "WASTE", quantity: -999, occurredAt: new Date("2026-11-02T05:00:00Z") },
      { locationId: c.main.id, componentId: dough.id, type: "COUNT_ADJUSTMENT", quantity: -30, occurredAt: new Date("2026-11-01T20:00:00Z") },
    ]);
    const summary = await computeDailyClose(db, shopId, c.main.id, day);
    expect(summary).toMatchObject({
      orders: 3,
      cancelledOrders: 1,
      grossMinor: 2250,
      refundedMinor: 200,
      netMinor: 2050,
      salesByChannel: [
        { channel: "walk-in", orders: 2, grossMinor: 1500, refundedMinor: 200, netMinor: 1300 },
        { channel: "online", orders: 1, grossMinor: 750, refundedMinor: 0, netMinor: 750 },
      ],
      waste: { lines: [{ code: "DOUGH", quantity: 150, valueMinor: 30 }], totalValueMinor: 30 },
      variance: { lines: [{ code: "DOUGH", quantity: -30, valueMinor: -6 }], totalValueMinor: -6 },
    });
    const { id } = await c.callers.manager.reconciliation.closeDay({ locationId: c.main.id, businessDate: day });
    // Closing again refreshes the same row.
    expect((await c.callers.manager.reconciliation.closeDay({ locationId: c.main.id, businessDate: day })).id).toBe(id);
    const list = await c.callers.manager.reconciliation.closes({ locationId: c.main.id });
    expect(list).toMatchObject([{ id, businessDate: day, orders: 3, netMinor: 2050, wasteValueMinor: 30, varianceValueMinor: -6 }]);
    expect((await c.callers.owner.reconciliation.close({ id })).summary.location.code).toBe("main");
  });
});
