import { heldByOtherChannels, type Hold } from "./allocation";
import { explodeKit, type KitGraph } from "./kit";

export type AvailabilityInput = {
  graph: KitGraph;
  /** Products to report, in output order; `key` is the graph key, `sku` what the feed prints. */
  products: readonly { key: string; sku: string }[];
  /** Component id → on hand at the location (one consistent snapshot). */
  onHand: ReadonlyMap<string, number>;
  holds: readonly Hold[];
  channel: string;
};

export type ProductAvailability = { sku: string; available: number; limitedBy: string | null };

/**
 * How many units of each product `channel` may still sell: for each kit component,
 * (on hand − what other channels hold) / per-unit usage, floored; the product is limited by its
 * scarcest component and never reported below 0. Products whose kit consumes nothing are not
 * stock-limited and are left out (the feed only lists what stock can run out of).
 */
export function computeAvailability(input: AvailabilityInput): ProductAvailability[] {
  const held = heldByOtherChannels(input.graph, input.holds, input.channel);
  const result: ProductAvailability[] = [];
  for (const p of input.products) {
    const perUnit = explodeKit(input.graph, p.key, 1);
    let available: number | null = null;
    let limitedBy: string | null = null;
    for (const [componentId, qty] of perUnit) {
      if (qty <= 0) continue;
      const free = (input.onHand.get(componentId) ?? 0) - (held.get(componentId) ?? 0);
      const units = Math.max(0, Math.floor(free / qty));
      if (available === null || units < available) {
        available = units;
        limitedBy = componentId;
      }
    }
    if (available !== null) result.push({ sku: p.sku, available, limitedBy });
  }
  return result;
}
