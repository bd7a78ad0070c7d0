import { describe, expect, it } from "vitest";
import { assertAnomalyTransition, isMateriallyWorse, raiseDecision, retireKey, severityOf, type AnomalyStatus } from "./anomaly";

describe("anomaly lifecycle", () => {
  it.each<[string, AnomalyStatus, boolean]>([
    ["OPEN", "ACKNOWLEDGED", true],
    ["OPEN", "RESOLVED", true],
    ["ACKNOWLEDGED", "RESOLVED", true],
    ["ACKNOWLEDGED", "OPEN", true],
    ["RESOLVED", "OPEN", true],
    ["RESOLVED", "ACKNOWLEDGED", false],
    ["OPEN", "OPEN", false],
    ["ACKNOWLEDGED", "ACKNOWLEDGED", false],
    ["RESOLVED", "RESOLVED", false],
  ])("%s → %s allowed: %s", (from, to, ok) => {
    if (ok) expect(() => assertAnomalyTransition(from, to)).not.toThrow();
    else expect(() => assertAnomalyTransition(from, to)).toThrow(/cannot become/);
  });

  const neg = (onHand: number) => ({ onHand, unit: "g" });
  it.each([
    ["nothing yet", null, "NEGATIVE_STOCK", neg(-50), "create"],
    ["nothing yet (one-off)", null, "VARIANCE", { variance: -900 }, "create"],
    ["open, same condition", { status: "OPEN", details: neg(-50) }, "NEGATIVE_STOCK", neg(-50), "refresh"],
    ["acknowledged, worse", { status: "ACKNOWLEDGED", details: neg(-50) }, "NEGATIVE_STOCK", neg(-400), "refresh"],
    // A person's resolve sticks while the same problem persists, even a little worse.
    ["resolved by a person, unchanged", { status: "RESOLVED", details: neg(-50) }, "NEGATIVE_STOCK", neg(-50), "keep"],
    ["resolved by a person, a bit worse", { status: "RESOLVED", details: neg(-50) }, "NEGATIVE_STOCK", neg(-99), "keep"],
    ["resolved by a person, twice as bad", { status: "RESOLVED", details: neg(-50) }, "NEGATIVE_STOCK", neg(-100), "reopen"],
    ["resolved, unmapped lines doubled", { status: "RESOLVED", details: { lines: 3 } }, "UNMAPPED_SKU", { lines: 6 }, "reopen"],
    ["resolved, stuck inbox the same", { status: "RESOLVED", details: { pending: 4 } }, "STUCK_INBOX", { pending: 7 }, "keep"],
    // One-off events never come back once resolved, whatever their details say.
    ["resolved one-off variance", { status: "RESOLVED", details: { variance: -10 } }, "VARIANCE", { variance: -900 }, "keep"],
    ["resolved one-off delivery", { status: "RESOLVED", details: {} }, "INVALID_DELIVERY", {}, "keep"],
  ] as const)("raising over %s → %s", (_label, existing, kind, details, decision) => {
    expect(raiseDecision(existing, { kind, details })).toBe(decision);
  });

  it.each([
    ["NEGATIVE_STOCK", { onHand: -40 }, 40],
    ["NEGATIVE_STOCK", { onHand: "x" }, null],
    ["UNMAPPED_SKU", { lines: 3 }, 3],
    ["STUCK_INBOX", { pending: 2 }, 2],
    ["VARIANCE", { variance: -5 }, null],
  ] as const)("severity of %s %j is %s", (kind, details, severity) => {
    expect(severityOf(kind, details)).toBe(severity);
  });

  it("worse needs a doubling of a known measure", () => {
    expect(isMateriallyWorse("NEGATIVE_STOCK", { onHand: -10 }, { onHand: -19 })).toBe(false);
    expect(isMateriallyWorse("NEGATIVE_STOCK", { onHand: -10 }, { onHand: -20 })).toBe(true);
    expect(isMateriallyWorse("NEGATIVE_STOCK", {}, { onHand: -20 })).toBe(false);
    expect(isMateriallyWorse("ORDER_GAP", { missing: 1 }, { missing: 9 })).toBe(false);
  });

  it("a retired key never equals the live one, so a recurrence gets a new anomaly", () => {
    expect(retireKey("negative:l1:c1", "a1")).not.toBe("negative:l1:c1");
    expect(retireKey("negative:l1:c1", "a1")).not.toBe(retireKey("negative:l1:c1", "a2"));
  });
});
