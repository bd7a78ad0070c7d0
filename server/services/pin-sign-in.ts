import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { isRole } from "../domain/roles";
import { assertPinAllowed, mayUsePin } from "../domain/pin-policy";
import { DUMMY_HASH, hashSecret, verifySecret } from "../auth/password";
import { checkSignInThrottle, clearSignInFailures, recordSignInFailure } from "./auth-throttle";
import type { SessionUser } from "./sign-in";

/**
 * Quick sign-in on a shared counter tablet: the tablet knows its shop and location, a staff member
 * taps their name and types a PIN. It never works for owners or managers (their accounts keep the
 * full password), only at a location the person is assigned to, and it is throttled per person
 * and per tablet address like password sign-in.
 */
export async function signInWithPin(
  db: DbTx,
  input: { shopSlug: string; locationCode: string; membershipId: string; pin: string; ip: string; maxFailures: number },
): Promise<SessionUser> {
  const memberKey = `pin:member:${input.membershipId}`;
  const ipKey = `pin:ip:${input.ip}`;
  const wait = await checkSignInThrottle(db, [memberKey, ipKey]);
  if (wait > 0) {
    throw new DomainError("RATE_LIMITED", `Too many PIN attempts. Try again in ${Math.ceil(wait / 60)} min.`, { retryAfterSeconds: wait });
  }
  const membership = await db.membership.findFirst({
    where: { id: input.membershipId, shop: { slug: input.shopSlug } },
    select: {
      role: true,
      pinHash: true,
      shopId: true,
      shop: { select: { name: true } },
      user: { select: { id: true, email: true, name: true } },
      locations: { select: { location: { select: { code: true } } } },
    },
  });
  const location = membership
    ? await db.location.findFirst({ where: { shopId: membership.shopId, code: input.locationCode, active: true }, select: { id: true } })
    : null;
  // Always pay for one scrypt so a refused account costs the same time as a wrong PIN.
  const ok = await verifySecret(input.pin, membership?.pinHash ?? DUMMY_HASH);
  const assigned = membership ? membership.locations.length === 0 || membership.locations.some((l) => l.location.code === input.locationCode) : false;
  if (!membership || !ok || !membership.pinHash || !location || !assigned || !isRole(membership.role) || !mayUsePin(membership.role)) {
    await recordSignInFailure(db, [
      { key: memberKey, max: input.maxFailures },
      { key: ipKey, max: input.maxFailures * 4 },
    ]);
    throw new DomainError("UNAUTHORIZED", "That PIN is not right for this tablet.");
  }
  await clearSignInFailures(db, memberKey);
  return {
    id: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    shopId: membership.shopId,
    shopName: membership.shop.name,
    role: membership.role,
  };
}

/** Staff who can sign in on the tablet of a location: first names only, no emails. */
export async function listTabletStaff(db: DbTx, input: { shopSlug: string; locationCode: string }) {
  const location = await db.location.findFirst({
    where: { code: input.locationCode, active: true, shop: { slug: input.shopSlug } },
    select: { id: true, name: true, shopId: true, shop: { select: { name: true } } },
  });
  if (!location) return null;
  const members = await db.membership.findMany({
    where: {
      shopId: location.shopId,
      role: "STAFF",
      pinHash: { not: null },
      OR: [{ locations: { none: {} } }, { locations: { some: { locationId: location.id } } }],
    },
    select: { id: true, user: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    shopName: location.shop.name,
    locationName: location.name,
    people: members.map((m) => ({ membershipId: m.id, name: m.user.name.split(/\s+/)[0] ?? m.user.name, initial: m.user.name.split(/\s+/)[1]?.[0] ?? "" })),
  };
}

/** A staff member sets their own PIN. */
export async function setOwnPin(db: DbTx, input: { shopId: string; membershipId: string; pin: string }) {
  const membership = await db.membership.findFirst({ where: { id: input.membershipId, shopId: input.shopId }, select: { role: true } });
  if (!membership) throw new DomainError("NOT_FOUND", "Membership not found.");
  if (!mayUsePin(membership.role)) throw new DomainError("FORBIDDEN", "Owners and managers sign in with their password; PINs are for staff.");
  assertPinAllowed(input.pin);
  await db.membership.update({ where: { id: input.membershipId }, data: { pinHash: await hashSecret(input.pin) } });
  return { hasPin: true };
}

/** The owner sets or clears a staff member's PIN. */
export async function setMemberPin(db: DbTx, input: { shopId: string; membershipId: string; pin: string | null }) {
  const membership = await db.membership.findFirst({ where: { id: input.membershipId, shopId: input.shopId }, select: { role: true } });
  if (!membership) throw new DomainError("NOT_FOUND", "Member not found.");
  if (input.pin !== null) {
    if (!mayUsePin(membership.role)) throw new DomainError("UNPROCESSABLE", "Only staff members can have a tablet PIN.", { fields: { pin: "Only staff members can have a tablet PIN." } });
    assertPinAllowed(input.pin);
  }
  await db.membership.update({ where: { id: input.membershipId }, data: { pinHash: input.pin === null ? null : await hashSecret(input.pin) } });
  return { hasPin: input.pin !== null };
}

export async function getOwnPinState(db: DbTx, input: { shopId: string; membershipId: string }) {
  const m = await db.membership.findFirst({
    where: { id: input.membershipId, shopId: input.shopId },
    select: { role: true, pinHash: true, shop: { select: { slug: true } } },
  });
  if (!m) throw new DomainError("NOT_FOUND", "Membership not found.");
  return { canUsePin: mayUsePin(m.role), hasPin: !!m.pinHash, shopSlug: m.shop.slug };
}
