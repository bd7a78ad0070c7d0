import { describe, expect, test } from "vitest";
import { averageOrderValue, collectedSameDay, componentCostMinor, netRevenue, ratio, relativeChange, repeatCustomers, stockoutMinutes, wasteShare } from "./kpi";

describe("KPI arithmetic", () => {
  test.each([
    { order: { status: "OPEN", subtotalMinor: 1000, refundedMinor: 0 }, net: 1000 },
    { order: { status: "OPEN", subtotalMinor: 1000, refundedMinor: 250 }, net: 750 }, // partial refund
    { order: { status: "REFUNDED", subtotalMinor: 1000, refundedMinor: 1000 }, net: 0 },
    { order: { status: "CANCELLED", subtotalMinor: 1000, refundedMinor: 0 }, net: 0 },
  ])("net revenue of $order.status with $order.refundedMinor refunded", ({ order, net }) => {
    expect(netRevenue(order)).toBe(net);
  });

  test.each([
    { revenue: 1000, orders: 3, aov: 333 },
    { revenue: 1001, orders: 2, aov: 501 },
    { revenue: 0, orders: 0, aov: null },
    { revenue: -500, orders: 1, aov: -500 }, // refunds of earlier orders can exceed a day's sales
  ])("AOV $revenue / $orders", ({ revenue, orders, aov }) => expect(averageOrderValue(revenue, orders)).toBe(aov));

  test.each([
    { a: 1, b: 4, out: 0.25 },
    { a: 0, b: 4, out: 0 },
    { a: 3, b: 0, out: null },
  ])("ratio $a/$b", ({ a, b, out }) => expect(ratio(a, b)).toBe(out));

  test.each([
    { cur: 150, prev: 100, out: 0.5 },
    { cur: 50, prev: 100, out: -0.5 },
    { cur: 100, prev: 0, out: null },
    { cur: -50, prev: -100, out: 0.5 },
  ])("change $prev → $cur", ({ cur, prev, out }) => expect(relativeChange(cur, prev)).toBe(out));

  test("waste share and component cost", () => {
    expect(wasteShare(50, 950)).toBe(0.05);
    expect(wasteShare(0, 0)).toBeNull();
    // 1 500 g of dough at 0.35 ¢/g (350 milli-cents) is 525 ¢.
    expect(componentCostMinor(1500, 350)).toBe(525);
    expect(componentCostMinor(3, 1499)).toBe(4);
  });
});

describe("stockoutMinutes", () => {
  const t = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
  const start = t("00:00");
  const end = t("10:00");
  test.each([
    { name: "never out", opening: 10, moves: [{ at: t("01:00"), delta: -5 }], out: 0 },
    { name: "out from a sale until a receipt", opening: 5, moves: [{ at: t("01:00"), delta: -5 }, { at: t("03:30"), delta: 20 }], out: 150 },
    { name: "negative stock counts too", opening: 2, moves: [{ at: t("02:00"), delta: -5 }, { at: t("04:00"), delta: 10 }], out: 120 },
    { name: "out at the start until the first receipt", opening: 0, moves: [{ at: t("01:00"), delta: 10 }], out: 60 },
    { name: "out for the whole range", opening: -3, moves: [], out: 600 },
    { name: "stays out to the end", opening: 1, moves: [{ at: t("09:00"), delta: -1 }], out: 60 },
    { name: "movements outside the range are clamped", opening: 0, moves: [{ at: t("11:00"), delta: 5 }], out: 600 },
  ])("$name", ({ opening, moves, out }) => {
    expect(stockoutMinutes(opening, moves, start, end)).toBe(out);
  });
});

describe("collectedSameDay (preorder conversion)", () => {
  const NY = "America/New_York";
  test.each([
    { name: "collected two hours later", status: "OPEN", placedAt: "2026-11-03T14:00:00Z", fulfilledAt: "2026-11-03T16:00:00Z", out: true },
    { name: "placed 23:30, collected 00:30 next local day", status: "OPEN", placedAt: "2026-11-05T04:30:00Z", fulfilledAt: "2026-11-05T05:30:00Z", out: false },
    { name: "never collected", status: "OPEN", placedAt: "2026-11-03T14:00:00Z", fulfilledAt: null, out: false },
    { name: "cancelled, even if marked collected", status: "CANCELLED", placedAt: "2026-11-03T14:00:00Z", fulfilledAt: "2026-11-03T15:00:00Z", out: false },
    { name: "refunded after collection still converted", status: "REFUNDED", placedAt: "2026-11-03T14:00:00Z", fulfilledAt: "2026-11-03T15:00:00Z", out: true },
    { name: "fall-back day, 24 h later", status: "OPEN", placedAt: "2026-11-01T04:30:00Z", fulfilledAt: "2026-11-02T04:30:00Z", out: true },
    { name: "spring-forward day, 00:30 next day", status: "OPEN", placedAt: "2026-03-09T02:10:00Z", fulfilledAt: "2026-03-09T04:30:00Z", out: false },
  ])("$name", ({ status, placedAt, fulfilledAt, out }) => {
    expect(collectedSameDay({ status, placedAt: new Date(placedAt), fulfilledAt: fulfilledAt ? new Date(fulfilledAt) : null }, NY)).toBe(out);
  });
});

describe("repeatCustomers (60-day window)", () => {
  const o = (customerRef: string | null, at: string, inPeriod: boolean, status = "OPEN") => ({ customerRef, placedAt: new Date(at), status, inPeriod });
  test.each([
    { name: "one order", orders: [o("a", "2026-11-03T10:00:00Z", true)], out: { customers: 1, repeaters: 0 } },
    { name: "two orders in the period, a day apart", orders: [o("a", "2026-11-03T10:00:00Z", true), o("a", "2026-11-04T10:00:00Z", true)], out: { customers: 1, repeaters: 1 } },
    { name: "two in a long period, 61 days apart", orders: [o("a", "2026-09-01T10:00:00Z", true), o("a", "2026-11-01T10:00:00Z", true)], out: { customers: 1, repeaters: 0 } },
    { name: "earlier order before the period, 60 days exactly", orders: [o("a", "2026-09-02T10:00:00Z", false), o("a", "2026-11-01T10:00:00Z", true)], out: { customers: 1, repeaters: 1 } },
    { name: "the earlier order was cancelled", orders: [o("a", "2026-10-20T10:00:00Z", false, "CANCELLED"), o("a", "2026-11-01T10:00:00Z", true)], out: { customers: 1, repeaters: 0 } },
    { name: "only a cancelled order in the period", orders: [o("a", "2026-10-20T10:00:00Z", false), o("a", "2026-11-01T10:00:00Z", true, "CANCELLED")], out: { customers: 0, repeaters: 0 } },
    { name: "the later visit is after the period", orders: [o("a", "2026-11-01T10:00:00Z", true), o("a", "2026-11-20T10:00:00Z", false)], out: { customers: 1, repeaters: 0 } },
    { name: "anonymous orders are nobody", orders: [o(null, "2026-11-01T10:00:00Z", true), o(null, "2026-11-02T10:00:00Z", true)], out: { customers: 0, repeaters: 0 } },
  ])("$name", ({ orders, out }) => {
    expect(repeatCustomers(orders)).toEqual(out);
  });
});
