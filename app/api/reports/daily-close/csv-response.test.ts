import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isDomainError } from "@/server/domain/errors";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { closeDay } from "@/server/services/daily-close";
import { dailyCloseCsvResponse } from "./csv-response";

let a: TestShop;
let b: TestShop;
let closeId: string;

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
