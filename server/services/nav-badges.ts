import type { DbTx } from "../db";
import type { Role } from "../domain/roles";

/** Counts shown beside navigation entries, keyed by href. */
export async function getNavBadges(db: DbTx, shopId: string, role: Role): Promise<Record<string, number>> {
  const badges: Record<string, number> = {};
  if (role === "STAFF") return badges;
  const negative = await db.stockBalance.count({ where: { shopId, onHand: { lt: 0 } } });
  if (negative) badges["/inventory"] = negative;
  return badges;
}
