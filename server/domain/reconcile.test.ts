import { describe, expect, it } from "vitest";
import { detectNumberingScope, findOrderNumberGaps, isGapFilled, isVarianceAnomalous, reconcileCount, valueMinor } from "./reconcile";

describe("reconcileCount", () => {
  it.each([
    // counted, ledger at count, already adjusted → variance, adjustment still to write
    [{ counted: 900, ledgerAtCount: 1000, alreadyAdjusted: 0 }, { variance: -100, adjustment: -100 }],
    [{ counted: 900, ledgerAtCount: 1000, alreadyAdjusted: -100 }, { variance: -100, adjustment: 0 }],
    // The count flow adjusted when the ledger said 1000; a sale placed before the count arrived late.
    [{ counted: 900, ledgerAtCount: 960, alreadyAdjusted: -100 }, { variance: -60, adjustment: 40 }],
    [{ counted: 0, ledgerAtCount: -35, alreadyAdjusted: 0 }, { variance: 35, adjustment: 35 }],
    [{ counted: 12, ledgerAtCount: 12, alreadyAdjusted: 0 }, { variance: 0, adjustment: 0 }],
    [{ counted: 5, ledgerAtCount: 0, alreadyAdjusted: 5 }, { variance: 5, adjustment: 0 }],
  ])("%j → %j", (check, outcome) => expect(reconcileCount(check)).toEqual(outcome));

  it("applying the adjustment once makes a second pass write nothing", () => {
    const first = reconcileCount({ counted: 730, ledgerAtCount: 812, alreadyAdjusted: 0 });
    const second = reconcileCount({ counted: 730, ledgerAtCount: 812, alreadyAdjusted: first.adjustment });
    expect(second.adjustment).toBe(0);
  });
});

describe("isVarianceAnomalous", () => {
  it.each([
    [-100, 1000, "g", false], // exactly 10 %: not over
    [-101, 1000, "g", true],
    [-99, 500, "g", false], // 19.8 % but under the 100 g floor
    [-150, 500, "g", true],
    [2, 10, "pc", true],
    [1, 5, "pc", false], // 20 % but one piece is noise
    [3, 100, "pc", false],
    [5, 0, "pc", true], // nothing expected, five turned up
    [120, -40, "ml", true],
    [0, 0, "g", false],
  ])("variance %i on expected %i %s → %s", (variance, expected, unit, anomalous) => {
    expect(isVarianceAnomalous(variance, expected, unit)).toBe(anomalous);
  });
});

describe("valueMinor", () => {
  it.each([
    [100, 200, 20], // 100 g at 0.2¢/g = 20¢
    [1, 400, 0],
    [2, 250, 1], // 0.5 rounds away from zero
    [-2, 250, -1],
    [-150, 200, -30],
    [3, 0, 0],
  ])("%i × %i milli → %i", (q, cost, value) => expect(valueMinor(q, cost)).toBe(value));
});

describe("findOrderNumberGaps", () => {
  it.each([
    [[1, 2, 3], []],
    [[1, 3], [{ from: 2, to: 2 }]],
    [[10, 14, 11, 11], [{ from: 12, to: 13 }]],
    [[5, 1, 9], [{ from: 2, to: 4 }, { from: 6, to: 8 }]],
    [[], []],
    [[7], []],
  ])("%j → %j", (numbers, gaps) => expect(findOrderNumberGaps(numbers)).toEqual(gaps));

  it("caps the number of gaps reported", () => {
    expect(findOrderNumberGaps([1, 3, 5, 7, 9], 2)).toHaveLength(2);
  });

  it("a gap is filled once every missing number arrived", () => {
    expect(isGapFilled({ from: 2, to: 4 }, new Set([2, 3, 4]))).toBe(true);
    expect(isGapFilled({ from: 2, to: 4 }, new Set([2, 4]))).toBe(false);
  });
});

describe("detectNumberingScope", () => {
  const scope = (entries: [string, number[]][]) => detectNumberingScope(new Map(entries));
  it.each<[string, [string, number[]][], "integration" | "location"]>([
    ["one location", [["main", [1, 2, 5]]], "integration"],
    ["one shop-wide sequence spread over locations", [["main", [1, 3, 4, 7]], ["kiosk", [2, 5, 6, 8]]], "integration"],
    ["a shop-wide sequence with a real hole", [["main", [1, 3]], ["kiosk", [2, 6]]], "integration"],
    ["registers that each start at 1", [["main", [1, 2, 4]], ["kiosk", [1, 2, 3]]], "location"],
    ["registers on separate ranges", [["main", [1, 2, 3, 5]], ["kiosk", [1000, 1001, 1002]]], "location"],
    ["nothing to tell them apart", [["main", [1, 2]], ["kiosk", [3, 4]]], "integration"],
  ])("%s → %s", (_label, entries, expected) => expect(scope(entries)).toBe(expected));
});
