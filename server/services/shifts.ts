import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import type { Role } from "../domain/roles";
import { isValidTime } from "../domain/shift-time";

/**
 * Who is asking: owners and managers reach every location of their shop; staff only the ones
 * they are assigned to, and a staff member with no assignment reaches none.
 */
export type Actor = { shopId: string; userId: string; role: Role; assignedLocationIds: readonly string[] };

/**
 * Stands in for "no location" in the request context of a staff member nobody has assigned yet.
 * Older checks elsewhere read an empty list as "every location"; a list holding only an id that
 * matches no row makes each of them refuse instead (fail closed), without touching them.
 */
export const NO_ASSIGNED_LOCATION = "no-assigned-location";

/** The location ids a request context carries: staff get their assignments (never empty), others none. */
export function locationScopeOf(role: Role, assignedIds: readonly string[]): string[] {
  if (role !== "STAFF") return [];
  return assignedIds.length > 0 ? [...assignedIds] : [NO_ASSIGNED_LOCATION];
}

export function canSeeLocation(actor: Actor, locationId: string): boolean {
  return actor.role !== "STAFF" || actor.assignedLocationIds.includes(locationId);
}

/** Prisma filter on a location id for what the actor may see (undefined: no restriction). */
export function visibleLocationIds(actor: Actor): { in: string[] } | undefined {
  return actor.role === "STAFF" ? { in: [...actor.assignedLocationIds] } : undefined;
}

/** Locations the actor may read and write notes for, in a stable order. */
export async function listActorLocations(db: DbTx, actor: Actor) {
  const ids = visibleLocationIds(actor);
  return db.location.findMany({
    where: { shopId: actor.shopId, active: true, ...(ids ? { id: ids } : {}) },
    select: { id: true, code: true, name: true, kind: true },
    orderBy: { createdAt: "asc" },
  });
}

/**
 * Loads a location of the actor's shop they may work at. Another shop's id and a location a
 * staff member is not assigned to both read as "not found", so ids reveal nothing.
 */
export async function requireActorLocation(db: DbTx, actor: Actor, locationId: string) {
  const location = await db.location.findFirst({
    where: { id: locationId, shopId: actor.shopId },
    select: { id: true, code: true, name: true },
  });
  if (!location || !canSeeLocation(actor, location.id)) throw new DomainError("NOT_FOUND", "Location not found.");
  return location;
}

export async function listShifts(db: DbTx, actor: Actor, locationId: string) {
  await requireActorLocation(db, actor, locationId);
  return db.shift.findMany({
    where: { shopId: actor.shopId, locationId, active: true },
    select: { id: true, name: true, startTime: true, endTime: true },
    orderBy: { startTime: "asc" },
  });
}

export type ShiftInput = { locationId: string; name: string; startTime: string; endTime: string };

function validateShift(input: ShiftInput) {
  const fields: Record<string, string> = {};
  if (!input.name.trim()) fields.name = "Name the shift, e.g. Morning.";
  if (!isValidTime(input.startTime)) fields.startTime = "Use 24-hour HH:MM, e.g. 06:00.";
  if (!isValidTime(input.endTime)) fields.endTime = "Use 24-hour HH:MM, e.g. 14:00.";
  if (!fields.startTime && !fields.endTime && input.startTime === input.endTime) fields.endTime = "A shift must end at another time than it starts.";
  if (Object.keys(fields).length) throw invalidFields("Check the shift.", fields);
}

/** Managers define the shifts of a location; a shift ending before it starts runs past midnight. */
export async function createShift(db: DbTx, actor: Actor, input: ShiftInput) {
  validateShift(input);
  await requireActorLocation(db, actor, input.locationId);
  const clash = await db.shift.findFirst({
    where: { shopId: actor.shopId, locationId: input.locationId, active: true, name: input.name.trim() },
    select: { id: true },
  });
  if (clash) throw invalidFields("Name taken", { name: "This location already has a shift with that name." });
  return db.shift.create({
    data: { shopId: actor.shopId, locationId: input.locationId, name: input.name.trim(), startTime: input.startTime, endTime: input.endTime },
    select: { id: true, name: true, startTime: true, endTime: true },
  });
}

export async function updateShift(db: DbTx, actor: Actor, shiftId: string, input: Omit<ShiftInput, "locationId">) {
  const shift = await db.shift.findFirst({ where: { id: shiftId, shopId: actor.shopId, active: true }, select: { id: true, locationId: true } });
  if (!shift || !canSeeLocation(actor, shift.locationId)) throw new DomainError("NOT_FOUND", "Shift not found.");
  validateShift({ ...input, locationId: shift.locationId });
  const clash = await db.shift.findFirst({
    where: { shopId: actor.shopId, locationId: shift.locationId, active: true, name: input.name.trim(), id: { not: shift.id } },
    select: { id: true },
  });
  if (clash) throw invalidFields("Name taken", { name: "This location already has a shift with that name." });
  return db.shift.update({
    where: { id: shift.id },
    data: { name: input.name.trim(), startTime: input.startTime, endTime: input.endTime },
    select: { id: true, name: true, startTime: true, endTime: true },
  });
}

/** Retires a shift; its notes stay (their shift link is kept for history). */
export async function archiveShift(db: DbTx, actor: Actor, shiftId: string) {
  const { count } = await db.shift.updateMany({ where: { id: shiftId, shopId: actor.shopId, active: true }, data: { active: false } });
  if (count === 0) throw new DomainError("NOT_FOUND", "Shift not found.");
  return { id: shiftId };
}
