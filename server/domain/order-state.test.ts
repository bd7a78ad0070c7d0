import { describe, expect, it } from "vitest";
import { acceptsState, applyRefund, carryRefunds, consumptionMoves, desiredUsage, orderCalendar, orderStatusOf, type StateLine } from "./order-state";

const line = (lineNo: number, sku: string, quantity: number, extra: Partial<StateLine> = {}): StateLine => ({
  lineNo,
  sku,
  posLineId: null,
  productId: sku,
  quantity,
  unitPriceMinor: 100,
  refundedQty: 0,
  restockedQty: 0,
  ...extra,
});

describe("applyRefund", () => {
  const r = (sku: string | null, quantity: number, restock: boolean, posLineId: string | null = null) => ({ sku, posLineId, quantity, restock });
  it.each([
    ["fills lines of the SKU in order", [line(1, "A", 2), line(2, "A", 3)], [r("A", 4, true)], [[2, 2], [2, 2]], 400, []],
    ["restocks only what says restock", [line(1, "A", 3)], [r("A", 1, true), r("A", 1, false)], [[2, 1]], 200, []],
    ["never refunds more than sold", [line(1, "A", 1, { refundedQty: 1 })], [r("A", 1, true)], [[1, 0]], 0, [{ sku: "A", quantity: 1 }]],
    ["reports unknown SKUs", [line(1, "A", 1)], [r("B", 1, true)], [[0, 0]], 0, [{ sku: "B", quantity: 1 }]],
    [
      "a POS line id picks that line, not the first of its SKU",
      [line(1, "A", 2, { posLineId: "11" }), line(2, "A", 2, { posLineId: "12", unitPriceMinor: 300 })],
      [r(null, 1, true, "12")],
      [[0, 0], [1, 1]],
      300,
      [],
    ],
    [
      "a POS line id never spills onto other lines of the SKU",
      [line(1, "A", 1, { posLineId: "11" }), line(2, "A", 2, { posLineId: "12" })],
      [r("A", 2, false, "11")],
      [[1, 0], [0, 0]],
      100,
      [{ sku: "A", quantity: 1 }],
    ],
    ["an unknown POS line id falls back to the SKU", [line(1, "A", 2, { posLineId: "11" })], [r("A", 1, true, "99")], [[1, 1]], 100, []],
    ["an unknown POS line id without a SKU is reported", [line(1, "A", 2, { posLineId: "11" })], [r(null, 1, true, "99")], [[0, 0]], 0, [{ sku: "line 99", quantity: 1 }]],
  ])("%s", (_name, lines, refund, expected, amount, unmatched) => {
    const result = applyRefund(lines, refund);
    expect(result.lines.map((l) => [l.refundedQty, l.restockedQty])).toEqual(expected);
    expect(result.amountMinor).toBe(amount);
    expect(result.unmatched).toEqual(unmatched);
  });
});

describe("carryRefunds", () => {
  it("keeps refunds on the same line, capped at the new quantity", () => {
    const next = carryRefunds([line(1, "A", 5, { refundedQty: 3, restockedQty: 2 }), line(2, "B", 1, { refundedQty: 1 })], [
      { lineNo: 1, sku: "A", quantity: 2, posLineId: null },
      { lineNo: 2, sku: "C", quantity: 1, posLineId: null },
    ]);
    expect(next.map((l) => [l.refundedQty, l.restockedQty])).toEqual([[2, 2], [0, 0]]);
  });
  it("follows a POS line id when the update reorders the lines", () => {
    const next = carryRefunds([line(1, "A", 2, { posLineId: "11", refundedQty: 1, restockedQty: 1 }), line(2, "A", 2, { posLineId: "12" })], [
      { lineNo: 1, sku: "A", quantity: 2, posLineId: "12" },
      { lineNo: 2, sku: "A", quantity: 2, posLineId: "11" },
    ]);
    expect(next.map((l) => [l.refundedQty, l.restockedQty])).toEqual([[0, 0], [1, 1]]);
  });
});

describe("orderStatusOf", () => {
  it.each([
    [false, [line(1, "A", 2, { refundedQty: 1 })], "OPEN"],
    [false, [line(1, "A", 2, { refundedQty: 2 })], "REFUNDED"],
    [true, [line(1, "A", 2)], "CANCELLED"],
  ])("cancelled=%s → %s", (cancelled, lines, status) => {
    expect(orderStatusOf(cancelled, lines)).toBe(status);
  });
});

describe("desiredUsage + consumptionMoves", () => {
  const explode = (productId: string, qty: number, into: Map<string, number>) => into.set(`c-${productId}`, (into.get(`c-${productId}`) ?? 0) + qty * 10);
  it.each([
    ["a new order is a sale", false, [line(1, "A", 2)], [], [{ locationId: "L", componentId: "c-A", type: "SALE", quantity: -20 }]],
    ["nothing changed writes nothing", false, [line(1, "A", 2)], [{ locationId: "L", componentId: "c-A", quantity: -20 }], []],
    ["a restock gives back", false, [line(1, "A", 2, { restockedQty: 1 })], [{ locationId: "L", componentId: "c-A", quantity: -20 }], [{ locationId: "L", componentId: "c-A", type: "REFUND_RESTOCK", quantity: 10 }]],
    ["a cancellation gives everything back", true, [line(1, "A", 2)], [{ locationId: "L", componentId: "c-A", quantity: -20 }], [{ locationId: "L", componentId: "c-A", type: "REFUND_RESTOCK", quantity: 20 }]],
    [
      "a cancellation keeps units refunded without restock used up",
      true,
      [line(1, "A", 4, { refundedQty: 3, restockedQty: 1 })],
      [{ locationId: "L", componentId: "c-A", quantity: -30 }],
      [{ locationId: "L", componentId: "c-A", type: "REFUND_RESTOCK", quantity: 10 }],
    ],
    ["a cancellation after restocked refunds gives back only the rest", true, [line(1, "A", 4, { refundedQty: 2, restockedQty: 2 })], [{ locationId: "L", componentId: "c-A", quantity: -20 }], [{ locationId: "L", componentId: "c-A", type: "REFUND_RESTOCK", quantity: 20 }]],
    ["an unmapped line consumes nothing", false, [line(1, "A", 2, { productId: null })], [], []],
    ["a moved order leaves the old location whole", false, [line(1, "A", 1)], [{ locationId: "OLD", componentId: "c-A", quantity: -10 }], [
      { locationId: "L", componentId: "c-A", type: "SALE", quantity: -10 },
      { locationId: "OLD", componentId: "c-A", type: "REFUND_RESTOCK", quantity: 10 },
    ]],
  ])("%s", (_name, cancelled, lines, applied, expected) => {
    expect(consumptionMoves("L", desiredUsage(cancelled, lines, explode), applied)).toEqual(expected);
  });
});

describe("acceptsState", () => {
  const t = (iso: string) => new Date(iso);
  it.each([
    ["first state", null, { at: t("2026-01-01T10:00:00Z"), cancelled: false }, true],
    ["newer state", { stateAt: t("2026-01-01T10:00:00Z"), cancelled: false }, { at: t("2026-01-01T11:00:00Z"), cancelled: false }, true],
    ["same state again", { stateAt: t("2026-01-01T10:00:00Z"), cancelled: false }, { at: t("2026-01-01T10:00:00Z"), cancelled: false }, true],
    ["older state", { stateAt: t("2026-01-01T10:00:00Z"), cancelled: false }, { at: t("2026-01-01T09:00:00Z"), cancelled: false }, false],
    ["a late cancellation still cancels", { stateAt: t("2026-01-01T10:00:00Z"), cancelled: false }, { at: t("2026-01-01T09:00:00Z"), cancelled: true }, true],
    ["nothing revives a cancelled order", { stateAt: t("2026-01-01T10:00:00Z"), cancelled: true }, { at: t("2026-01-01T12:00:00Z"), cancelled: false }, false],
  ])("%s", (_name, current, incoming, expected) => {
    expect(acceptsState(current, incoming)).toBe(expected);
  });
});

describe("orderCalendar", () => {
  it.each([
    ["late evening UTC is the same day in New York", "2026-11-24T03:30:00Z", "America/New_York", { businessDate: "2026-11-23", localHour: 22, weekday: 1 }],
    ["summer time offset", "2026-07-04T12:00:00Z", "America/New_York", { businessDate: "2026-07-04", localHour: 8, weekday: 6 }],
    ["UTC shop", "2026-11-24T00:10:00Z", "UTC", { businessDate: "2026-11-24", localHour: 0, weekday: 2 }],
  ])("%s", (_name, iso, tz, expected) => {
    expect(orderCalendar(new Date(iso), tz)).toEqual(expected);
  });
});

describe("consumptionMoves bounds", () => {
  it("refuses (as a kept, permanent error) a consumption no stored integer can hold", () => {
    expect(() => consumptionMoves("L", new Map([["c-A", 3_000_000_000]]), [])).toThrow(/more than can be stored/);
  });
});
