import { explodeKit, type KitGraph } from "./kit";

/** A product and how many units a drop (or a competing drop) may sell of it. */
export type DropCap = { productKey: string; cap: number };

/** Projected stock of one component at the drop's start (see services/forecast projectStock). */
export type ComponentProjection = {
  onHand: number;
  /** Forecast consumption between now and the start. */
  usage: number;
  /** Open resupply that lands before the start. */
  incoming: number;
  projected: number;
};

export type CompetingDrop = { id: string; name: string; startsAt: Date; endsAt: Date; caps: readonly DropCap[] };

export type FeasibilityInput = {
  graph: KitGraph;
  caps: readonly DropCap[];
  startsAt: Date;
  /** Component id → projection at `startsAt`; a component missing here has nothing projected. */
  projection: ReadonlyMap<string, ComponentProjection>;
  /** Other drops at the same location whose window overlaps this one. */
  competing?: readonly CompetingDrop[];
  /** Component id → supplier lead time in hours (from its resupply rule); default 24 h. */
  leadTimeHours?: ReadonlyMap<string, number>;
};

export type FeasibilityLine = {
  componentId: string;
  /** What this drop's caps consume. */
  required: number;
  onHand: number;
  usage: number;
  incoming: number;
  projected: number;
  /** What overlapping drops at the same location would consume of the same component. */
  competing: number;
  /** Projected stock left for this drop once competing drops take theirs (never below 0). */
  available: number;
  shortBy: number;
  /** Latest time to order the shortfall so it lands before the start. */
  orderBy: Date | null;
};

export type ProductLimit = { productKey: string; cap: number; maxUnits: number | null };

export type Conflict = { dropId: string; name: string; startsAt: Date; endsAt: Date; componentIds: string[] };

export type FeasibilityResult = {
  feasible: boolean;
  lines: FeasibilityLine[];
  /** Per product: the most units this drop could sell of it alone with what is available. */
  products: ProductLimit[];
  conflicts: Conflict[];
};

export const DEFAULT_LEAD_TIME_HOURS = 24;

/** Total component usage of a set of caps (bundles explode through nested kits). */
export function explodeCaps(graph: KitGraph, caps: readonly DropCap[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const c of caps) if (c.cap > 0) explodeKit(graph, c.productKey, c.cap, usage);
  return usage;
}

/** Whether two half-open time windows [start, end) overlap. */
export function windowsOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/**
 * Can the stock projected at a drop's start feed its caps? Explodes the caps to components and
 * compares them with the projection less what overlapping drops need, saying exactly what is short
 * and by when it must be ordered. Pure: every input is explicit.
 */
export function checkFeasibility(input: FeasibilityInput): FeasibilityResult {
  const required = explodeCaps(input.graph, input.caps);
  const competing = input.competing ?? [];
  const competingUsage = new Map<string, number>();
  const conflicts: Conflict[] = [];
  for (const other of competing) {
    const usage = explodeCaps(input.graph, other.caps);
    const shared = [...usage.keys()].filter((id) => (required.get(id) ?? 0) > 0 && (usage.get(id) ?? 0) > 0);
    if (shared.length > 0) {
      conflicts.push({ dropId: other.id, name: other.name, startsAt: other.startsAt, endsAt: other.endsAt, componentIds: shared.sort() });
    }
    for (const [id, qty] of usage) competingUsage.set(id, (competingUsage.get(id) ?? 0) + qty);
  }

  const empty: ComponentProjection = { onHand: 0, usage: 0, incoming: 0, projected: 0 };
  const lines: FeasibilityLine[] = [...required.entries()]
    .filter(([, qty]) => qty > 0)
    .map(([componentId, qty]) => {
      const p = input.projection.get(componentId) ?? empty;
      const other = competingUsage.get(componentId) ?? 0;
      const available = Math.max(0, p.projected - other);
      const shortBy = Math.max(0, qty - available);
      const lead = input.leadTimeHours?.get(componentId) ?? DEFAULT_LEAD_TIME_HOURS;
      return {
        componentId,
        required: qty,
        onHand: p.onHand,
        usage: p.usage,
        incoming: p.incoming,
        projected: p.projected,
        competing: other,
        available,
        shortBy,
        orderBy: shortBy > 0 ? new Date(input.startsAt.getTime() - lead * 3_600_000) : null,
      };
    })
    .sort((a, b) => b.shortBy - a.shortBy || a.componentId.localeCompare(b.componentId));

  const availableOf = new Map(lines.map((l) => [l.componentId, l.available]));
  const products = input.caps.map((c): ProductLimit => {
    const perUnit = explodeKit(input.graph, c.productKey, 1);
    let maxUnits: number | null = null;
    for (const [componentId, qty] of perUnit) {
      if (qty <= 0) continue;
      const p = input.projection.get(componentId) ?? empty;
      const avail = availableOf.get(componentId) ?? Math.max(0, p.projected - (competingUsage.get(componentId) ?? 0));
      const units = Math.floor(avail / qty);
      maxUnits = maxUnits === null ? units : Math.min(maxUnits, units);
    }
    return { productKey: c.productKey, cap: c.cap, maxUnits };
  });

  return { feasible: lines.every((l) => l.shortBy === 0), lines, products, conflicts };
}
