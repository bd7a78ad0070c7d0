/**
 * Campaign attribution, one rule everywhere (SQL in server/db-sql/sqlite/dashboard.ts mirrors it):
 * 1. Explicit: an order that carries a campaign code belongs to that campaign.
 * 2. Window: an order without a code belongs to the campaign whose window holds its placed-at time —
 *    from the send time (inclusive) until send time + the campaign's attribution window (exclusive).
 *    When windows overlap, the most recent send wins (last touch), so no order counts twice.
 */

export type CampaignWindow = { code: string; sentAt: Date | null; attributionWindowHours: number };
export type Attribution = { code: string; via: "explicit" | "window" } | null;

export const ATTRIBUTION_DEFINITION =
  "An order belongs to a campaign when it carries the campaign's code (explicit), or, without a code, when it was placed within the campaign's attribution window after its send time (window). Overlapping windows go to the most recent send, so an order never counts twice.";

export function windowEnd(campaign: CampaignWindow): Date | null {
  if (!campaign.sentAt) return null;
  return new Date(campaign.sentAt.getTime() + campaign.attributionWindowHours * 3_600_000);
}

export function attributeOrder(order: { campaign: string | null; placedAt: Date }, campaigns: readonly CampaignWindow[]): Attribution {
  if (order.campaign) return { code: order.campaign, via: "explicit" };
  let best: CampaignWindow | null = null;
  const t = order.placedAt.getTime();
  for (const c of campaigns) {
    const end = windowEnd(c);
    if (!c.sentAt || !end) continue;
    if (t < c.sentAt.getTime() || t >= end.getTime()) continue;
    if (!best || (best.sentAt && c.sentAt.getTime() > best.sentAt.getTime())) best = c;
  }
  return best ? { code: best.code, via: "window" } : null;
}

export type AttributionSegment = { code: string; start: Date; end: Date };

/**
 * The window rule as disjoint stretches of time, each owned by one campaign: every instant inside
 * some window belongs to the most recent send covering it (ties: the first in the list), exactly as
 * `attributeOrder` decides. SQL can then join orders to segments without ranking overlaps.
 */
export function attributionSegments(campaigns: readonly CampaignWindow[]): AttributionSegment[] {
  const windows = campaigns
    .map((c, i) => ({ c, i, end: windowEnd(c) }))
    .filter((w): w is { c: CampaignWindow & { sentAt: Date }; i: number; end: Date } => Boolean(w.c.sentAt && w.end))
    .sort((a, b) => b.c.sentAt.getTime() - a.c.sentAt.getTime() || a.i - b.i);
  const claimed: [number, number][] = []; // disjoint, sorted by start
  const out: AttributionSegment[] = [];
  for (const w of windows) {
    let cursor = w.c.sentAt.getTime();
    const end = w.end.getTime();
    for (const [s, e] of claimed) {
      if (e <= cursor || s >= end) continue;
      if (s > cursor) out.push({ code: w.c.code, start: new Date(cursor), end: new Date(s) });
      cursor = Math.max(cursor, e);
      if (cursor >= end) break;
    }
    if (cursor < end) out.push({ code: w.c.code, start: new Date(cursor), end: new Date(end) });
    claimed.push([w.c.sentAt.getTime(), end]);
    claimed.sort((x, y) => x[0] - y[0]);
    // Merge so the list stays disjoint.
    for (let k = claimed.length - 1; k > 0; k--) {
      const prev = claimed[k - 1] as [number, number];
      const cur = claimed[k] as [number, number];
      if (cur[0] <= prev[1]) {
        prev[1] = Math.max(prev[1], cur[1]);
        claimed.splice(k, 1);
      }
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
