import { explodeKit, type KitGraph } from "./kit";

/** What a buffer holds: units of a product (exploded through its kit) or of a component itself. */
export type HeldItem = { kind: "product" | "component"; key: string };

/**
 * Stock held for a set of channels at one location: a standing channel allocation (12 glazed, or
 * 2 kg of dough, for preorder-qr) or what is left of a live drop's cap for the drop's channels.
 */
export type Hold = { item: HeldItem; channels: readonly string[]; quantity: number; source: "allocation" | "drop" };

export type AllocationRow = { item: HeldItem; channel: string; quantity: number };
export type LiveDropCap = { productKey: string; channels: readonly string[]; cap: number; sold: number };

/** Allocations and live drops as holds; a drop holds only its unsold remainder. */
export function buildHolds(allocations: readonly AllocationRow[], liveDrops: readonly LiveDropCap[]): Hold[] {
  const holds: Hold[] = [];
  for (const a of allocations) {
    if (a.quantity > 0) holds.push({ item: a.item, channels: [a.channel], quantity: a.quantity, source: "allocation" });
  }
  for (const d of liveDrops) {
    const remaining = Math.max(0, d.cap - Math.max(0, d.sold));
    if (remaining > 0) holds.push({ item: { kind: "product", key: d.productKey }, channels: d.channels, quantity: remaining, source: "drop" });
  }
  return holds;
}

/** Component usage of one hold: a component buffer is itself, a product buffer its exploded kit. */
export function holdUsage(graph: KitGraph, hold: Pick<Hold, "item" | "quantity">, into: Map<string, number> = new Map()): Map<string, number> {
  if (hold.quantity <= 0) return into;
  if (hold.item.kind === "component") into.set(hold.item.key, (into.get(hold.item.key) ?? 0) + hold.quantity);
  else explodeKit(graph, hold.item.key, hold.quantity, into);
  return into;
}

/**
 * Component usage of every hold that belongs to none of `channels`: what the other channels keep
 * from them. A hold shared with any of `channels` (a drop sold on online and event) is theirs too.
 */
export function heldOutside(graph: KitGraph, holds: readonly Hold[], channels: readonly string[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const h of holds) {
    if (h.channels.some((c) => channels.includes(c))) continue;
    holdUsage(graph, h, usage);
  }
  return usage;
}

/** Component usage of every hold that does NOT belong to `channel` (what other channels hold). */
export function heldByOtherChannels(graph: KitGraph, holds: readonly Hold[], channel: string): Map<string, number> {
  return heldOutside(graph, holds, [channel]);
}

/** Sum of allocations per held item ("product:ID" / "component:ID"), e.g. for the editor's totals. */
export function totalAllocated(allocations: readonly AllocationRow[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const a of allocations) {
    const key = `${a.item.kind}:${a.item.key}`;
    totals.set(key, (totals.get(key) ?? 0) + Math.max(0, a.quantity));
  }
  return totals;
}
