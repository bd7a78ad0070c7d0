import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { countAdjustment, signedDelta, sumDeltas } from "./ledger";

describe("signedDelta", () => {
  it.each([
    ["SALE", 80, -80],
    ["REFUND_RESTOCK", 80, 80],
    ["RECEIPT", 5000, 5000],
    ["WASTE", 30, -30],
    ["TRANSFER_OUT", 12, -12],
    ["TRANSFER_IN", 12, 12],
    ["COUNT_ADJUSTMENT", -7, -7],
    ["COUNT_ADJUSTMENT", 7, 7],
    ["RECONCILIATION", -3, -3],
    ["RECEIPT", 0, 0],
  ] as const)("%s of %i is %i", (type, quantity, expected) => {
    expect(signedDelta(type, quantity)).toBe(expected);
  });

  it.each([
    ["RECEIPT", -1, "cannot be negative"],
    ["WASTE", 1.5, "whole number"],
    ["SALE", Number.MAX_SAFE_INTEGER + 2, "whole number"],
    ["SALE", Number.NaN, "whole number"],
  ] as const)("refuses %s of %s", (type, quantity, message) => {
    expect(() => signedDelta(type, quantity)).toThrow(DomainError);
    expect(() => signedDelta(type, quantity)).toThrow(message);
  });
});

describe("countAdjustment", () => {
  it.each([
    [100, 100, 0],
    [100, 80, -20],
    [-15, 10, 25],
    [0, 0, 0],
    [40, 0, -40],
  ])("on-hand %i counted %i adjusts by %i", (onHand, counted, expected) => {
    expect(countAdjustment(onHand, counted)).toBe(expected);
  });

  it.each([-1, 2.5])("refuses a count of %s", (counted) => {
    expect(() => countAdjustment(10, counted)).toThrow("A count must be a whole number of zero or more.");
  });
});

describe("sumDeltas", () => {
  it("sums per location and component and keeps zero sums", () => {
    const sums = sumDeltas([
      { locationId: "L1", componentId: "DOUGH", quantity: -80 },
      { locationId: "L1", componentId: "DOUGH", quantity: -160 },
      { locationId: "L2", componentId: "DOUGH", quantity: 500 },
      { locationId: "L1", componentId: "GLAZE", quantity: 20 },
      { locationId: "L1", componentId: "GLAZE", quantity: -20 },
    ]);
    expect([...sums.values()]).toEqual([
      { locationId: "L1", componentId: "DOUGH", delta: -240 },
      { locationId: "L2", componentId: "DOUGH", delta: 500 },
      { locationId: "L1", componentId: "GLAZE", delta: 0 },
    ]);
  });
});
