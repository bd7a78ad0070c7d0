import { holdUsage, type Hold } from "./allocation";
import { HOUR_MS } from "./forecast";
import { explodeKit, type KitGraph } from "./kit";
import { latestWindowBetween, nextWindowAt, type DeliveryWindow } from "./resupply";

/** A product and how many units a drop may sell of it. */
export type DropCap = { productKey: string; cap: number };

/** Stock should land this long before a drop opens, so the kitchen can prep. */
export const PREP_MINUTES = 60;

/** Projected stock of one component at the drop's start. */
export type ComponentProjection = {
  onHand: number;
  /** Forecast consumption between now and the start. */
  usage: number;
  /** Resupply sent to the supplier (or partly received) that lands before the start. */
  ordered: number;
  /** Draft resupply, not sent yet, that lands before the start: counted, but nothing is ordered. */
  planned: number;
  /** onHand − usage + ordered + planned. */
  projected: number;
};

/** Another drop at the same location; `sold` per product is what it already sold (live drops). */
export type OtherDrop = {
  id: string;
  name: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  caps: readonly (DropCap & { sold?: number })[];
};

export type Competition = "before" | "overlap";

/**
 * Whether another drop takes stock this drop's start was projected with: any drop still to sell
 * (scheduled or live at `now`) that starts before this one ends — before its start (Friday's
 * drop eats Saturday's dough) or overlapping its window. Ended and cancelled drops already left
 * on-hand; later drops come after this one.
 */
export function competition(plan: { startsAt: Date; endsAt: Date }, other: OtherDrop, now: Date): Competition | null {
  if (other.status === "CANCELLED" || other.status === "ENDED") return null;
  if (other.endsAt.getTime() <= now.getTime()) return null;
  if (other.startsAt.getTime() >= plan.endsAt.getTime()) return null;
  return windowsOverlap(plan, other) ? "overlap" : "before";
}

/** What is left of caps once `sold` units are gone (a live drop's sales already left on-hand). */
export function unsoldCaps(caps: OtherDrop["caps"]): DropCap[] {
  return caps.map((c) => ({ productKey: c.productKey, cap: Math.max(0, c.cap - Math.max(0, c.sold ?? 0)) })).filter((c) => c.cap > 0);
}

/** How a component's resupply arrives: its rule's lead time and delivery windows. */
export type SupplyTerms = { leadTimeHours: number; windows: readonly DeliveryWindow[] };

/** When to order a shortfall so it lands before the start, or why it cannot. */
export type DeliveryPlan =
  /** Order by `orderBy` (window − lead time) and it lands in the `arrivesAt` window. */
  | { kind: "reachable"; arrivesAt: Date; orderBy: Date; leadTimeHours: number }
  /** No window between now + lead time and the deadline; `earliestArrival` is the first possible one. */
  | { kind: "too-late"; earliestArrival: Date | null; deadline: Date; leadTimeHours: number }
  /** No resupply rule for the component at the location: Backroom does not know how it is delivered. */
  | { kind: "no-rule" }
  /** The rule's cadence or windows cannot be read. */
  | { kind: "bad-rule"; message: string };

const MINUTE_MS = 60_000;

/**
 * The latest delivery window that can still be reached (at or after now + lead time) and lands
 * no later than `deadline`: ordering for the last possible window keeps stock fresh, gives the
 * owner the most time, and is the window resupply files a need for that deadline under.
 */
export function latestDelivery(terms: SupplyTerms, deadline: Date, now: Date, timeZone: string): DeliveryPlan {
  const lead = terms.leadTimeHours * HOUR_MS;
  const earliest = now.getTime() + lead;
  const best = latestWindowBetween(terms.windows, earliest, deadline.getTime(), timeZone);
  if (best === null) {
    let first: number | null = null;
    try {
      first = nextWindowAt(terms.windows, earliest, timeZone);
    } catch {
      first = null;
    }
    return { kind: "too-late", earliestArrival: first === null ? null : new Date(first), deadline, leadTimeHours: terms.leadTimeHours };
  }
  return { kind: "reachable", arrivesAt: new Date(best), orderBy: new Date(best - lead), leadTimeHours: terms.leadTimeHours };
}

export type FeasibilityInput = {
  graph: KitGraph;
  caps: readonly DropCap[];
  startsAt: Date;
  endsAt: Date;
  now: Date;
  /** The shop's zone: delivery windows are local times. */
  timeZone: string;
  /** Component id → projection at `startsAt`; a component missing here has nothing projected. */
  projection: ReadonlyMap<string, ComponentProjection>;
  /** Other drops at the same location (any status; `competition` picks those that take stock). */
  otherDrops?: readonly OtherDrop[];
  /** The channels this drop sells on. */
  channels?: readonly string[];
  /** Standing channel buffers at the location (product or component). */
  buffers?: readonly Hold[];
  /** Component id → its rule's delivery terms, or why they cannot be read. */
  supply?: ReadonlyMap<string, SupplyTerms | { error: string }>;
  prepMinutes?: number;
};

export type FeasibilityLine = {
  componentId: string;
  /** What this drop's caps consume. */
  required: number;
  onHand: number;
  usage: number;
  ordered: number;
  planned: number;
  /** ordered + planned. */
  incoming: number;
  projected: number;
  /** The unsold caps of other drops at the same location that take this component first or alongside. */
  competing: number;
  /** Standing buffers of channels this drop does not sell on. */
  heldForOtherChannels: number;
  /** What this drop can use: projected − competing − held, never below 0. */
  available: number;
  shortBy: number;
  /** For a short line: when to order so it lands before the start, or why it cannot. */
  delivery: DeliveryPlan | null;
  /** Latest time to order the shortfall (delivery.orderBy when reachable). */
  orderBy: Date | null;
};

export type ProductLimit = { productKey: string; cap: number; maxUnits: number | null };

export type Conflict = {
  dropId: string;
  name: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  relation: Competition;
  /** Its unsold caps, which are taken off this drop's stock. */
  remaining: DropCap[];
  componentIds: string[];
};

/** Channels outside the drop holding buffers of components the drop needs. */
export type BufferWarning = { channel: string; componentIds: string[]; holds: { item: Hold["item"]; quantity: number }[] };

export type FeasibilityResult = {
  feasible: boolean;
  lines: FeasibilityLine[];
  /** Per product: the most units this drop could sell of it alone with what is available. */
  products: ProductLimit[];
  conflicts: Conflict[];
  bufferWarnings: BufferWarning[];
};

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

function sharedWith(required: ReadonlyMap<string, number>, usage: ReadonlyMap<string, number>): string[] {
  return [...usage.keys()].filter((id) => (required.get(id) ?? 0) > 0 && (usage.get(id) ?? 0) > 0).sort();
}

/**
 * Can the stock projected at a drop's start feed its caps? Explodes the caps to components and
 * compares them with the projection less what other drops still to sell before or during it take
 * and what channels outside the drop hold, saying exactly what is short, how much, and by when
 * to order it so it lands in a delivery window before the start. Pure: every input is explicit.
 */
export function checkFeasibility(input: FeasibilityInput): FeasibilityResult {
  const required = explodeCaps(input.graph, input.caps);
  const competingUsage = new Map<string, number>();
  const conflicts: Conflict[] = [];
  for (const other of input.otherDrops ?? []) {
    const relation = competition(input, other, input.now);
    if (!relation) continue;
    const remaining = unsoldCaps(other.caps);
    const usage = explodeCaps(input.graph, remaining);
    const shared = sharedWith(required, usage);
    if (shared.length > 0) {
      conflicts.push({ dropId: other.id, name: other.name, status: other.status, startsAt: other.startsAt, endsAt: other.endsAt, relation, remaining, componentIds: shared });
    }
    for (const [id, qty] of usage) competingUsage.set(id, (competingUsage.get(id) ?? 0) + qty);
  }
  conflicts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  const channels = input.channels ?? [];
  const heldUsage = new Map<string, number>();
  const byChannel = new Map<string, BufferWarning>();
  for (const hold of input.buffers ?? []) {
    if (hold.channels.some((c) => channels.includes(c))) continue;
    const usage = holdUsage(input.graph, hold);
    for (const [id, qty] of usage) heldUsage.set(id, (heldUsage.get(id) ?? 0) + qty);
    const shared = sharedWith(required, usage);
    if (shared.length === 0) continue;
    for (const channel of hold.channels) {
      const w = byChannel.get(channel) ?? { channel, componentIds: [], holds: [] };
      w.componentIds = [...new Set([...w.componentIds, ...shared])].sort();
      w.holds.push({ item: hold.item, quantity: hold.quantity });
      byChannel.set(channel, w);
    }
  }

  const deadline = new Date(input.startsAt.getTime() - (input.prepMinutes ?? PREP_MINUTES) * MINUTE_MS);
  const empty: ComponentProjection = { onHand: 0, usage: 0, ordered: 0, planned: 0, projected: 0 };
  const availableOf = (componentId: string) => {
    const p = input.projection.get(componentId) ?? empty;
    return Math.max(0, p.projected - (competingUsage.get(componentId) ?? 0) - (heldUsage.get(componentId) ?? 0));
  };
  const lines: FeasibilityLine[] = [...required.entries()]
    .filter(([, qty]) => qty > 0)
    .map(([componentId, qty]) => {
      const p = input.projection.get(componentId) ?? empty;
      const available = availableOf(componentId);
      const shortBy = Math.max(0, qty - available);
      let delivery: DeliveryPlan | null = null;
      if (shortBy > 0) {
        const terms = input.supply?.get(componentId);
        delivery = !terms
          ? { kind: "no-rule" }
          : "error" in terms
            ? { kind: "bad-rule", message: terms.error }
            : latestDelivery(terms, deadline, input.now, input.timeZone);
      }
      return {
        componentId,
        required: qty,
        onHand: p.onHand,
        usage: p.usage,
        ordered: p.ordered,
        planned: p.planned,
        incoming: p.ordered + p.planned,
        projected: p.projected,
        competing: competingUsage.get(componentId) ?? 0,
        heldForOtherChannels: heldUsage.get(componentId) ?? 0,
        available,
        shortBy,
        delivery,
        orderBy: delivery?.kind === "reachable" ? delivery.orderBy : null,
      };
    })
    .sort((a, b) => b.shortBy - a.shortBy || a.componentId.localeCompare(b.componentId));

  const products = input.caps.map((c): ProductLimit => {
    let maxUnits: number | null = null;
    for (const [componentId, qty] of explodeKit(input.graph, c.productKey, 1)) {
      if (qty <= 0) continue;
      const units = Math.floor(availableOf(componentId) / qty);
      maxUnits = maxUnits === null ? units : Math.min(maxUnits, units);
    }
    return { productKey: c.productKey, cap: c.cap, maxUnits };
  });

  return {
    feasible: lines.every((l) => l.shortBy === 0),
    lines,
    products,
    conflicts,
    bufferWarnings: [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
  };
}

/** An open resupply line still to arrive: `sent` once the order went to the supplier. */
export type IncomingLine = { at: number; quantity: number; sent: boolean };

/**
 * A component's stock at `at`: on hand less forecast usage until then, plus what lands by then,
 * split into ordered (sent) and planned (draft) so a plan never looks safe before anything was ordered.
 */
export function projectionAt(onHand: number, usage: number, incoming: readonly IncomingLine[], at: Date): ComponentProjection {
  let ordered = 0;
  let planned = 0;
  for (const line of incoming) {
    if (line.quantity <= 0 || line.at > at.getTime()) continue;
    if (line.sent) ordered += line.quantity;
    else planned += line.quantity;
  }
  return { onHand, usage, ordered, planned, projected: onHand - usage + ordered + planned };
}
