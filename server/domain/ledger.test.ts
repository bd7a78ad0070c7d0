import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { assertStorableMovement, countAdjustment, LEDGER_LIMIT, nextBalance, parseApiMovements, signedDelta, sumDeltas } from "./ledger";

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

describe("32-bit ledger bounds", () => {
  it.each([
    [0, LEDGER_LIMIT, LEDGER_LIMIT],
    [LEDGER_LIMIT, -LEDGER_LIMIT, 0],
    [-LEDGER_LIMIT, 0, -LEDGER_LIMIT],
    [-5, 10, 5],
  ])("on-hand %i + %i = %i is storable", (before, delta, after) => {
    expect(nextBalance(before, delta, "DOUGH at main")).toBe(after);
  });

  it.each([
    [LEDGER_LIMIT, 1],
    [2_000_000_000, 1_000_000_000],
    [-LEDGER_LIMIT, -1],
    [-1_500_000_000, -1_000_000_000],
  ])("refuses on-hand %i + %i, naming the pair", (before, delta) => {
    expect(() => nextBalance(before, delta, "DOUGH at main")).toThrow(/On-hand of DOUGH at main would become -?\d+, outside what the ledger holds \(±2147483647\)/);
  });

  it("refuses a single movement past the limit either way", () => {
    expect(() => assertStorableMovement(LEDGER_LIMIT + 1, "BOX at kiosk")).toThrow(/A movement of 2147483648 for BOX at kiosk is more than the ledger holds/);
    expect(() => assertStorableMovement(-LEDGER_LIMIT - 1, "BOX at kiosk")).toThrow(DomainError);
    expect(() => assertStorableMovement(1.5, "BOX at kiosk")).toThrow(DomainError);
    expect(() => assertStorableMovement(-LEDGER_LIMIT, "BOX at kiosk")).not.toThrow();
  });
});

describe("parseApiMovements", () => {
  it.each([
    ["no list", {}, "body: movements must be a list"],
    ["an empty list", { movements: [] }, "body: Send at least one movement"],
    ["a bad type", { movements: [{ type: "steal", component: "A", quantity: 1 }] }, "movements[0]: type must be receipt, waste or count"],
    ["a fraction", { movements: [{ type: "waste", component: "A", quantity: 1.5 }] }, "movements[0]: quantity must be a whole number"],
    ["a huge quantity", { movements: [{ type: "receipt", component: "A", quantity: 1e10 }] }, "movements[0]: quantity is at most 1000000000"],
    ["a missing component", { movements: [{ type: "receipt", quantity: 1 }] }, "movements[0]: component is required"],
  ])("refuses %s naming the entry", (_n, body, message) => {
    expect(() => parseApiMovements(body)).toThrow(message);
  });

  it("keeps the reason optional", () => {
    expect(parseApiMovements({ movements: [{ type: "waste", component: "A", quantity: 2 }] }).movements[0]).toEqual({ type: "waste", component: "A", quantity: 2 });
  });
});
