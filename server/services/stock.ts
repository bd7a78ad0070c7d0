import { randomUUID } from "node:crypto";
import type { Db, DbTx } from "../db";
import { isValidCode } from "../domain/catalog";
import { DomainError, invalidFields } from "../domain/errors";
import { assertStorableMovement, countAdjustment, isStorableQuantity, nextBalance, parseApiMovements, signedDelta, type MovementType } from "../domain/ledger";
import { settlePendingInbox } from "./ingest";
import { appendMovements, type BalanceChange } from "./ledger";

/**
 * Stock use-cases on top of the ledger: receipts, waste, counts, transfers, and the reads behind
 * the stock pages and `/api/v1/locations/{code}/…`. Every write goes through appendMovements in one
 * transaction, so a batch is all-or-nothing and the cached balance always equals the ledger sum.
 */

export type StockAction = "receipt" | "waste" | "count";
export type StockActionInput = {
  type: StockAction;
  componentId: string;
  /** Receipt/waste: a positive amount; count: the counted on-hand. */
  quantity: number;
  reason?: string | null;
};

export const WASTE_REASONS = ["expired", "damaged", "dropped", "quality", "overproduction", "other"] as const;

/** Who acts, and where they may act (STAFF may be limited to assigned locations; empty = all). */
export type Actor = { userId?: string | null; allowedLocationIds?: readonly string[] };

export async function findLocation(db: DbTx, shopId: string, locationId: string, actor?: Actor) {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true, code: true, name: true } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  assertLocationAllowed(location.id, actor);
  return location;
}

export async function findLocationByCode(db: DbTx, shopId: string, code: string) {
  // A code that cannot exist is the caller's mistake (400), not a missing location (404).
  if (!isValidCode(code)) {
    throw new DomainError("BAD_REQUEST", "Location code must be 1-64 letters, digits, dots, dashes or underscores.", { location: code.slice(0, 100) });
  }
  const location = await db.location.findFirst({ where: { shopId, code }, select: { id: true, code: true, name: true } });
  if (!location) throw new DomainError("NOT_FOUND", `Location ${code} not found.`);
  return location;
}

function assertLocationAllowed(locationId: string, actor?: Actor) {
  const allowed = actor?.allowedLocationIds;
  if (allowed && allowed.length > 0 && !allowed.includes(locationId)) {
    throw new DomainError("FORBIDDEN", "You are not assigned to this location.");
  }
}

export type MovementResult = { componentId: string; type: MovementType; delta: number; before: number; onHand: number; countId?: string };

/**
 * Applies receipts, waste and counts at one location in order, in one transaction. A count sets
 * on-hand to the counted quantity through a COUNT_ADJUSTMENT (and a StockCount row), taking
 * earlier movements of the same batch into account. `label(i)` names an entry in errors.
 */
export async function applyStockActions(
  db: Db,
  shopId: string,
  locationId: string,
  actions: StockActionInput[],
  actor: Actor = {},
  label: (index: number) => string = (i) => `movements[${i}]`,
): Promise<MovementResult[]> {
  if (actions.length === 0) throw new DomainError("UNPROCESSABLE", "Send at least one movement.");
  return db.$transaction((tx) => appendStockActions(tx, shopId, locationId, actions, actor, label));
}

/** applyStockActions inside the caller's transaction (so a multi-location import stays atomic). */
export async function appendStockActions(
  tx: DbTx,
  shopId: string,
  locationId: string,
  actions: StockActionInput[],
  actor: Actor = {},
  label: (index: number) => string = (i) => `movements[${i}]`,
): Promise<MovementResult[]> {
  const location = await findLocation(tx, shopId, locationId, actor);
  const componentIds = [...new Set(actions.map((a) => a.componentId))];
  const components = await tx.component.findMany({ where: { shopId, id: { in: componentIds } }, select: { id: true, code: true } });
  const codeOf = new Map(components.map((c) => [c.id, c.code]));
  // An id that is not this shop's reads as not found, exactly like one that does not exist.
  if (codeOf.size !== componentIds.length) throw new DomainError("NOT_FOUND", "Component not found.");
  const balances = new Map(
    (await tx.stockBalance.findMany({ where: { locationId, componentId: { in: componentIds } }, select: { componentId: true, onHand: true } })).map(
      (b) => [b.componentId, b.onHand],
    ),
  );
  const results: MovementResult[] = [];
  const movements: Parameters<typeof appendMovements>[2] = [];
  const now = new Date();
  for (const [i, action] of actions.entries()) {
    const fail = (message: string) => new DomainError("UNPROCESSABLE", `${label(i)}: ${message}`, { index: i, entry: label(i) });
    const before = balances.get(action.componentId) ?? 0;
    const reason = action.reason?.trim() || null;
    let type: MovementType;
    let delta: number;
    let countId: string | undefined;
    const what = `${codeOf.get(action.componentId) ?? "component"} at ${location.code}`;
    try {
      if (!isStorableQuantity(action.quantity)) throw new DomainError("UNPROCESSABLE", `Quantity ${action.quantity} is more than the ledger holds`);
      if (action.type === "count") {
        type = "COUNT_ADJUSTMENT";
        delta = countAdjustment(before, action.quantity);
        countId = (
          await tx.stockCount.create({
            data: { shopId, locationId, componentId: action.componentId, counted: action.quantity, expected: before, userId: actor.userId ?? null, countedAt: now },
            select: { id: true },
          })
        ).id;
      } else {
        type = action.type === "receipt" ? "RECEIPT" : "WASTE";
        if (action.quantity === 0) throw new DomainError("UNPROCESSABLE", "Quantity must be at least 1.");
        delta = signedDelta(type, action.quantity);
      }
      assertStorableMovement(delta, what);
      nextBalance(before, delta, what);
    } catch (error) {
      if (error instanceof DomainError) throw fail(error.message.replace(/\.$/, ""));
      throw error;
    }
    if (delta !== 0) {
      movements.push({
        locationId,
        componentId: action.componentId,
        type,
        quantity: delta,
        reason: reason ?? (type === "COUNT_ADJUSTMENT" ? `Count: ${action.quantity} (expected ${before})` : type === "WASTE" ? "unspecified" : null),
        countId: countId ?? null,
        userId: actor.userId ?? null,
        occurredAt: now,
      });
    }
    balances.set(action.componentId, before + delta);
    results.push({ componentId: action.componentId, type, delta, before, onHand: before + delta, ...(countId ? { countId } : {}) });
  }
  await appendMovements(tx, shopId, movements);
  return results;
}

/**
 * `POST /api/v1/locations/{code}/movements` inside the caller's transaction: receipts, waste and
 * counts by component code, all or nothing. An unknown code is a 422 naming the movement.
 */
export async function recordLocationMovements(tx: DbTx, shopId: string, locationCode: string, body: unknown) {
  const location = await findLocationByCode(tx, shopId, locationCode);
  const { movements } = parseApiMovements(body);
  const codes = [...new Set(movements.map((m) => m.component))];
  const components = await tx.component.findMany({ where: { shopId, code: { in: codes } }, select: { id: true, code: true } });
  const idOf = new Map(components.map((c) => [c.code, c.id]));
  const unknown = movements.findIndex((m) => !idOf.has(m.component));
  if (unknown >= 0) {
    const entry = `movements[${unknown}]`;
    const code = movements[unknown]?.component ?? "";
    throw new DomainError("UNPROCESSABLE", `${entry}: unknown component ${code}`, { entry, component: code });
  }
  const results = await appendStockActions(
    tx,
    shopId,
    location.id,
    movements.map((m) => ({ type: m.type, componentId: idOf.get(m.component) ?? "", quantity: m.quantity, reason: m.reason ?? null })),
  );
  return {
    location: location.code,
    movements: results.map((r, i) => ({ type: movements[i]?.type, component: movements[i]?.component, delta: r.delta, onHand: r.onHand })),
  };
}

/** Moves stock between two locations as one atomic TRANSFER_OUT / TRANSFER_IN pair. */
export async function transferStock(
  db: Db,
  shopId: string,
  input: { fromLocationId: string; toLocationId: string; componentId: string; quantity: number; reason?: string | null },
  actor: Actor = {},
): Promise<{ transferId: string; changes: BalanceChange[] }> {
  if (input.fromLocationId === input.toLocationId) throw invalidFields("Pick two different locations", { toLocationId: "Pick a different location than the source." });
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1) throw invalidFields("Quantity must be at least 1", { quantity: "Enter a whole number of at least 1." });
  return db.$transaction(async (tx) => {
    await findLocation(tx, shopId, input.fromLocationId, actor);
    await findLocation(tx, shopId, input.toLocationId, actor);
    const component = await tx.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true } });
    if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
    const transferId = randomUUID();
    const common = { componentId: component.id, transferId, reason: input.reason?.trim() || null, userId: actor.userId ?? null, occurredAt: new Date() };
    const changes = await appendMovements(tx, shopId, [
      { ...common, locationId: input.fromLocationId, type: "TRANSFER_OUT", quantity: signedDelta("TRANSFER_OUT", input.quantity) },
      { ...common, locationId: input.toLocationId, type: "TRANSFER_IN", quantity: signedDelta("TRANSFER_IN", input.quantity) },
    ]);
    return { transferId, changes };
  });
}

// ───────────────────────── reads ─────────────────────────

export type StockRow = {
  locationId: string;
  componentId: string;
  code: string;
  name: string;
  unit: string;
  costPerUnitMilli: number;
  supplier: string | null;
  active: boolean;
  onHand: number;
  /** On-hand value in thousandths of a minor unit (exact); negative stock has no value. */
  valueMilli: number;
  negative: boolean;
  lastCountedAt: Date | null;
};

/** Every component at every requested location (zero when it never moved there). */
export async function listStock(db: DbTx, shopId: string, options: { locationIds?: string[]; includeInactive?: boolean } = {}): Promise<StockRow[]> {
  const locations = await db.location.findMany({
    where: { shopId, ...(options.locationIds ? { id: { in: options.locationIds } } : {}) },
    select: { id: true },
    orderBy: { code: "asc" },
  });
  const locationIds = locations.map((l) => l.id);
  const [components, balances, counts] = await Promise.all([
    db.component.findMany({
      where: { shopId, ...(options.includeInactive ? {} : { active: true }) },
      select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true, active: true, supplier: { select: { name: true } } },
      orderBy: { code: "asc" },
    }),
    db.stockBalance.findMany({ where: { shopId, locationId: { in: locationIds } }, select: { locationId: true, componentId: true, onHand: true } }),
    db.stockCount.groupBy({ by: ["locationId", "componentId"], where: { shopId, locationId: { in: locationIds } }, _max: { countedAt: true } }),
  ]);
  const onHand = new Map(balances.map((b) => [`${b.locationId}:${b.componentId}`, b.onHand]));
  const counted = new Map(counts.map((c) => [`${c.locationId}:${c.componentId}`, c._max.countedAt]));
  return locationIds.flatMap((locationId) =>
    components.map((c) => {
      const qty = onHand.get(`${locationId}:${c.id}`) ?? 0;
      return {
        locationId,
        componentId: c.id,
        code: c.code,
        name: c.name,
        unit: c.unit,
        costPerUnitMilli: c.costPerUnitMilli,
        supplier: c.supplier?.name ?? null,
        active: c.active,
        onHand: qty,
        valueMilli: Math.max(0, qty) * c.costPerUnitMilli,
        negative: qty < 0,
        lastCountedAt: counted.get(`${locationId}:${c.id}`) ?? null,
      };
    }),
  );
}

/** The stock table: every location, or one (NOT_FOUND when it is not this shop's, never an empty list). */
export async function listStockLevels(db: DbTx, shopId: string, options: { locationId?: string; includeInactive?: boolean }): Promise<StockRow[]> {
  if (options.locationId) await findLocation(db, shopId, options.locationId);
  return listStock(db, shopId, {
    ...(options.locationId ? { locationIds: [options.locationId] } : {}),
    includeInactive: options.includeInactive ?? false,
  });
}

/** Stock at one location in the API contract's shape. */
/**
 * GET /api/v1/locations/{code}/stock: POS deliveries already answered 2xx are processed first
 * (bounded), so a tool that posts an order and then reads stock sees its consumption.
 */
export async function readLocationStockFeed(db: Db, shopId: string, code: string) {
  await settlePendingInbox(db, shopId);
  return getLocationStock(db, shopId, code);
}

export async function getLocationStock(db: DbTx, shopId: string, code: string) {
  const location = await findLocationByCode(db, shopId, code);
  const rows = await listStock(db, shopId, { locationIds: [location.id], includeInactive: true });
  return { location: location.code, components: rows.map((r) => ({ code: r.code, name: r.name, unit: r.unit, onHand: r.onHand })) };
}

/** Movement history of a component (optionally at one location), newest first, with who/when/why. */
export async function listMovements(
  db: DbTx,
  shopId: string,
  input: { componentId: string; locationId?: string; cursor?: string; limit?: number; allowedLocationIds?: readonly string[] },
) {
  const component = await db.component.findFirst({
    where: { id: input.componentId, shopId },
    select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true },
  });
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  if (input.locationId) {
    const location = await db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } });
    if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  }
  const limit = Math.min(input.limit ?? 50, 200);
  const allowed = input.allowedLocationIds?.length ? input.allowedLocationIds : undefined;
  const rows = await db.stockMovement.findMany({
    where: {
      shopId,
      componentId: component.id,
      ...(input.locationId ? { locationId: input.locationId } : allowed ? { locationId: { in: [...allowed] } } : {}),
    },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      type: true,
      quantity: true,
      reason: true,
      orderId: true,
      transferId: true,
      countId: true,
      resupplyId: true,
      userId: true,
      occurredAt: true,
      location: { select: { id: true, code: true, name: true } },
    },
  });
  const page = rows.slice(0, limit);
  const userIds = [...new Set(page.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds }, memberships: { some: { shopId } } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    component,
    movements: page.map((r) => ({
      ...r,
      who: r.userId ? (names.get(r.userId) ?? "Former member") : r.orderId ? "POS order" : r.resupplyId ? "Resupply" : "System",
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
