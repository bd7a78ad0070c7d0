import { DomainError } from "./errors";

export const MOVEMENT_TYPES = [
  "SALE",
  "REFUND_RESTOCK",
  "RECEIPT",
  "WASTE",
  "COUNT_ADJUSTMENT",
  "TRANSFER_OUT",
  "TRANSFER_IN",
  "RECONCILIATION",
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** Movements whose sign is fixed by their type; the others carry a signed delta. */
const DIRECTION: Partial<Record<MovementType, 1 | -1>> = {
  SALE: -1,
  REFUND_RESTOCK: 1,
  RECEIPT: 1,
  WASTE: -1,
  TRANSFER_OUT: -1,
  TRANSFER_IN: 1,
};

/**
 * The ledger delta of a movement given as a positive amount (a receipt of 500 g is +500, waste of
 * 30 g is −30). Adjustments take a signed delta as they are.
 */
export function signedDelta(type: MovementType, quantity: number): number {
  if (!Number.isSafeInteger(quantity)) throw new DomainError("UNPROCESSABLE", "Quantity must be a whole number.");
  const direction = DIRECTION[type];
  if (direction === undefined) return quantity;
  if (quantity < 0) throw new DomainError("UNPROCESSABLE", `A ${type.toLowerCase().replace("_", " ")} quantity cannot be negative.`);
  return direction * quantity;
}

/** The adjustment that makes the ledger equal a physical count. */
export function countAdjustment(onHand: number, counted: number): number {
  if (!Number.isSafeInteger(counted) || counted < 0) {
    throw new DomainError("UNPROCESSABLE", "A count must be a whole number of zero or more.");
  }
  return counted - onHand;
}

export type BalanceKey = `${string}:${string}`;
export function balanceKey(locationId: string, componentId: string): BalanceKey {
  return `${locationId}:${componentId}`;
}

/** Sums deltas per location+component; zero sums are kept so callers see every touched pair. */
export function sumDeltas(
  movements: readonly { locationId: string; componentId: string; quantity: number }[],
): Map<BalanceKey, { locationId: string; componentId: string; delta: number }> {
  const out = new Map<BalanceKey, { locationId: string; componentId: string; delta: number }>();
  for (const m of movements) {
    const key = balanceKey(m.locationId, m.componentId);
    const entry = out.get(key) ?? { locationId: m.locationId, componentId: m.componentId, delta: 0 };
    entry.delta += m.quantity;
    out.set(key, entry);
  }
  return out;
}
