import type { DbTx } from "../db";
import type { Role } from "../domain/roles";
import { countLowStock } from "./resupply";

/** Counts shown beside navigation entries, keyed by href. */
export async function getNavBadges(db: DbTx, shopId: string, role: Role): Promise<Record<string, number>> {
  const badges: Record<string, number> = {};
  if (role === "STAFF") return badges;
  const negative = await db.stockBalance.count({ where: { shopId, onHand: { lt: 0 } } });
  if (negative) badges["/inventory"] = negative;
  // Components under their reorder point: the "low stock" badge on Resupply.
  const low = await countLowStock(db, shopId);
  if (low) badges["/resupply"] = low;
  // Drops live right now, so a running drop is one click away.
  const now = new Date();
  const live = await db.drop.count({ where: { shopId, status: { in: ["SCHEDULED", "LIVE"] }, startsAt: { lte: now }, endsAt: { gt: now } } });
  if (live) badges["/drops"] = live;
  // POS SKUs waiting to be mapped to a product (their sales take nothing from stock until then).
  const unmapped = await db.orderLine.groupBy({ by: ["sku"], where: { shopId, productId: null } });
  if (unmapped.length) badges["/orders"] = unmapped.length;
  // Anomalies nobody has looked at yet (acknowledged ones stop counting).
  const anomalies = await db.anomaly.count({ where: { shopId, status: "OPEN" } });
  if (anomalies) badges["/reconciliation"] = anomalies;
  return badges;
}
