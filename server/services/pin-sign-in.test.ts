import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashSecret } from "../auth/password";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { listTabletStaff, setMemberPin, signInWithPin } from "./pin-sign-in";

let a: TestShop;
let b: TestShop;
let staffMembershipId: string;
let ownerMembershipId: string;
let managerMembershipId: string;

const attempt = (over: Partial<Parameters<typeof signInWithPin>[1]> = {}) =>
  signInWithPin(db, { shopSlug: a.shop.slug, locationCode: "main", membershipId: staffMembershipId, pin: "2580", ip: `ip-${Math.random()}`, maxFailures: 5, ...over });

beforeAll(async () => {
  a = await createTestShop("Pin A");
  b = await createTestShop("Pin B");
  await db.location.create({ data: { shopId: a.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
  const members = await db.membership.findMany({ where: { shopId: a.shop.id }, select: { id: true, role: true } });
  staffMembershipId = members.find((m) => m.role === "STAFF")!.id;
  ownerMembershipId = members.find((m) => m.role === "OWNER")!.id;
  managerMembershipId = members.find((m) => m.role === "MANAGER")!.id;
  await a.callers.staff.shifts.setMyPin({ pin: "2580" });
  // The staff member works at main only.
  await db.membershipLocation.create({ data: { membershipId: staffMembershipId, locationId: a.main.id } });
});

describe("PIN sign-in", () => {
  // Each case starts with clean throttle buckets so failures of one do not lock the next.
  beforeEach(async () => {
    await db.authThrottle.deleteMany({ where: { key: { startsWith: "pin:" } } });
  });

  it("signs a staff member in at their location", async () => {
    const user = await attempt();
    expect(user).toMatchObject({ id: a.users.staff.id, shopId: a.shop.id, role: "STAFF" });
  });

  it("refuses a wrong PIN, another location, another shop and unknown members alike", async () => {
    await expect(attempt({ pin: "2581" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ locationCode: "kiosk" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ locationCode: "nowhere" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ shopSlug: b.shop.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ membershipId: "missing" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("never works for an owner or a manager, even with a PIN hash in the row", async () => {
    // Even if a PIN were written straight into the database, the role check refuses it.
    const pinHash = await hashSecret("2580");
    await db.membership.updateMany({ where: { id: { in: [ownerMembershipId, managerMembershipId] } }, data: { pinHash } });
    await expect(attempt({ membershipId: ownerMembershipId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ membershipId: managerMembershipId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await db.membership.updateMany({ where: { id: { in: [ownerMembershipId, managerMembershipId] } }, data: { pinHash: null } });
    // And the services refuse to set one.
    await expect(a.callers.owner.shifts.setMyPin({ pin: "2580" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.owner.shifts.setMemberPin({ membershipId: managerMembershipId, pin: "2580" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });

  it("is throttled per person after repeated failures, even with the right PIN", async () => {
    const ip = "tablet-1";
    for (let i = 0; i < 5; i++) await expect(attempt({ pin: "0420", ip })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(attempt({ ip: "tablet-2" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await db.authThrottle.deleteMany({ where: { key: `pin:member:${staffMembershipId}` } });
    await expect(attempt({ ip: "tablet-3" })).resolves.toMatchObject({ role: "STAFF" });
  });

  it("is throttled per tablet address across people", async () => {
    const ip = "tablet-shared";
    const other = await db.membership.findFirstOrThrow({ where: { shopId: b.shop.id, role: "STAFF" } });
    for (let i = 0; i < 20; i++) {
      await expect(attempt({ pin: "0420", ip, membershipId: i % 2 ? staffMembershipId : other.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await db.authThrottle.deleteMany({ where: { key: { startsWith: "pin:member:" } } });
    }
    await expect(attempt({ ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("PIN rules: weak PINs are refused, the owner can set and clear a staff PIN", async () => {
    await expect(a.callers.staff.shifts.setMyPin({ pin: "1234" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(a.callers.staff.shifts.setMyPin({ pin: "12" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(a.callers.owner.shifts.setMemberPin({ membershipId: staffMembershipId, pin: null })).resolves.toEqual({ hasPin: false });
    await expect(attempt({ ip: "tablet-4" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await setMemberPin(db, { shopId: a.shop.id, membershipId: staffMembershipId, pin: "7391" });
    await expect(attempt({ ip: "tablet-5", pin: "7391" })).resolves.toMatchObject({ role: "STAFF" });
    // Another shop's owner cannot touch this membership.
    await expect(b.callers.owner.shifts.setMemberPin({ membershipId: staffMembershipId, pin: "7391" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the tablet lists staff with a PIN who work at the location, by first name only", async () => {
    const main = await listTabletStaff(db, { shopSlug: a.shop.slug, locationCode: "main" });
    expect(main?.people.map((p) => p.membershipId)).toEqual([staffMembershipId]);
    expect(JSON.stringify(main)).not.toContain("@");
    const kiosk = await listTabletStaff(db, { shopSlug: a.shop.slug, locationCode: "kiosk" });
    expect(kiosk?.people).toEqual([]);
    expect(await listTabletStaff(db, { shopSlug: "no-such-shop", locationCode: "main" })).toBeNull();
  });
});
