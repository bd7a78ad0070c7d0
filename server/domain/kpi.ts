/**
 * Dashboard KPI arithmetic and the definitions shown beside each figure. SQL gives sums and counts;
 * the ratios and comparisons are computed here so they are table-tested in one place.
 */

export type KpiKey =
  | "revenue"
  | "orders"
  | "aov"
  | "preorderConversion"
  | "waste"
  | "stockout"
  | "leadTimeMet"
  | "repeatRate"
  | "refundRate";

export const KPI_DEFINITIONS: Record<KpiKey, { label: string; definition: string }> = {
  revenue: {
    label: "Revenue",
    definition:
      "Net sales: line totals of every order placed in the period (by the shop's business day), less refunds, excluding cancelled orders. Modifiers count at their own price.",
  },
  orders: { label: "Orders", definition: "Orders placed in the period, excluding cancelled ones. Fully refunded orders still count." },
  aov: { label: "Average order value", definition: "Revenue ÷ orders." },
  preorderConversion: {
    label: "Preorder same-day conversion",
    definition:
      "Preorder-tagged orders collected on the business day they were placed (not cancelled and not fully refunded) ÷ all preorder-tagged orders placed in the period.",
  },
  waste: {
    label: "Waste",
    definition:
      "Cost of components written off as waste in the period (quantity × component cost). The share is waste cost ÷ (waste cost + cost of components consumed by sales).",
  },
  stockout: {
    label: "Stock-out minutes",
    definition:
      "Minutes in the period during which a component's on-hand at a location, replayed from the stock ledger, was zero or below — per component per location.",
  },
  leadTimeMet: {
    label: "Resupply lead time met",
    definition: "Resupply deliveries received in the period on or before their delivery window ÷ all deliveries received in the period.",
  },
  repeatRate: {
    label: "Repeat customers (60 days)",
    definition:
      "Identified customers (customer reference) with an order in the period who came back: they ordered more than once in the period, or their first order of the period came at most 60 days after an earlier order at the shop (any location or channel) ÷ all identified customers with an order in the period.",
  },
  refundRate: { label: "Refund rate", definition: "Refunded amount ÷ gross sales of non-cancelled orders, per channel." },
};

/** A share as a fraction 0–1, or null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  if (!denominator) return null;
  return numerator / denominator;
}

/** Average order value in minor units, rounded half up; null without orders. */
export function averageOrderValue(revenueMinor: number, orders: number): number | null {
  if (orders <= 0) return null;
  return Math.round(revenueMinor / orders);
}

/** Relative change from previous to current (0.25 = +25 %); null when the previous period is empty. */
export function relativeChange(current: number, previous: number): number | null {
  if (!previous) return null;
  return (current - previous) / Math.abs(previous);
}

/** Net revenue of one order: what was sold less what was refunded; cancelled orders earn nothing. */
export function netRevenue(order: { status: string; subtotalMinor: number; refundedMinor: number }): number {
  if (order.status === "CANCELLED") return 0;
  return order.subtotalMinor - order.refundedMinor;
}

/** Cost in minor units of a quantity at a cost in thousandths of a minor unit per unit (rounded). */
export function componentCostMinor(quantity: number, costPerUnitMilli: number): number {
  return Math.round((quantity * costPerUnitMilli) / 1000);
}

/** Waste share of usage: waste ÷ (waste + sales consumption), by cost. */
export function wasteShare(wasteMinor: number, consumedMinor: number): number | null {
  return ratio(wasteMinor, wasteMinor + consumedMinor);
}

/**
 * Minutes with on-hand ≤ 0 between `start` and `end`, replaying signed deltas (sorted by time) from
 * the opening on-hand at `start`. Mirrors the window-function SQL; used to test it.
 */
export function stockoutMinutes(
  opening: number,
  movements: readonly { at: Date; delta: number }[],
  start: Date,
  end: Date,
): number {
  let onHand = opening;
  let cursor = start.getTime();
  let outMs = 0;
  for (const m of movements) {
    const t = Math.min(Math.max(m.at.getTime(), start.getTime()), end.getTime());
    if (onHand <= 0) outMs += t - cursor;
    cursor = t;
    onHand += m.delta;
  }
  if (onHand <= 0) outMs += end.getTime() - cursor;
  return Math.round(outMs / 60_000);
}
