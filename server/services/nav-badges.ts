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
  return badges;
}
