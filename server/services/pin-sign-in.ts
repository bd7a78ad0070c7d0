import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { isRole } from "../domain/roles";
import { assertPinAllowed, isPinSessionOver, mayUsePin, pinLimits, recordPinFailure, type PinLimit } from "../domain/pin-policy";
import { DUMMY_HASH, hashSecret, verifySecret } from "../auth/password";
import { checkSignInThrottle } from "./auth-throttle";
import type { SessionUser } from "./sign-in";
import { findTabletDevice, isTabletDeviceActive, type RegisteredDevice } from "./tablet-devices";

/** What a PIN sign-in hands next-auth: the session user plus how and where they signed in. */
export type PinSessionUser = SessionUser & { authMethod: "pin"; tabletDeviceId: string };

function throttleKey(limit: PinLimit, ids: { membershipId: string; deviceId: string }) {
  return limit.scope === "device" ? `pin:device:${ids.deviceId}` : `pin:${limit.scope}:${ids.membershipId}`;
}

async function recordPinFailures(db: DbTx, limits: PinLimit[], ids: { membershipId: string; deviceId: string }, now: Date) {
  for (const limit of limits) {
    const key = throttleKey(limit, ids);
    const next = recordPinFailure(await db.authThrottle.findUnique({ where: { key } }), now, limit);
    await db.authThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
}

/** Lifts a person's PIN locks (a correct PIN, or a new PIN set by them or the owner). */
async function clearPersonLocks(db: DbTx, membershipId: string) {
  await db.authThrottle.deleteMany({ where: { key: { in: [`pin:person:${membershipId}`, `pin:person-day:${membershipId}`] } } });
}

/**
 * Quick sign-in on a registered counter tablet: a staff member taps their name and types a PIN.
 * The tablet's device token (its cookie) decides the shop and location; without a valid one
 * nothing is checked or counted, so nobody elsewhere can guess PINs or lock staff out. It never
 * works for owners or managers, only at a location the person is assigned to, and it is
 * throttled per person and per tablet (domain/pin-policy.ts#pinLimits).
 */
export async function signInWithPin(
  db: DbTx,
  input: { deviceToken: string | undefined | null; membershipId: string; pin: string; maxFailures: number },
  now = new Date(),
): Promise<PinSessionUser> {
  const device = await findTabletDevice(db, input.deviceToken, now);
  if (!device) throw new DomainError("UNAUTHORIZED", "This device is not a registered counter tablet.");
  return serialisePerDevice(device.id, () => checkPin(db, device, input, now));
}

// Attempts from one tablet run one after another, so parallel guesses cannot all pass the
// throttle check before the first failure is recorded (check → scrypt → record is not atomic).
// Per process: with several app instances each still needs the device's httpOnly cookie.
const deviceQueues = new Map<string, Promise<unknown>>();
function serialisePerDevice<T>(deviceId: string, run: () => Promise<T>): Promise<T> {
  const previous = deviceQueues.get(deviceId) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  deviceQueues.set(deviceId, settled);
  void settled.then(() => {
    if (deviceQueues.get(deviceId) === settled) deviceQueues.delete(deviceId);
  });
  return next;
}

async function checkPin(
  db: DbTx,
  device: RegisteredDevice,
  input: { membershipId: string; pin: string; maxFailures: number },
  now: Date,
): Promise<PinSessionUser> {
  const membership = await db.membership.findFirst({
    where: { id: input.membershipId, shopId: device.shopId },
    select: {
      id: true,
      role: true,
      pinHash: true,
      shopId: true,
      shop: { select: { name: true } },
      user: { select: { id: true, email: true, name: true } },
      locations: { where: { locationId: device.locationId }, select: { locationId: true } },
    },
  });
  const limits = pinLimits(input.maxFailures);
  // Another shop's membership id counts against this tablet only, never against that person.
  const ids = { membershipId: membership?.id ?? "-", deviceId: device.id };
  const keys = limits.filter((l) => membership || l.scope === "device").map((l) => throttleKey(l, ids));
  const wait = await checkSignInThrottle(db, keys, now);
  if (wait > 0) {
    throw new DomainError("RATE_LIMITED", `Too many PIN attempts. Try again in ${Math.ceil(wait / 60)} min.`, { retryAfterSeconds: wait });
  }
  // Always pay for one scrypt so a refused account costs the same time as a wrong PIN.
  const ok = await verifySecret(input.pin, membership?.pinHash ?? DUMMY_HASH);
  const assigned = (membership?.locations.length ?? 0) > 0;
  if (!membership || !ok || !membership.pinHash || !assigned || !isRole(membership.role) || !mayUsePin(membership.role)) {
    await recordPinFailures(db, membership ? limits : limits.filter((l) => l.scope === "device"), ids, now);
    throw new DomainError("UNAUTHORIZED", "That PIN is not right for this tablet.");
  }
  await clearPersonLocks(db, membership.id);
  return {
    id: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    shopId: membership.shopId,
    shopName: membership.shop.name,
    role: membership.role,
    authMethod: "pin",
    tabletDeviceId: device.id,
  };
}

/**
 * Whether a session token may go on: a PIN session ends at its cap (one shift) or as soon as its
 * tablet is revoked; password sessions are not affected here.
 */
export async function isSessionStillValid(db: DbTx, token: object, now = new Date()): Promise<boolean> {
  const t = token as { authMethod?: unknown; tabletDeviceId?: unknown };
  if (t.authMethod !== "pin") return true;
  if (isPinSessionOver(token, Math.floor(now.getTime() / 1000))) return false;
  return typeof t.tabletDeviceId === "string" && (await isTabletDeviceActive(db, t.tabletDeviceId));
}

export type TabletView =
  | { state: "unregistered" }
  | { state: "other-location"; device: RegisteredDevice }
  | { state: "ready"; device: RegisteredDevice; people: { membershipId: string; name: string; initial: string }[] };

/**
 * What the tablet page at /tablet/{shop}/{location} may show this browser. Without a valid device
 * token for this very shop and location it shows nothing about the shop: no names, no ids.
 */
export async function getTabletView(db: DbTx, input: { shopSlug: string; locationCode: string; deviceToken: string | undefined | null }, now = new Date()): Promise<TabletView> {
  const device = await findTabletDevice(db, input.deviceToken, now);
  if (!device || device.shop.slug !== input.shopSlug) return { state: "unregistered" };
  if (device.location.code !== input.locationCode) return { state: "other-location", device };
  const members = await db.membership.findMany({
    where: { shopId: device.shopId, role: "STAFF", pinHash: { not: null }, locations: { some: { locationId: device.locationId } } },
    select: { id: true, user: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    state: "ready",
    device,
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
  await clearPersonLocks(db, input.membershipId);
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
  await clearPersonLocks(db, input.membershipId);
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
