import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isDomainError } from "@/server/domain/errors";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { closeDay } from "@/server/services/daily-close";
import { recordMovements } from "@/server/services/ledger";
import { raiseAnomaly } from "@/server/services/anomalies";
import { dailyCloseCsvResponse } from "./csv-response";

let a: TestShop;
let b: TestShop;
let closeId: string;
let busyCloseId: string;

const url = (query: string) => new URL(`http://localhost/api/reports/daily-close?${query}`);

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "OK";
  } catch (e) {
    return isDomainError(e) ? e.code : String(e);
  }
}

beforeAll(async () => {
  a = await createTestShop("CSV A");
  b = await createTestShop("CSV B");
  closeId = (await closeDay(db, a.shop.id, a.main.id, "2026-11-23")).id;
  await closeDay(db, a.shop.id, a.main.id, "2026-11-22");

  // A day with something in every section: 2026-11-24 in New York.
  const shopId = a.shop.id;
  const day = "2026-11-24";
  const integration = await db.integration.findFirstOrThrow({ where: { shopId, kind: "generic" } });
  const order = (externalId: string, channel: string, subtotalMinor: number, refundedMinor = 0) =>
    db.order.create({
      data: {
        shopId,
        integrationId: integration.id,
        externalId,
        locationId: a.main.id,
        locationCode: "main",
        channel,
        currency: "USD",
        subtotalMinor,
        refundedMinor,
        placedAt: new Date("2026-11-24T15:00:00Z"),
        stateAt: new Date("2026-11-24T15:00:00Z"),
        businessDate: day,
        localHour: 10,
        weekday: 2,
      },
    });
  await order("W-1", "walk-in", 1250);
  await order("W-2", "walk-in", 500, 150);
  await order("P-1", "preorder-qr", 3000);
  const dough = await db.component.create({ data: { shopId, code: "DOUGH", name: "Dough", unit: "g", costPerUnitMilli: 250 } });
  const box = await db.component.create({ data: { shopId, code: "BOX", name: "Box, 4-pack", unit: "pc", costPerUnitMilli: 35_000 } });
  await recordMovements(db, shopId, [
    { locationId: a.main.id, componentId: dough.id, type: "WASTE", quantity: -400, reason: "dropped", occurredAt: new Date("2026-11-24T20:00:00Z") },
    { locationId: a.main.id, componentId: box.id, type: "COUNT_ADJUSTMENT", quantity: -3, occurredAt: new Date("2026-11-24T21:00:00Z") },
  ]);
  await db.$transaction(async (tx) => {
    await raiseAnomaly(tx, shopId, { kind: "VARIANCE", key: "variance:t1", locationId: a.main.id, businessDate: day, message: "Box, 4-pack at Main store: counted 7 pc, the ledger expected 10 pc (-3 pc)." });
    await raiseAnomaly(tx, shopId, { kind: "UNMAPPED_SKU", key: "unmapped:=HYPERLINK", businessDate: day, message: '=HYPERLINK("x") sold without a product' });
    // Another day's anomaly is not this close's.
    await raiseAnomaly(tx, shopId, { kind: "NEGATIVE_STOCK", key: "negative:t", locationId: a.main.id, businessDate: "2026-11-25", message: "Not today" });
  });
  busyCloseId = (await closeDay(db, shopId, a.main.id, day)).id;
});

describe("daily close CSV download", () => {
  it("gives managers one close as an attachment", async () => {
    const response = await dailyCloseCsvResponse(db, a.sessions.manager, url(`id=${closeId}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="daily-close-main-2026-11-23.csv"');
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe("business_date,location,section,item,orders,quantity,unit,amount,currency,detail");
    expect(text).toContain("2026-11-23,main,sales,total,0,,,0.00,USD,");
  });

  it("exports every section of a busy day as rows a spreadsheet can sum", async () => {
    const text = await (await dailyCloseCsvResponse(db, a.sessions.owner, url(`id=${busyCloseId}`))).text();
    expect(text.trimEnd().split("\r\n")).toEqual([
      "business_date,location,section,item,orders,quantity,unit,amount,currency,detail",
      '2026-11-24,main,sales,total,3,,,46.00,USD,"gross 47.50, refunded 1.50, cancelled orders 0"',
      '2026-11-24,main,sales_by_channel,preorder-qr,1,,,30.00,USD,"gross 30.00, refunded 0.00"',
      '2026-11-24,main,sales_by_channel,walk-in,2,,,16.00,USD,"gross 17.50, refunded 1.50"',
      "2026-11-24,main,waste,DOUGH,,400,g,1.00,USD,Dough",
      "2026-11-24,main,waste,total,,,,1.00,USD,",
      '2026-11-24,main,variance,BOX,,-3,pc,-1.05,USD,"Box, 4-pack"',
      "2026-11-24,main,variance,total,,,,-1.05,USD,",
      '2026-11-24,main,anomaly,VARIANCE,,,,,,"open: Box, 4-pack at Main store: counted 7 pc, the ledger expected 10 pc (-3 pc)."',
      // A shop-wide anomaly says so; quotes inside a cell are doubled. The other day's anomaly is absent.
      `2026-11-24,main,anomaly,UNMAPPED_SKU,,,,,,"open (shop-wide): =HYPERLINK(""x"") sold without a product"`,
    ]);
  });

  it("exports a date range for a location", async () => {
    const response = await dailyCloseCsvResponse(db, a.sessions.owner, url(`from=2026-11-01&to=2026-11-30&location=${a.main.id}`));
    const text = await response.text();
    expect(text).toContain("2026-11-22,main,sales,total");
    expect(text).toContain("2026-11-23,main,sales,total");
    expect(text.indexOf("2026-11-22")).toBeLessThan(text.indexOf("2026-11-23"));
  });

  it("refuses staff, signed-out callers, other shops and bad parameters", async () => {
    expect(await codeOf(dailyCloseCsvResponse(db, a.sessions.staff, url(`id=${closeId}`)))).toBe("FORBIDDEN");
    expect(await codeOf(dailyCloseCsvResponse(db, null, url(`id=${closeId}`)))).toBe("UNAUTHORIZED");
    expect(await codeOf(dailyCloseCsvResponse(db, b.sessions.owner, url(`id=${closeId}`)))).toBe("NOT_FOUND");
    expect(await codeOf(dailyCloseCsvResponse(db, b.sessions.owner, url(`from=2026-11-01&location=${a.main.id}`)))).toBe("NOT_FOUND");
    expect(await codeOf(dailyCloseCsvResponse(db, a.sessions.owner, url("from=yesterday")))).toBe("BAD_REQUEST");
    expect(await codeOf(dailyCloseCsvResponse(db, a.sessions.owner, url("")))).toBe("BAD_REQUEST");
    const other = await dailyCloseCsvResponse(db, b.sessions.owner, url("from=2026-11-01&to=2026-11-30"));
    expect((await other.text()).trim().split("\r\n")).toHaveLength(1);
  });
});
