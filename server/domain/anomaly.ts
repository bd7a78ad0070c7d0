/**
 * Anomaly kinds and their lifecycle: open → acknowledged → resolved. People move an anomaly along
 * (and may reopen one); the reconciliation job raises, refreshes and auto-resolves them.
 */
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

/** Checks a status change asked for by a person. */
export function assertAnomalyTransition(from: string, to: AnomalyStatus): void {
  const allowed = NEXT[from as AnomalyStatus] ?? [];
  if (!allowed.includes(to)) {
    throw new DomainError("CONFLICT", `An anomaly that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`);
  }
}

/** Kinds whose anomaly is a condition that can clear and come back (the others are one-off events). */
export const CONDITION_KINDS: ReadonlySet<AnomalyKind> = new Set(["NEGATIVE_STOCK", "UNMAPPED_SKU", "STUCK_INBOX"]);

/**
 * How bad a condition is, from its details: units below zero, order lines without stock, deliveries
 * waiting. null for one-off kinds, whose details never change.
 */
export function severityOf(kind: string, details: Record<string, unknown>): number | null {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  if (kind === "NEGATIVE_STOCK") {
    const onHand = n(details.onHand);
    return onHand === null ? null : -onHand;
  }
  if (kind === "UNMAPPED_SKU") return n(details.lines);
  if (kind === "STUCK_INBOX") return n(details.pending);
  return null;
}

/**
 * "Materially worse" than when a person resolved it: the condition's measure has at least
 * doubled (twice as far below zero, twice the unmapped lines, twice the stuck deliveries).
 * Smaller drifts are the same known problem and stay quiet.
 */
export function isMateriallyWorse(kind: string, atResolve: Record<string, unknown>, now: Record<string, unknown>): boolean {
  const before = severityOf(kind, atResolve);
  const after = severityOf(kind, now);
  if (before === null || after === null) return false;
  return before <= 0 ? after > 0 : after >= 2 * before;
}

export type RaiseDecision = "create" | "refresh" | "reopen" | "keep";

/**
 * What the job does when it finds a problem whose key already has an anomaly:
 *  - none → create it (and emit anomaly.raised);
 *  - open or acknowledged → refresh its message and details to the current state, silently;
 *  - resolved → leave it alone: a person's resolve sticks while the same condition persists, and
 *    a one-off event stays resolved. Only a condition that got materially worse since (see
 *    isMateriallyWorse) reopens, once per doubling, with a new anomaly.raised.
 * A condition that clears releases its key (retireKey), so when it comes back later it is a new
 * anomaly with its own day and its own event, and the old one stays in the history as it was.
 */
export function raiseDecision(
  existing: { status: string; details: Record<string, unknown> } | null,
  found: { kind: string; details: Record<string, unknown> },
): RaiseDecision {
  if (!existing) return "create";
  if (existing.status !== "RESOLVED") return "refresh";
  return CONDITION_KINDS.has(found.kind as AnomalyKind) && isMateriallyWorse(found.kind, existing.details, found.details) ? "reopen" : "keep";
}

/** Marks a retired key; live keys (kind:ids) never contain it. */
export const RETIRED_MARK = "~";

/** The key a cleared condition's anomaly keeps, freeing its live key for a later occurrence. */
export function retireKey(key: string, id: string): string {
  return `${key}${RETIRED_MARK}${id}`;
}
