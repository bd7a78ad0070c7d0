/** Drop statuses; the lifecycle job moves SCHEDULED → LIVE → ENDED, people may cancel. */
export const DROP_STATUSES = ["SCHEDULED", "LIVE", "ENDED", "CANCELLED"] as const;
export type DropStatus = (typeof DROP_STATUSES)[number];

/** The status a drop should have at `now` by its window (cancelled drops stay cancelled). */
export function statusAt(drop: { status: string; startsAt: Date; endsAt: Date }, now: Date): DropStatus {
  if (drop.status === "CANCELLED") return "CANCELLED";
  const t = now.getTime();
  if (t >= drop.endsAt.getTime()) return "ENDED";
  if (t >= drop.startsAt.getTime()) return "LIVE";
  return "SCHEDULED";
}

export type SaleEvent = { productKey: string; quantity: number; at: Date };

/**
 * When each capped product sold out: walks sales in time order and returns the moment the running
 * total first reached the cap. Products that have not sold out are absent.
 */
export function soldOutTimes(caps: ReadonlyMap<string, number>, sales: readonly SaleEvent[]): Map<string, Date> {
  const sorted = [...sales].sort((a, b) => a.at.getTime() - b.at.getTime());
  const running = new Map<string, number>();
  const out = new Map<string, Date>();
  for (const s of sorted) {
    const cap = caps.get(s.productKey);
    if (cap === undefined || cap <= 0 || out.has(s.productKey)) continue;
    const total = (running.get(s.productKey) ?? 0) + s.quantity;
    running.set(s.productKey, total);
    if (total >= cap) out.set(s.productKey, s.at);
  }
  return out;
}

/** The drop is sold out when every capped product is; its time is the last product's. */
export function dropSoldOutAt(caps: ReadonlyMap<string, number>, soldOut: ReadonlyMap<string, Date>): Date | null {
  let latest: Date | null = null;
  for (const [key, cap] of caps) {
    if (cap <= 0) continue;
    const at = soldOut.get(key);
    if (!at) return null;
    if (!latest || at > latest) latest = at;
  }
  return latest;
}

/** Whole minutes from start to sell-out, or null if it never sold out. */
export function sellOutMinutes(startsAt: Date, soldOutAt: Date | null): number | null {
  if (!soldOutAt) return null;
  return Math.max(0, Math.round((soldOutAt.getTime() - startsAt.getTime()) / 60_000));
}
