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
