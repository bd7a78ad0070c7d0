import { explodeKit, type KitGraph } from "./kit";

/**
 * Units of a product held for a set of channels at one location: a standing channel allocation
 * (12 glazed for preorder-qr) or what is left of a live drop's cap for the drop's channels.
 */
export type Hold = { productKey: string; channels: readonly string[]; quantity: number; source: "allocation" | "drop" };

export type AllocationRow = { productKey: string; channel: string; quantity: number };
export type LiveDropCap = { productKey: string; channels: readonly string[]; cap: number; sold: number };

/** Allocations and live drops as holds; a drop holds only its unsold remainder. */
export function buildHolds(allocations: readonly AllocationRow[], liveDrops: readonly LiveDropCap[]): Hold[] {
  const holds: Hold[] = [];
  for (const a of allocations) {
    if (a.quantity > 0) holds.push({ productKey: a.productKey, channels: [a.channel], quantity: a.quantity, source: "allocation" });
  }
  for (const d of liveDrops) {
    const remaining = Math.max(0, d.cap - Math.max(0, d.sold));
    if (remaining > 0) holds.push({ productKey: d.productKey, channels: d.channels, quantity: remaining, source: "drop" });
  }
  return holds;
}

/** Component usage of every hold that does NOT belong to `channel` (what other channels hold). */
export function heldByOtherChannels(graph: KitGraph, holds: readonly Hold[], channel: string): Map<string, number> {
  const usage = new Map<string, number>();
  for (const h of holds) {
    if (h.channels.includes(channel)) continue;
    explodeKit(graph, h.productKey, h.quantity, usage);
  }
  return usage;
}

/** Sum of allocations per product per channel, e.g. for the editor's totals row. */
export function totalAllocated(allocations: readonly AllocationRow[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const a of allocations) totals.set(a.productKey, (totals.get(a.productKey) ?? 0) + Math.max(0, a.quantity));
  return totals;
}
