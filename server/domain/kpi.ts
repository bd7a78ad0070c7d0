import { localParts } from "./business-day";

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
      "Preorder-tagged orders placed in the period that the customer collected (the POS fulfilment time) on the same business day they were placed, in the shop's time zone, and that were not cancelled ÷ all preorder-tagged orders placed in the period, cancelled ones included. A preorder placed at 23:30 and collected at 00:30 is not same-day; a later refund does not undo a collection.",
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
      "Identified customers (a customer reference from the POS) with a non-cancelled order in the period who had also ordered within the 60 days before one of those orders — another non-cancelled order of theirs at any location or channel, inside the period or before it ÷ all identified customers with a non-cancelled order in the period. Location and channel filters choose the orders in the period, not the earlier one.",
  },
  refundRate: {
    label: "Refund rate",
    definition:
      "Refunded amount ÷ gross sales of the non-cancelled orders placed in the period, per channel. Refunds are dated by their order: a refund given today for an order of last week counts in last week.",
  },
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

/** 60 days back from an order, as exact 24-hour days (what the SQL compares). */
export const REPEAT_WINDOW_MS = 60 * 86_400_000;

/**
 * Whether a preorder converted the same day: not cancelled, and collected on the business day it
 * was placed in the shop's zone. Mirrors the SQL, which compares fulfilledAt with the day's bounds.
 */
export function collectedSameDay(order: { status: string; placedAt: Date; fulfilledAt: Date | null }, timeZone: string): boolean {
  if (order.status === "CANCELLED" || !order.fulfilledAt) return false;
  return localParts(order.placedAt, timeZone).businessDate === localParts(order.fulfilledAt, timeZone).businessDate;
}

/**
 * Repeat customers by the definition above, over every order of the shop that could matter
 * (`inPeriod` marks the orders the period and filters select). The reference the SQL is tested against.
 */
export function repeatCustomers(
  orders: readonly { customerRef: string | null; placedAt: Date; status: string; inPeriod: boolean }[],
): { customers: number; repeaters: number } {
  const byCustomer = new Map<string, { at: number; inPeriod: boolean }[]>();
  for (const o of orders) {
    if (!o.customerRef || o.status === "CANCELLED") continue;
    const list = byCustomer.get(o.customerRef) ?? [];
    list.push({ at: o.placedAt.getTime(), inPeriod: o.inPeriod });
    byCustomer.set(o.customerRef, list);
  }
  let customers = 0;
  let repeaters = 0;
  for (const list of byCustomer.values()) {
    if (!list.some((o) => o.inPeriod)) continue;
    customers++;
    list.sort((a, b) => a.at - b.at);
    if (list.some((o, i) => o.inPeriod && i > 0 && o.at - (list[i - 1] as { at: number }).at <= REPEAT_WINDOW_MS)) repeaters++;
  }
  return { customers, repeaters };
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
