import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { dailyCloseJob } from "../jobs/daily-close";
import { reconciliationJob } from "../jobs/reconciliation";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { closeMissingDays, computeDailyClose, MAX_BACKFILL_DAYS } from "./daily-close";
import { recordMovements } from "./ledger";
import { isReconciliationDue, nightlyBusinessDate, reconcileShop } from "./reconciliation";

/**
 * The nightly chain as the scheduler runs it: reconciliation after 04:00 shop time reports its
 * anomalies for the day it closes, then that day's close (and any missed one) is written.
 */
let ny: TestShop;
let tokyo: TestShop;

async function closeOf(shop: TestShop, businessDate: string) {
  const row = await db.dailyClose.findFirst({ where: { shopId: shop.shop.id, locationId: shop.main.id, businessDate }, select: { summary: true } });
  return row ? (JSON.parse(row.summary) as Awaited<ReturnType<typeof computeDailyClose>>) : null;
}

beforeAll(async () => {
  ny = await createTestShop("Close NY");
  tokyo = await createTestShop("Close Tokyo");
  await db.shop.update({ where: { id: tokyo.shop.id }, data: { timeZone: "Asia/Tokyo" } });
});

describe("the nightly run and the daily close", () => {
  it("is due after 04:00 in each shop's own zone and reports for the day before there", async () => {
    // 19:05 UTC on March 10 is 04:05 on March 11 in Tokyo and 15:05 on March 10 in New York.
    const at = new Date("2031-03-10T19:05:00Z");
    expect(await isReconciliationDue(db, { id: tokyo.shop.id, timeZone: "Asia/Tokyo" }, at)).toBe(true);
    expect(nightlyBusinessDate(at, "Asia/Tokyo")).toBe("2031-03-10");
    expect(nightlyBusinessDate(at, "America/New_York")).toBe("2031-03-09");
    expect(await isReconciliationDue(db, { id: tokyo.shop.id, timeZone: "Asia/Tokyo" }, new Date("2031-03-10T18:59:00Z"))).toBe(false);
  });

  it("yesterday's close lists the anomalies the 04:00 run found for it; the next day's close those found on demand", async () => {
    const shopId = ny.shop.id;
    const jam = await db.component.create({ data: { shopId, code: "JAM", name: "Jam", unit: "g" } });
    await recordMovements(db, shopId, [{ locationId: ny.main.id, componentId: jam.id, type: "SALE", quantity: -50 }]);
    // 04:05 EST on 2031-01-16: the run closes January 15.
    const nightly = new Date("2031-01-16T09:05:00Z");
    const first = await reconciliationJob.run(db, nightly);
    expect(first).toMatch(/^2 of 2 shops due; 0 adjustments, 1 anomalies raised, \d+ daily closes written$/);
    expect(await db.anomaly.findFirstOrThrow({ where: { shopId, kind: "NEGATIVE_STOCK" } })).toMatchObject({ businessDate: "2031-01-15" });
    expect((await closeOf(ny, "2031-01-15"))?.anomalies).toEqual([
      { kind: "NEGATIVE_STOCK", status: "OPEN", scope: "location", message: expect.stringContaining("Jam at Main store is at -50 g") },
    ]);
    expect((await closeOf(ny, "2031-01-14"))?.anomalies).toEqual([]);

    // Idempotent: a second pass the same morning runs nothing and writes nothing.
    const closes = await db.dailyClose.count({ where: { shopId } });
    expect(await reconciliationJob.run(db, new Date("2031-01-16T09:20:00Z"))).toBe("0 of 2 shops due; 0 adjustments, 0 anomalies raised, 0 daily closes written");
    expect(await dailyCloseJob.run(db, new Date("2031-01-16T12:00:00Z"))).toBe("0 daily closes written");
    expect(await db.dailyClose.count({ where: { shopId } })).toBe(closes);

    // In the afternoon a manager runs it by hand and a new problem turns up: it belongs to the 16th.
    const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
    await db.webhookDelivery.create({
      data: { shopId, integrationId: integration.id, deliveryId: "bad-1", topic: "order.created", body: "{}", status: "INVALID", error: "no lines", receivedAt: new Date("2031-01-16T19:00:00Z") },
    });
    expect((await reconcileShop(db, shopId, new Date("2031-01-16T20:00:00Z"))).businessDate).toBe("2031-01-16");
    await reconciliationJob.run(db, new Date("2031-01-17T09:05:00Z"));
    expect((await closeOf(ny, "2031-01-16"))?.anomalies.map((x) => x.kind)).toEqual(["INVALID_DELIVERY"]);
    expect((await closeOf(ny, "2031-01-15"))?.anomalies.map((x) => x.kind)).toEqual(["NEGATIVE_STOCK"]);
  });
});

describe("backfilling missing closes", () => {
  it("after downtime writes every missing day up to yesterday, and only those", async () => {
    const shop = await createTestShop("Close backfill");
    const tz = shop.shop.timeZone;
    await db.location.update({ where: { id: shop.main.id }, data: { createdAt: new Date("2031-02-01T17:00:00Z") } });
    const kiosk = await db.location.create({ data: { shopId: shop.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk", createdAt: new Date("2031-02-08T17:00:00Z") } });
    // Noon on Feb 11: Feb 1 to Feb 10 for the store, Feb 8 to Feb 10 for the kiosk.
    const now = new Date("2031-02-11T17:00:00Z");
    expect(await closeMissingDays(db, { id: shop.shop.id, timeZone: tz }, now)).toBe(10 + 3);
    const days = await db.dailyClose.findMany({ where: { locationId: kiosk.id }, select: { businessDate: true }, orderBy: { businessDate: "asc" } });
    expect(days.map((d) => d.businessDate)).toEqual(["2031-02-08", "2031-02-09", "2031-02-10"]);
    // A close that went missing is written again, nothing else.
    await db.dailyClose.deleteMany({ where: { locationId: shop.main.id, businessDate: "2031-02-05" } });
    expect(await closeMissingDays(db, { id: shop.shop.id, timeZone: tz }, now)).toBe(1);
    expect(await closeMissingDays(db, { id: shop.shop.id, timeZone: tz }, now)).toBe(0);
    // Three days later (the server was down): three more per location.
    expect(await closeMissingDays(db, { id: shop.shop.id, timeZone: tz }, new Date("2031-02-14T17:00:00Z"))).toBe(6);
  });

  it(`goes back at most ${MAX_BACKFILL_DAYS} days`, async () => {
    const shop = await createTestShop("Close bounded");
    await db.location.update({ where: { id: shop.main.id }, data: { createdAt: new Date("2030-01-01T12:00:00Z") } });
    const now = new Date("2031-06-15T16:00:00Z");
    expect(await closeMissingDays(db, { id: shop.shop.id, timeZone: shop.shop.timeZone }, now)).toBe(MAX_BACKFILL_DAYS);
    const oldest = await db.dailyClose.findFirstOrThrow({ where: { locationId: shop.main.id }, orderBy: { businessDate: "asc" } });
    expect(oldest.businessDate).toBe("2031-05-15");
  });

  it("the safety-net job lets a due reconciliation go first, then steps in", async () => {
    const shop = await createTestShop("Close safety net");
    await db.location.update({ where: { id: shop.main.id }, data: { createdAt: new Date("2031-08-01T12:00:00Z") } });
    const count = () => db.dailyClose.count({ where: { shopId: shop.shop.id } });
    // 04:30 EDT on Aug 3: the reconciliation of this shop has not run yet.
    await dailyCloseJob.run(db, new Date("2031-08-03T08:30:00Z"));
    expect(await count()).toBe(0);
    // 06:30 EDT: past the grace period, the close is written even without it.
    await dailyCloseJob.run(db, new Date("2031-08-03T10:30:00Z"));
    expect(await count()).toBe(2);
  });
});
