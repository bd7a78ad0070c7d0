/** Anomaly kinds and their lifecycle: open → acknowledged → resolved (and back to open if it recurs). */
import { DomainError } from "./errors";

export const ANOMALY_KINDS = ["VARIANCE", "NEGATIVE_STOCK", "UNMAPPED_SKU", "INVALID_DELIVERY", "STUCK_INBOX", "ORDER_GAP"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const ANOMALY_STATUSES = ["OPEN", "ACKNOWLEDGED", "RESOLVED"] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export const ANOMALY_LABELS: Record<AnomalyKind, string> = {
  VARIANCE: "Count variance",
  NEGATIVE_STOCK: "Negative stock",
  UNMAPPED_SKU: "Unmapped SKU",
  INVALID_DELIVERY: "Invalid POS delivery",
  STUCK_INBOX: "Stuck inbox",
  ORDER_GAP: "Order number gap",
};

const NEXT: Record<AnomalyStatus, readonly AnomalyStatus[]> = {
  OPEN: ["ACKNOWLEDGED", "RESOLVED"],
  ACKNOWLEDGED: ["RESOLVED", "OPEN"],
  RESOLVED: ["OPEN"],
};

/** Checks a status change asked for by a person; the job itself may reopen a resolved anomaly. */
export function assertAnomalyTransition(from: string, to: AnomalyStatus): void {
  const allowed = NEXT[from as AnomalyStatus] ?? [];
  if (!allowed.includes(to)) {
    throw new DomainError("CONFLICT", `An anomaly that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`);
  }
}

/**
 * What raising an anomaly with an existing key does. Condition anomalies (negative stock, an
 * unmapped SKU) reopen when the problem is back after being resolved; one-off anomalies (a count's
 * variance, one invalid delivery) stay resolved, so re-running the job never resurrects them.
 */
export function raiseDecision(existing: { status: string } | null, recurring: boolean): "create" | "reopen" | "refresh" | "keep" {
  if (!existing) return "create";
  if (existing.status !== "RESOLVED") return "refresh";
  return recurring ? "reopen" : "keep";
}
