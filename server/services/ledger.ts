import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { assertStorableMovement, balanceKey, isStorableQuantity, nextBalance, sumDeltas, type MovementType } from "../domain/ledger";

export type MovementInput = {
  locationId: string;
  componentId: string;
  type: MovementType;
  /** Signed delta (use domain/ledger signedDelta to turn a user's positive amount into one). */
  quantity: number;
  reason?: string | null;
  orderId?: string | null;
  resupplyId?: string | null;
  transferId?: string | null;
  countId?: string | null;
  userId?: string | null;
  occurredAt?: Date;
};

export type BalanceChange = { locationId: string; componentId: string; before: number; onHand: number };

/**
 * Appends movements to the ledger and updates the cached balances. Must run inside the caller's
 * transaction so the ledger and the cache never disagree. Ids must belong to `shopId`.
 */
export async function appendMovements(tx: DbTx, shopId: string, movements: MovementInput[]): Promise<BalanceChange[]> {
  const nonZero = movements.filter((m) => m.quantity !== 0);
  if (nonZero.length === 0) return [];
  await assertOwned(tx, shopId, nonZero);
  await assertStorable(tx, shopId, nonZero);
  const now = new Date();
  await tx.stockMovement.createMany({
    data: nonZero.map((m) => ({
      shopId,
      locationId: m.locationId,
      componentId: m.componentId,
      type: m.type,
      quantity: m.quantity,
      reason: m.reason ?? null,
      orderId: m.orderId ?? null,
      resupplyId: m.resupplyId ?? null,
      transferId: m.transferId ?? null,
      countId: m.countId ?? null,
      userId: m.userId ?? null,
      occurredAt: m.occurredAt ?? now,
    })),
  });
  const changes: BalanceChange[] = [];
  for (const { locationId, componentId, delta } of sumDeltas(nonZero).values()) {
    const row = await tx.stockBalance.upsert({
      where: { locationId_componentId: { locationId, componentId } },
      create: { locationId, componentId, shopId, onHand: delta },
      update: { onHand: { increment: delta } },
      select: { onHand: true },
    });
    changes.push({ locationId, componentId, before: row.onHand - delta, onHand: row.onHand });
  }
  return changes;
}

/**
 * Refuses (422) a movement, or a resulting on-hand, the 32-bit ledger columns cannot hold, before
 * anything is written: the database would otherwise fail the write (a 5xx) or, on SQLite, keep a
 * balance no client can read back.
 */
async function assertStorable(tx: DbTx, shopId: string, movements: MovementInput[]): Promise<void> {
  const deltas = sumDeltas(movements);
  const rows = await tx.stockBalance.findMany({
    where: {
      shopId,
      locationId: { in: [...new Set(movements.map((m) => m.locationId))] },
      componentId: { in: [...new Set(movements.map((m) => m.componentId))] },
    },
    select: { locationId: true, componentId: true, onHand: true },
  });
  const onHand = new Map(rows.map((r) => [balanceKey(r.locationId, r.componentId), r.onHand]));
  const tooLarge = movements.find((m) => !isStorableQuantity(m.quantity));
  const overflowing = [...deltas.entries()].find(([key, d]) => !isStorableQuantity((onHand.get(key) ?? 0) + d.delta));
  if (!tooLarge && !overflowing) return;
  // Cold path: name the pair with the codes people know.
  const pair = tooLarge ?? overflowing?.[1];
  const [component, location] = await Promise.all([
    tx.component.findFirst({ where: { id: pair?.componentId ?? "", shopId }, select: { code: true } }),
    tx.location.findFirst({ where: { id: pair?.locationId ?? "", shopId }, select: { code: true } }),
  ]);
  const what = `${component?.code ?? "a component"} at ${location?.code ?? "a location"}`;
  if (tooLarge) assertStorableMovement(tooLarge.quantity, what);
  if (overflowing) nextBalance(onHand.get(overflowing[0]) ?? 0, overflowing[1].delta, what);
}

/** appendMovements in a transaction of its own. */
export function recordMovements(db: Db, shopId: string, movements: MovementInput[]): Promise<BalanceChange[]> {
  return db.$transaction((tx) => appendMovements(tx, shopId, movements));
}

// Caches of ids already proven to belong to a shop; ids never move between shops.
const ownedLocations = new Map<string, string>();
const ownedComponents = new Map<string, string>();

async function assertOwned(tx: DbTx, shopId: string, movements: MovementInput[]): Promise<void> {
  const locationIds = [...new Set(movements.map((m) => m.locationId))].filter((id) => ownedLocations.get(id) !== shopId);
  const componentIds = [...new Set(movements.map((m) => m.componentId))].filter((id) => ownedComponents.get(id) !== shopId);
  if (locationIds.length) {
    const found = await tx.location.findMany({ where: { shopId, id: { in: locationIds } }, select: { id: true } });
    if (found.length !== locationIds.length) throw new DomainError("NOT_FOUND", "Location not found.");
    for (const l of found) ownedLocations.set(l.id, shopId);
  }
  if (componentIds.length) {
    const found = await tx.component.findMany({ where: { shopId, id: { in: componentIds } }, select: { id: true } });
    if (found.length !== componentIds.length) throw new DomainError("NOT_FOUND", "Component not found.");
    for (const c of found) ownedComponents.set(c.id, shopId);
  }
}

/** On-hand per component at a location, from the cached balances. */
export async function getBalances(db: DbTx, shopId: string, locationId: string): Promise<Map<string, number>> {
  const rows = await db.stockBalance.findMany({ where: { shopId, locationId }, select: { componentId: true, onHand: true } });
  return new Map(rows.map((r) => [r.componentId, r.onHand]));
}

/**
 * Pairs whose cached balance differs from the ledger sum (should always be empty). Grouping is
 * done in SQL so this stays cheap on a large ledger.
 */
export async function findBalanceDrift(db: DbTx, shopId: string) {
  const sums = await db.stockMovement.groupBy({
    by: ["locationId", "componentId"],
    where: { shopId },
    _sum: { quantity: true },
  });
  const balances = await db.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } });
  const ledger = new Map(sums.map((s) => [`${s.locationId}:${s.componentId}`, s._sum.quantity ?? 0]));
  const drift: { locationId: string; componentId: string; ledger: number; cached: number }[] = [];
  const seen = new Set<string>();
  for (const b of balances) {
    const key = `${b.locationId}:${b.componentId}`;
    seen.add(key);
    const sum = ledger.get(key) ?? 0;
    if (sum !== b.onHand) drift.push({ locationId: b.locationId, componentId: b.componentId, ledger: sum, cached: b.onHand });
  }
  for (const [key, sum] of ledger) {
    if (seen.has(key) || sum === 0) continue;
    const [locationId = "", componentId = ""] = key.split(":");
    drift.push({ locationId, componentId, ledger: sum, cached: 0 });
  }
  return drift;
}
