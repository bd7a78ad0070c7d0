import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { isRole, type Role } from "../domain/roles";
import { generateTemporaryPassword } from "../domain/secrets";
import { hashSecret } from "../auth/password";

const memberFields = {
  id: true,
  role: true,
  createdAt: true,
  pinHash: true,
  user: { select: { id: true, email: true, name: true } },
  locations: { select: { location: { select: { id: true, code: true, name: true } } } },
} as const;

export async function listMembers(db: DbTx, shopId: string) {
  const rows = await db.membership.findMany({ where: { shopId }, select: memberFields, orderBy: { createdAt: "asc" } });
  return rows.map(({ pinHash, locations, ...m }) => ({ ...m, hasPin: !!pinHash, locations: locations.map((l) => l.location) }));
}

/**
 * Adds a person to the shop. A new user gets a temporary password (returned once); an existing
 * user (member of another shop) keeps their password and gains this membership.
 */
export async function inviteMember(
  db: DbTx,
  shopId: string,
  input: { email: string; name: string; role: Role; password?: string; locationIds?: string[] },
) {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, memberships: { where: { shopId }, select: { id: true } } } });
  if (existing?.memberships.length) throw invalidFields("Already a member", { email: "This person is already a member of the shop." });
  const locationIds = [...new Set(input.locationIds ?? [])];
  if (locationIds.length && (await db.location.count({ where: { shopId, id: { in: locationIds } } })) !== locationIds.length) {
    throw invalidFields("Unknown location", { locationIds: "Pick locations of this shop." });
  }
  let temporaryPassword: string | null = null;
  let userId = existing?.id;
  if (!userId) {
    const password = input.password ?? (temporaryPassword = generateTemporaryPassword());
    const user = await db.user.create({ data: { email, name: input.name.trim(), passwordHash: await hashSecret(password) } });
    userId = user.id;
  }
  const membership = await db.membership.create({
    data: { userId, shopId, role: input.role, locations: { create: locationIds.map((locationId) => ({ locationId })) } },
    select: { id: true },
  });
  return { membershipId: membership.id, email, temporaryPassword };
}

async function findMembership(db: DbTx, shopId: string, membershipId: string) {
  const m = await db.membership.findFirst({ where: { id: membershipId, shopId }, select: { id: true, role: true, userId: true } });
  if (!m) throw new DomainError("NOT_FOUND", "Member not found.");
  return m;
}

async function assertNotLastOwner(db: DbTx, shopId: string, membership: { role: string }) {
  if (membership.role !== "OWNER") return;
  const owners = await db.membership.count({ where: { shopId, role: "OWNER" } });
  if (owners <= 1) throw new DomainError("CONFLICT", "A shop needs at least one owner.");
}

export async function changeMemberRole(db: DbTx, shopId: string, membershipId: string, role: Role) {
  const m = await findMembership(db, shopId, membershipId);
  if (m.role !== role && role !== "OWNER") await assertNotLastOwner(db, shopId, m);
  return db.membership.update({ where: { id: m.id }, data: { role }, select: { id: true, role: true } });
}

export async function removeMember(db: DbTx, shopId: string, membershipId: string, actingUserId: string) {
  const m = await findMembership(db, shopId, membershipId);
  if (m.userId === actingUserId) throw new DomainError("CONFLICT", "You cannot remove yourself.");
  await assertNotLastOwner(db, shopId, m);
  await db.membership.delete({ where: { id: m.id } });
  return { id: m.id };
}

/** Assigns a STAFF member to locations (empty = all). Location ids must belong to the shop. */
/** Sets the locations a member works at (staff see and act only there; empty = none for staff). */
export async function assignMemberLocations(db: DbTx, shopId: string, membershipId: string, locationIds: string[]) {
  const m = await findMembership(db, shopId, membershipId);
  const unique = [...new Set(locationIds)];
  const found = await db.location.count({ where: { shopId, id: { in: unique } } });
  if (found !== unique.length) throw new DomainError("NOT_FOUND", "Location not found.");
  // Only the difference is written, so an assignment that keeps a location is never briefly empty.
  await db.membershipLocation.deleteMany({ where: { membershipId: m.id, locationId: { notIn: unique } } });
  const existing = await db.membershipLocation.findMany({ where: { membershipId: m.id }, select: { locationId: true } });
  const have = new Set(existing.map((e) => e.locationId));
  const add = unique.filter((id) => !have.has(id));
  if (add.length) await db.membershipLocation.createMany({ data: add.map((locationId) => ({ membershipId: m.id, locationId })) });
  return { id: m.id, locationIds: unique };
}

// ───────────────────────── the signed-in user's own memberships ─────────────────────────

export type ShopChoice = { shopId: string; shopName: string; role: Role };

/** The shops a user belongs to (for the shop switcher), by name. */
export async function listUserShops(db: DbTx, userId: string): Promise<ShopChoice[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { shopId: true, role: true, shop: { select: { name: true } } },
    orderBy: { shop: { name: "asc" } },
  });
  return rows.flatMap((m) => (isRole(m.role) ? [{ shopId: m.shopId, shopName: m.shop.name, role: m.role }] : []));
}

/** The membership a session stands on, read live (role and shop name), or null when it ended. */
export async function findLiveMembership(db: DbTx, userId: string, shopId: string): Promise<ShopChoice | null> {
  const m = await db.membership.findUnique({
    where: { userId_shopId: { userId, shopId } },
    select: { shopId: true, role: true, shop: { select: { name: true } } },
  });
  return m && isRole(m.role) ? { shopId: m.shopId, shopName: m.shop.name, role: m.role } : null;
}

/**
 * Moves a signed-in user to another of their shops: refused (FORBIDDEN) without a membership
 * there. The shop becomes their most recently used, so their next sign-in lands in it.
 */
export async function switchShop(db: DbTx, userId: string, shopId: string): Promise<ShopChoice> {
  const membership = await findLiveMembership(db, userId, shopId);
  if (!membership) throw new DomainError("FORBIDDEN", "You are not a member of that shop.");
  await db.membership.update({ where: { userId_shopId: { userId, shopId } }, data: { lastActiveAt: new Date() } });
  return membership;
}
