import { z } from "zod";
import { DomainError } from "./errors";
import { MAX_QUANTITY } from "./catalog";

/**
 * Quantities and balances are stored as 32-bit integers: every movement and every resulting
 * on-hand must stay within ±LEDGER_LIMIT, or the write is refused (422) instead of failing in the
 * database.
 */
export const LEDGER_LIMIT = 2_147_483_647;

export function isStorableQuantity(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= LEDGER_LIMIT;
}

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

/** Refuses a single movement the ledger cannot store; `what` names the pair ("DOUGH at main"). */
export function assertStorableMovement(quantity: number, what: string): void {
  if (!isStorableQuantity(quantity)) {
    throw new DomainError("UNPROCESSABLE", `A movement of ${quantity} for ${what} is more than the ledger holds (±${LEDGER_LIMIT}).`, {
      limit: LEDGER_LIMIT,
    });
  }
}

/** The on-hand after `delta`, refusing one the ledger cannot store. */
export function nextBalance(before: number, delta: number, what: string): number {
  const after = before + delta;
  if (!isStorableQuantity(after)) {
    throw new DomainError(
      "UNPROCESSABLE",
      `On-hand of ${what} would become ${after}, outside what the ledger holds (±${LEDGER_LIMIT}); nothing was recorded.`,
      { limit: LEDGER_LIMIT, before, delta },
    );
  }
  return after;
}

// ───────────────────────── POST /api/v1/locations/{code}/movements ─────────────────────────

export const apiMovementsSchema = z.object({
  movements: z
    .array(
      z.object({
        type: z.enum(["receipt", "waste", "count"], { error: "type must be receipt, waste or count" }),
        component: z.string({ error: "component is required" }).min(1, "component is required").max(64, "component is at most 64 characters"),
        quantity: z
          .number({ error: "quantity must be a whole number" })
          .int("quantity must be a whole number")
          .min(0, "quantity cannot be negative")
          .max(MAX_QUANTITY, `quantity is at most ${MAX_QUANTITY}`),
        reason: z.string().max(200, "reason is at most 200 characters").optional(),
      }),
      { error: "movements must be a list" },
    )
    .min(1, "Send at least one movement")
    .max(1000, "At most 1000 movements per request"),
});
export type ApiMovements = z.output<typeof apiMovementsSchema>;

/** Parses a movements body; a bad entry is a 422 naming it (`movements[3]`). */
export function parseApiMovements(raw: unknown): ApiMovements {
  const parsed = apiMovementsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [, index] = issue?.path ?? [];
  const entry = typeof index === "number" ? `movements[${index}]` : "body";
  throw new DomainError("UNPROCESSABLE", `${entry}: ${issue?.message ?? "invalid"}`, {
    entry,
    issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}
