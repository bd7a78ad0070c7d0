import { createHash, randomBytes } from "node:crypto";
import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { hasRole, isRole, MANAGERS } from "../domain/roles";
import type { SessionUser } from "./sign-in";

/**
 * Counter tablets: a device an owner or manager registered, while signed in on it, as the
 * shared tablet of one location. The browser keeps a random token in an httpOnly cookie; only
 * its sha256 is stored, so a database copy cannot impersonate a tablet. PIN sign-in and the
 * list of staff names are only offered to a browser holding a valid, unrevoked token.
 */
export const TABLET_COOKIE = "backroom_tablet";
/** Browsers cap cookie lifetimes at 400 days; a manager re-registers a tablet after that. */
export const TABLET_COOKIE_MAX_AGE_SECONDS = 400 * 86_400;
/** lastSeenAt is written at most this often, so an idle tablet page does not write on every load. */
const SEEN_RESOLUTION_MS = 60_000;

export function hashDeviceToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The cookie's value in a raw Cookie header (next-auth hands providers the request headers). */
export function readTabletCookie(cookieHeader: unknown): string | undefined {
  if (typeof cookieHeader !== "string") return undefined;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === TABLET_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** Cookie attributes: long-lived, never readable by scripts, Secure whenever the site is served over https. */
export function tabletCookieOptions(https: boolean) {
  return { httpOnly: true, secure: https, sameSite: "lax" as const, path: "/", maxAge: TABLET_COOKIE_MAX_AGE_SECONDS };
}

/** The signed-in person may manage counter tablets (owner or manager, role re-read from the membership). */
export async function requireTabletManager(db: DbTx, user: SessionUser | null) {
  if (!user) throw new DomainError("UNAUTHORIZED", "Sign in as an owner or manager to register this device.");
  const membership = await db.membership.findUnique({ where: { userId_shopId: { userId: user.id, shopId: user.shopId } }, select: { role: true } });
  if (!membership || !isRole(membership.role)) throw new DomainError("UNAUTHORIZED", "Your access to this shop has ended.");
  if (!hasRole(membership.role, MANAGERS)) throw new DomainError("FORBIDDEN", "Only owners and managers can register counter tablets.");
  return { shopId: user.shopId, userId: user.id, role: membership.role };
}

export type RegisteredDevice = {
  id: string;
  shopId: string;
  locationId: string;
  name: string;
  shop: { slug: string; name: string };
  location: { code: string; name: string };
};

const DEVICE_SELECT = {
  id: true,
  shopId: true,
  locationId: true,
  name: true,
  lastSeenAt: true,
  shop: { select: { slug: true, name: true } },
  location: { select: { code: true, name: true, active: true } },
} as const;

/**
 * The tablet a browser's token belongs to, or null when there is no token, it is unknown, the
 * device was revoked or its location closed. Notes when the device was last seen.
 */
export async function findTabletDevice(db: DbTx, token: string | undefined | null, now = new Date()): Promise<RegisteredDevice | null> {
  if (!token || token.length < 20 || token.length > 200) return null;
  const device = await db.tabletDevice.findUnique({ where: { tokenHash: hashDeviceToken(token) }, select: { ...DEVICE_SELECT, revokedAt: true } });
  if (!device || device.revokedAt || !device.location.active) return null;
  if (!device.lastSeenAt || now.getTime() - device.lastSeenAt.getTime() >= SEEN_RESOLUTION_MS) {
    await db.tabletDevice.update({ where: { id: device.id }, data: { lastSeenAt: now } });
  }
  return {
    id: device.id,
    shopId: device.shopId,
    locationId: device.locationId,
    name: device.name,
    shop: device.shop,
    location: { code: device.location.code, name: device.location.name },
  };
}

/** Whether a device may still carry PIN sessions (it exists and nobody revoked it). */
export async function isTabletDeviceActive(db: DbTx, deviceId: string): Promise<boolean> {
  const device = await db.tabletDevice.findUnique({ where: { id: deviceId }, select: { revokedAt: true, location: { select: { active: true } } } });
  return !!device && !device.revokedAt && device.location.active;
}

/**
 * Registers the browser the manager is using as the counter tablet of a location and returns the
 * token to put in its cookie. A browser that already held a token of this shop gets a new one and
 * its old registration is revoked, so one browser is never two tablets.
 */
export async function registerTabletDevice(
  db: DbTx,
  user: SessionUser | null,
  input: { locationId: string; name: string; currentToken?: string | null },
  now = new Date(),
) {
  const actor = await requireTabletManager(db, user);
  const name = input.name.trim();
  if (!name) throw invalidFields("Name the tablet", { name: "Name this tablet, e.g. Front counter iPad." });
  if (name.length > 60) throw invalidFields("Name too long", { name: "Keep the name under 60 characters." });
  const location = await db.location.findFirst({ where: { id: input.locationId, shopId: actor.shopId, active: true }, select: { id: true, code: true, name: true } });
  if (!location) throw invalidFields("Unknown location", { locationId: "Pick a location of this shop." });
  if (input.currentToken) {
    await db.tabletDevice.updateMany({
      where: { tokenHash: hashDeviceToken(input.currentToken), shopId: actor.shopId, revokedAt: null },
      data: { revokedAt: now },
    });
  }
  const token = randomBytes(32).toString("base64url");
  const device = await db.tabletDevice.create({
    data: { shopId: actor.shopId, locationId: location.id, name, tokenHash: hashDeviceToken(token), createdById: actor.userId, createdAt: now, lastSeenAt: now },
    select: { id: true, name: true, shop: { select: { slug: true } } },
  });
  return { token, device: { id: device.id, name: device.name, location, tabletPath: `/tablet/${device.shop.slug}/${location.code}` } };
}

/**
 * What the registration forms need: the manager's active locations and, when this browser is
 * already a tablet of the manager's shop, which one.
 */
export async function getTabletRegistration(db: DbTx, user: SessionUser | null, currentToken: string | undefined | null) {
  const actor = await requireTabletManager(db, user);
  const [locations, device, shop] = await Promise.all([
    db.location.findMany({ where: { shopId: actor.shopId, active: true }, select: { id: true, code: true, name: true }, orderBy: { createdAt: "asc" } }),
    findTabletDevice(db, currentToken),
    db.shop.findUniqueOrThrow({ where: { id: actor.shopId }, select: { slug: true } }),
  ]);
  return { shopSlug: shop.slug, locations, currentDevice: device && device.shopId === actor.shopId ? device : null };
}

/** Counter tablets of a shop, newest first, for Settings → Counter tablets. */
export async function listTabletDevices(db: DbTx, shopId: string) {
  const devices = await db.tabletDevice.findMany({
    where: { shopId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
    select: { id: true, name: true, createdAt: true, createdById: true, lastSeenAt: true, revokedAt: true, location: { select: { id: true, code: true, name: true } } },
  });
  const creatorIds = [...new Set(devices.map((d) => d.createdById))];
  const creators = creatorIds.length ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } }) : [];
  const creatorName = new Map(creators.map((c) => [c.id, c.name]));
  return devices.map(({ createdById, ...d }) => ({ ...d, createdBy: creatorName.get(createdById) ?? "Former member" }));
}

/** Revokes a tablet: it stops listing staff, refuses PINs, and its PIN sessions end at their next request. */
export async function revokeTabletDevice(db: DbTx, shopId: string, id: string, now = new Date()) {
  const device = await db.tabletDevice.findFirst({ where: { id, shopId }, select: { id: true, revokedAt: true } });
  if (!device) throw new DomainError("NOT_FOUND", "Tablet not found.");
  if (device.revokedAt) return { id: device.id, revokedAt: device.revokedAt };
  const updated = await db.tabletDevice.update({ where: { id: device.id }, data: { revokedAt: now }, select: { id: true, revokedAt: true } });
  return updated;
}
