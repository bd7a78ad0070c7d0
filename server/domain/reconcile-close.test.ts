import { describe, expect, it } from "vitest";
import { csvCell } from "./csv";
import { minorToDecimal } from "./money";
import { closesToCsv, type CloseSummary } from "./reconcile-close";

describe("minorToDecimal", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [1234, "12.34"],
    [-5, "-0.05"],
    [-100000, "-1000.00"],
    [9_007_199_254_740_991, "90071992547409.91"],
  ])("%i → %s", (minor, text) => expect(minorToDecimal(minor, "USD")).toBe(text));
});

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["@cmd", "'@cmd"],
    ["-2+3", "'-2+3"],
    ["-0.48", "-0.48"],
    [42, "42"],
  ])("%j → %s", (value, cell) => expect(csvCell(value)).toBe(cell));
});

describe("closesToCsv", () => {
  const summary: CloseSummary = {
    businessDate: "2026-11-23",
    location: { code: "main", name: "Main" },
    currency: "USD",
    orders: 3,
    cancelledOrders: 1,
    grossMinor: 1500,
    refundedMinor: 250,
    netMinor: 1250,
    salesByChannel: [
      { channel: "walk-in", orders: 2, grossMinor: 1000, refundedMinor: 250, netMinor: 750 },
      { channel: "online", orders: 1, grossMinor: 500, refundedMinor: 0, netMinor: 500 },
    ],
    waste: { lines: [{ code: "DOUGH", name: "Dough", unit: "g", quantity: 300, valueMinor: 60 }], totalValueMinor: 60 },
    variance: { lines: [{ code: "GLAZE", name: "Glaze, vanilla", unit: "g", quantity: -120, valueMinor: -48 }], totalValueMinor: -48 },
    anomalies: [{ kind: "NEGATIVE_STOCK", message: "=bad", status: "OPEN", scope: "shop" }],
    closedAt: "2026-11-24T09:00:00.000Z",
  };

  it("writes one header and a row per figure, amounts as exact decimals", () => {
    const lines = closesToCsv([summary]).trimEnd().split("\r\n");
    expect(lines[0]).toBe("business_date,location,section,item,orders,quantity,unit,amount,currency,detail");
    expect(lines).toContain('2026-11-23,main,sales,total,3,,,12.50,USD,"gross 15.00, refunded 2.50, cancelled orders 1"');
    expect(lines).toContain('2026-11-23,main,sales_by_channel,walk-in,2,,,7.50,USD,"gross 10.00, refunded 2.50"');
    expect(lines).toContain("2026-11-23,main,waste,DOUGH,,300,g,0.60,USD,Dough");
    expect(lines).toContain('2026-11-23,main,variance,GLAZE,,-120,g,-0.48,USD,"Glaze, vanilla"');
    expect(lines).toContain("2026-11-23,main,anomaly,NEGATIVE_STOCK,,,,,,open (shop-wide): =bad");
    expect(lines).toHaveLength(1 + 1 + 2 + 2 + 2 + 1);
  });

  it("an empty export is just the header", () => {
    expect(closesToCsv([])).toBe("business_date,location,section,item,orders,quantity,unit,amount,currency,detail\r\n");
  });
});
