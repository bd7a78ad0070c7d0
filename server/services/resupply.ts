import type { Db, DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { openLineKey } from "../domain/resupply";
import { enqueueEvent } from "./outbox";

export type RaisedLine = { created: boolean; suggestionId: string; lineId: string; quantity: number };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * Adds one open line to the DRAFT suggestion of its supplier and window (creating that suggestion
 * if needed). The line's openKey is unique while it is open, so a second raise for the same
 * component and location fails here instead of duplicating: callers treat that as "already raised".
 */
export async function insertSuggestionLine(
  tx: DbTx,
  shopId: string,
  input: {
    locationId: string;
    componentId: string;
    supplierId: string | null;
    windowAt: Date;
    quantity: number;
    reason: string;
    projectedStockoutAt: Date | null;
  },
): Promise<{ suggestionId: string; lineId: string }> {
  const existing = await tx.resupplySuggestion.findFirst({
    where: { shopId, locationId: input.locationId, supplierId: input.supplierId, windowAt: input.windowAt, status: "DRAFT" },
    select: { id: true },
  });
  const suggestion =
    existing ??
    (await tx.resupplySuggestion.create({
      data: { shopId, locationId: input.locationId, supplierId: input.supplierId, windowAt: input.windowAt },
      select: { id: true },
    }));
  const line = await tx.resupplyLine.create({
    data: {
      suggestionId: suggestion.id,
      componentId: input.componentId,
      quantity: input.quantity,
      reason: input.reason,
      projectedStockoutAt: input.projectedStockoutAt,
      openKey: openLineKey(input.locationId, input.componentId),
    },
    select: { id: true },
  });
  return { suggestionId: suggestion.id, lineId: line.id };
}

/** The open line of a component at a location, if any. */
export function findOpenLine(db: DbTx, locationId: string, componentId: string) {
  return db.resupplyLine.findUnique({
    where: { openKey: openLineKey(locationId, componentId) },
    select: { id: true, quantity: true, suggestionId: true, suggestion: { select: { status: true, shopId: true } } },
  });
}

/**
 * Raises a resupply line by hand (or from another feature: a drop that needs more dough, a shift
 * note). If the component already has an open line at the location, no second one is made: a
 * draft line is raised to the larger quantity, a sent one is left as ordered.
 */
export async function raiseManualSuggestion(
  db: Db,
  shopId: string,
  input: { locationId: string; componentId: string; quantity: number; neededBy: Date; reason: string },
): Promise<RaisedLine> {
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0) {
    throw invalidFields("Check the quantity.", { quantity: "Use a whole number above zero." });
  }
  if (Number.isNaN(input.neededBy.getTime())) throw invalidFields("Check the date.", { neededBy: "Pick a valid date and time." });
  const reason = input.reason.trim() || "Raised by hand.";
  const [location, component] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true, code: true } }),
    db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true, code: true, unit: true, supplierId: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  const rule = await db.resupplyRule.findUnique({
    where: { locationId_componentId: { locationId: location.id, componentId: component.id } },
    select: { supplierId: true },
  });
  const supplierId = rule?.supplierId ?? component.supplierId ?? null;
  try {
    return await db.$transaction(async (tx) => {
      const raised = await insertSuggestionLine(tx, shopId, {
        locationId: location.id,
        componentId: component.id,
        supplierId,
        windowAt: input.neededBy,
        quantity: input.quantity,
        reason: reason.slice(0, 500),
        projectedStockoutAt: null,
      });
      await enqueueEvent(tx, shopId, "resupply.suggested", {
        suggestionId: raised.suggestionId,
        location: location.code,
        component: component.code,
        quantity: input.quantity,
        unit: component.unit,
        neededBy: input.neededBy.toISOString(),
        reason,
        manual: true,
      });
      return { created: true, ...raised, quantity: input.quantity };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const open = await findOpenLine(db, location.id, component.id);
  if (!open || open.suggestion.shopId !== shopId) throw new DomainError("CONFLICT", "This component is being resupplied right now; try again.");
  if (open.suggestion.status === "DRAFT" && open.quantity < input.quantity) {
    await db.resupplyLine.update({ where: { id: open.id }, data: { quantity: input.quantity } });
    return { created: false, suggestionId: open.suggestionId, lineId: open.id, quantity: input.quantity };
  }
  return { created: false, suggestionId: open.suggestionId, lineId: open.id, quantity: open.quantity };
}
