import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashSecret } from "../auth/password";
import { PIN_SESSION_MAX_SECONDS, signInClaims } from "../domain/pin-policy";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { getTabletView, isSessionStillValid, setMemberPin, signInWithPin } from "./pin-sign-in";
import { findTabletDevice, readTabletCookie, registerTabletDevice } from "./tablet-devices";

let a: TestShop;
let b: TestShop;
let kioskId: string;
let staffMembershipId: string;
let ownerMembershipId: string;
let managerMembershipId: string;
/** Device tokens as the browsers' cookies hold them. */
let mainTablet: string;
let secondMainTablet: string;
let kioskTablet: string;
let otherShopTablet: string;

const attempt = (over: Partial<Parameters<typeof signInWithPin>[1]> = {}, now?: Date) =>
  signInWithPin(db, { deviceToken: mainTablet, membershipId: staffMembershipId, pin: "2580", maxFailures: 5, ...over }, now);

async function register(shop: TestShop, locationId: string, name = "Counter iPad", currentToken?: string) {
  return (await registerTabletDevice(db, shop.sessions.manager, { locationId, name, currentToken })).token;
}

beforeAll(async () => {
  a = await createTestShop("Pin A");
  b = await createTestShop("Pin B");
  kioskId = (await db.location.create({ data: { shopId: a.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } })).id;
  const members = await db.membership.findMany({ where: { shopId: a.shop.id }, select: { id: true, role: true } });
  staffMembershipId = members.find((m) => m.role === "STAFF")!.id;
  ownerMembershipId = members.find((m) => m.role === "OWNER")!.id;
  managerMembershipId = members.find((m) => m.role === "MANAGER")!.id;
  // The fixture's staff member works at main only.
  await a.callers.staff.shifts.setMyPin({ pin: "2580" });
  mainTablet = await register(a, a.main.id);
  secondMainTablet = await register(a, a.main.id, "Backroom tablet");
  kioskTablet = await register(a, kioskId, "Kiosk tablet");
  otherShopTablet = await register(b, b.main.id, "B counter");
});

// Each case starts with clean throttle buckets so failures of one do not lock the next.
beforeEach(async () => {
  await db.authThrottle.deleteMany({ where: { key: { startsWith: "pin:" } } });
});

describe("counter tablet registration", () => {
  it("only an owner or manager registers a device, at a location of their own shop", async () => {
    await expect(registerTabletDevice(db, a.sessions.staff, { locationId: a.main.id, name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(registerTabletDevice(db, null, { locationId: a.main.id, name: "Mine" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(registerTabletDevice(db, a.sessions.owner, { locationId: b.main.id, name: "Theirs" })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      details: { fields: { locationId: "Pick a location of this shop." } },
    });
    await expect(registerTabletDevice(db, a.sessions.owner, { locationId: a.main.id, name: "  " })).rejects.toMatchObject({
      details: { fields: { name: expect.stringMatching(/Name this tablet/) } },
    });
  });

  it("stores only a hash of the token, and re-registering a browser revokes its old registration", async () => {
    const token = await register(a, a.main.id, "Spare");
    expect(await db.tabletDevice.count({ where: { tokenHash: token } })).toBe(0);
    expect(await findTabletDevice(db, token)).toMatchObject({ name: "Spare", location: { code: "main" } });
    const again = await register(a, kioskId, "Spare, now at the kiosk", token);
    expect(await findTabletDevice(db, token)).toBeNull();
    expect(await findTabletDevice(db, again)).toMatchObject({ location: { code: "kiosk" } });
    expect(readTabletCookie(`other=1; backroom_tablet=${encodeURIComponent(again)}; x=y`)).toBe(again);
  });
});

describe("the tablet page", () => {
  it("without a device token lists nobody and says nothing about the shop", async () => {
    for (const deviceToken of [undefined, "", "made-up-token-made-up-token-made-up"]) {
      const view = await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "main", deviceToken });
      expect(view).toEqual({ state: "unregistered" });
    }
  });

  it("another shop's device and a revoked device see nothing either", async () => {
    expect(await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "main", deviceToken: otherShopTablet })).toEqual({ state: "unregistered" });
    const token = await register(a, a.main.id, "Soon revoked");
    const device = (await findTabletDevice(db, token))!;
    await a.callers.manager.shifts.revokeTablet({ id: device.id });
    expect(await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "main", deviceToken: token })).toEqual({ state: "unregistered" });
  });

  it("a registered tablet lists the staff with a PIN who work at its location, by first name only", async () => {
    const main = await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "main", deviceToken: mainTablet });
    expect(main.state).toBe("ready");
    if (main.state !== "ready") return;
    expect(main.people.map((p) => p.membershipId)).toEqual([staffMembershipId]);
    expect(JSON.stringify(main)).not.toContain("@");
    const kiosk = await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "kiosk", deviceToken: kioskTablet });
    expect(kiosk).toMatchObject({ state: "ready", people: [] });
    // The main tablet opened at the kiosk's address points back to its own location.
    expect(await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "kiosk", deviceToken: mainTablet })).toMatchObject({
      state: "other-location",
      device: { location: { code: "main" } },
    });
  });
});

describe("PIN sign-in", () => {
  it("signs a staff member in on their location's tablet; the session says it came from a PIN", async () => {
    const user = await attempt();
    const device = (await findTabletDevice(db, mainTablet))!;
    expect(user).toMatchObject({ id: a.users.staff.id, shopId: a.shop.id, role: "STAFF", authMethod: "pin", tabletDeviceId: device.id });
  });

  it("refuses a PIN without a device token, and counts nothing against the person", async () => {
    for (const deviceToken of [undefined, "", "made-up-token-made-up-token-made-up"]) {
      for (let i = 0; i < 6; i++) await expect(attempt({ deviceToken, pin: "0420" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(attempt({ deviceToken })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    // Nobody away from the counter can lock a staff member out: the right PIN still works there.
    expect(await db.authThrottle.count({ where: { key: { startsWith: "pin:" } } })).toBe(0);
    await expect(attempt()).resolves.toMatchObject({ role: "STAFF" });
  });

  it("refuses a revoked tablet, another shop's tablet and another location's tablet", async () => {
    const token = await register(a, a.main.id, "Lost tablet");
    await expect(attempt({ deviceToken: token })).resolves.toMatchObject({ role: "STAFF" });
    await a.callers.owner.shifts.revokeTablet({ id: (await findTabletDevice(db, token))!.id });
    await expect(attempt({ deviceToken: token })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ deviceToken: otherShopTablet })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ deviceToken: kioskTablet })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ pin: "2581" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ membershipId: "missing" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("never works for an owner or a manager, even with a PIN hash in the row", async () => {
    const pinHash = await hashSecret("2580");
    await db.membership.updateMany({ where: { id: { in: [ownerMembershipId, managerMembershipId] } }, data: { pinHash } });
    await db.membershipLocation.createMany({ data: [ownerMembershipId, managerMembershipId].map((membershipId) => ({ membershipId, locationId: a.main.id })) });
    await expect(attempt({ membershipId: ownerMembershipId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ membershipId: managerMembershipId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await db.membership.updateMany({ where: { id: { in: [ownerMembershipId, managerMembershipId] } }, data: { pinHash: null } });
    await db.membershipLocation.deleteMany({ where: { membershipId: { in: [ownerMembershipId, managerMembershipId] } } });
    await expect(a.callers.owner.shifts.setMyPin({ pin: "2580" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.owner.shifts.setMemberPin({ membershipId: managerMembershipId, pin: "2580" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });

  it("refuses a staff member nobody assigned to a location, even with the right PIN", async () => {
    const user = await db.user.create({ data: { email: `floater-${Date.now()}@test.local`, name: "Fay Floater", passwordHash: await hashSecret("x-password") } });
    const m = await db.membership.create({ data: { userId: user.id, shopId: a.shop.id, role: "STAFF" } });
    await setMemberPin(db, { shopId: a.shop.id, membershipId: m.id, pin: "7391" });
    await expect(attempt({ membershipId: m.id, pin: "7391" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const view = await getTabletView(db, { shopSlug: a.shop.slug, locationCode: "main", deviceToken: mainTablet });
    expect(view.state === "ready" && view.people.map((p) => p.membershipId)).toEqual([staffMembershipId]);
  });

  it("is throttled per person on every tablet; a new PIN lifts the lock", async () => {
    for (let i = 0; i < 5; i++) await expect(attempt({ pin: "0420" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ deviceToken: secondMainTablet })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await a.callers.owner.shifts.setMemberPin({ membershipId: staffMembershipId, pin: "2580" });
    await expect(attempt({ deviceToken: secondMainTablet })).resolves.toMatchObject({ role: "STAFF" });
  });

  it("parallel guesses from one tablet cannot slip past the limit before failures are counted", async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => attempt({ pin: "0420" })));
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "OK"));
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(5);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(7);
    await expect(attempt()).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("caps a person at 15 wrong PINs a day even when spread over 15-minute windows", async () => {
    const t0 = new Date("2030-03-01T10:00:00Z");
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    for (const start of [0, 16, 32]) {
      for (let i = 0; i < 5; i++) await expect(attempt({ pin: "0420" }, at(start + i))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      // After each burst of 5 the 15-minute lock is on; a fresh window opens 16 minutes later.
      await expect(attempt({}, at(start + 5))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    }
    // The 15-minute lock is long over, the daily one is not.
    await expect(attempt({}, at(60))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(attempt({}, at(24 * 60 + 1))).resolves.toMatchObject({ role: "STAFF" });
  });

  it("is throttled per tablet across people: trying names one after another stops", async () => {
    const strangers = ["missing", (await db.membership.findFirstOrThrow({ where: { shopId: b.shop.id, role: "STAFF" } })).id];
    for (let i = 0; i < 10; i++) {
      await expect(attempt({ pin: "0420", membershipId: strangers[i % 2]! })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    // This tablet is locked for everyone, even with the right PIN; the person is not.
    await expect(attempt()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(attempt({ deviceToken: secondMainTablet })).resolves.toMatchObject({ role: "STAFF" });
    expect(await db.authThrottle.count({ where: { key: { startsWith: "pin:person" } } })).toBe(0);
  });

  it("PIN rules: weak PINs are refused, the owner can set and clear a staff PIN", async () => {
    await expect(a.callers.staff.shifts.setMyPin({ pin: "1234" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(a.callers.staff.shifts.setMyPin({ pin: "12" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(a.callers.owner.shifts.setMemberPin({ membershipId: staffMembershipId, pin: null })).resolves.toEqual({ hasPin: false });
    await expect(attempt()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await setMemberPin(db, { shopId: a.shop.id, membershipId: staffMembershipId, pin: "7391" });
    await expect(attempt({ pin: "7391" })).resolves.toMatchObject({ role: "STAFF" });
    await expect(b.callers.owner.shifts.setMemberPin({ membershipId: staffMembershipId, pin: "7391" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setMemberPin(db, { shopId: a.shop.id, membershipId: staffMembershipId, pin: "2580" });
  });
});

describe("PIN sessions", () => {
  it("last one shift at most and end as soon as their tablet is revoked; password sessions are untouched", async () => {
    const token = await register(a, a.main.id, "Session tablet");
    const user = await attempt({ deviceToken: token });
    const signedInAt = new Date("2030-05-01T06:00:00Z");
    const claims = signInClaims(user, Math.floor(signedInAt.getTime() / 1000));
    expect(claims).toMatchObject({ authMethod: "pin", tabletDeviceId: user.tabletDeviceId });
    const later = (seconds: number) => new Date(signedInAt.getTime() + seconds * 1000);
    expect(await isSessionStillValid(db, claims, later(PIN_SESSION_MAX_SECONDS - 60))).toBe(true);
    expect(await isSessionStillValid(db, claims, later(PIN_SESSION_MAX_SECONDS))).toBe(false);

    const password = signInClaims(a.sessions.staff, Math.floor(signedInAt.getTime() / 1000));
    expect(password.authMethod).toBe("password");
    expect(await isSessionStillValid(db, password, later(PIN_SESSION_MAX_SECONDS * 3))).toBe(true);

    await a.callers.manager.shifts.revokeTablet({ id: user.tabletDeviceId });
    expect(await isSessionStillValid(db, claims, later(60))).toBe(false);
    // A token that claims a PIN sign-in without saying when or where is not trusted.
    expect(await isSessionStillValid(db, { authMethod: "pin" })).toBe(false);
  });
});

describe("Settings → Counter tablets", () => {
  it("managers list and revoke their shop's tablets; staff and other shops cannot", async () => {
    const list = await a.callers.manager.shifts.tablets();
    expect(list.map((d) => d.name)).toEqual(expect.arrayContaining(["Counter iPad", "Backroom tablet", "Kiosk tablet"]));
    expect(list.every((d) => d.createdBy === a.users.manager.name)).toBe(true);
    expect(JSON.stringify(list)).not.toContain("tokenHash");
    expect((await b.callers.owner.shifts.tablets()).map((d) => d.name)).toEqual(["B counter"]);
    await expect(a.callers.staff.shifts.tablets()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.callers.owner.shifts.revokeTablet({ id: list[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.staff.shifts.revokeTablet({ id: list[0]!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
