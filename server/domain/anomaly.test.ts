import { describe, expect, it } from "vitest";
import { assertAnomalyTransition, raiseDecision, type AnomalyStatus } from "./anomaly";

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

  it.each([
    [null, true, "create"],
    [null, false, "create"],
    [{ status: "OPEN" }, true, "refresh"],
    [{ status: "ACKNOWLEDGED" }, false, "refresh"],
    [{ status: "RESOLVED" }, true, "reopen"],
    [{ status: "RESOLVED" }, false, "keep"],
  ] as const)("raising over %j (recurring %s) → %s", (existing, recurring, decision) => {
    expect(raiseDecision(existing, recurring)).toBe(decision);
  });
});
