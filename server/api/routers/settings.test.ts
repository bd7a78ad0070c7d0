import { describe, expect, it, beforeAll } from "vitest";
import { createTestShop, type TestShop } from "../../testing/fixtures";
import { db } from "../../db";
import { signInWithPassword } from "../../services/sign-in";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("Shop A");
  b = await createTestShop("Shop B");
});

describe("settings: roles", () => {
  it("refuses signed-out callers", async () => {
    await expect(a.callers.anonymous.settings.members()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("lets only the owner manage users, keys and integrations", async () => {
    for (const caller of [a.callers.manager, a.callers.staff]) {
      await expect(caller.settings.members()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.settings.apiKeys()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.settings.integrations()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.settings.createApiKey({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("takes effect at once when a member is demoted, whatever the session says", async () => {
    const { owner } = a.callers;
    const invited = await owner.settings.inviteMember({ email: "demote-me@test.local", name: "Demote Me", role: "OWNER" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "demote-me@test.local" } });
    const { callerFor } = await import("../../testing/fixtures");
    const asUser = callerFor({ id: user.id, email: user.email, name: user.name, shopId: a.shop.id, shopName: a.shop.name, role: "OWNER" });
    await expect(asUser.settings.members()).resolves.toBeInstanceOf(Array);
    await owner.settings.changeRole({ membershipId: invited.membershipId, role: "STAFF" });
    await expect(asUser.settings.members()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("settings: where staff work", () => {
  it("invites staff to chosen locations and reassigns them; staff then see only those", async () => {
    const { owner } = a.callers;
    const kiosk = await db.location.create({ data: { shopId: a.shop.id, code: "kiosk-assign", name: "Assign kiosk", kind: "kiosk" } });
    const invited = await owner.settings.inviteMember({ email: "counter@test.local", name: "Counter", role: "STAFF", locationIds: [kiosk.id] });
    const row = (await owner.settings.members()).find((m) => m.id === invited.membershipId);
    expect(row?.locations.map((l) => l.code)).toEqual(["kiosk-assign"]);

    const user = await db.user.findUniqueOrThrow({ where: { email: "counter@test.local" } });
    const { callerFor } = await import("../../testing/fixtures");
    const asStaff = callerFor({ id: user.id, email: user.email, name: user.name, shopId: a.shop.id, shopName: a.shop.name, role: "STAFF" });
    expect((await asStaff.catalog.locations()).map((l) => l.code)).toEqual(["kiosk-assign"]);

    await owner.settings.assignLocations({ membershipId: invited.membershipId, locationIds: [a.main.id] });
    expect((await asStaff.catalog.locations()).map((l) => l.code)).toEqual(["main"]);
    await owner.settings.assignLocations({ membershipId: invited.membershipId, locationIds: [] });
    expect(await asStaff.catalog.locations()).toEqual([]);
  });

  it("refuses another shop's locations, naming the field on invite", async () => {
    const { owner } = a.callers;
    await expect(owner.settings.inviteMember({ email: "elsewhere@test.local", name: "Elsewhere", role: "STAFF", locationIds: [b.main.id] })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { locationIds: "Pick locations of this shop." } } },
    });
    expect(await db.user.findUnique({ where: { email: "elsewhere@test.local" } })).toBeNull();
    const staff = await db.membership.findFirstOrThrow({ where: { shopId: a.shop.id, role: "STAFF" } });
    await expect(owner.settings.assignLocations({ membershipId: staff.id, locationIds: [b.main.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.manager.settings.assignLocations({ membershipId: staff.id, locationIds: [a.main.id] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("settings: tenancy", () => {
  it("never lists another shop's users, keys or integrations", async () => {
    const members = await a.callers.owner.settings.members();
    expect(members.map((m) => m.user.email)).not.toContain(b.users.owner.email);
    const keys = await a.callers.owner.settings.apiKeys();
    const bKeys = await db.apiKey.findMany({ where: { shopId: b.shop.id } });
    expect(keys.map((k) => k.id)).not.toEqual(expect.arrayContaining(bKeys.map((k) => k.id)));
    const integrations = await a.callers.owner.settings.integrations();
    expect(integrations.map((i) => i.id)).not.toContain(b.created.integrations.generic.id);
  });

  it("answers NOT_FOUND for another shop's ids and changes nothing", async () => {
    const bMembership = await db.membership.findFirstOrThrow({ where: { shopId: b.shop.id, role: "STAFF" } });
    const bKey = await db.apiKey.findFirstOrThrow({ where: { shopId: b.shop.id } });
    const bIntegration = b.created.integrations.generic.id;
    const owner = a.callers.owner;
    await expect(owner.settings.changeRole({ membershipId: bMembership.id, role: "OWNER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.settings.removeMember({ membershipId: bMembership.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.settings.revokeApiKey({ id: bKey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.settings.rotateIntegrationSecret({ id: bIntegration })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.settings.setIntegrationActive({ id: bIntegration, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.membership.findUniqueOrThrow({ where: { id: bMembership.id } })).role).toBe("STAFF");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: bKey.id } })).revokedAt).toBeNull();
    const integration = await db.integration.findUniqueOrThrow({ where: { id: bIntegration } });
    expect(integration.secret).toBe(b.created.integrations.generic.secret);
    expect(integration.active).toBe(true);
  });
});

describe("settings: a new shop", () => {
  it("sends POS orders with an unknown location to main, and shows its profile to managers", async () => {
    const integrations = await db.integration.findMany({ where: { shopId: a.shop.id }, select: { kind: true, defaultLocationId: true } });
    expect(integrations.map((i) => [i.kind, i.defaultLocationId]).sort()).toEqual([
      ["generic", a.main.id],
      ["shopify", a.main.id],
    ]);
    await expect(a.callers.manager.settings.shop()).resolves.toEqual({ id: a.shop.id, name: a.shop.name, timeZone: "America/New_York", currency: "USD" });
    await expect(a.callers.staff.settings.shop()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("settings: secrets", () => {
  it("shows an API key once and stores only its hash", async () => {
    const created = await a.callers.owner.settings.createApiKey({ name: "Listings" });
    expect(created.key).toMatch(/^brk_/);
    const listed = await a.callers.owner.settings.apiKeys();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).not.toContain(created.key);
  });

  it("creates read-only keys when asked, and says which access each key has", async () => {
    const read = await a.callers.owner.settings.createApiKey({ name: "Listings reader", scope: "read" });
    const write = await a.callers.owner.settings.createApiKey({ name: "Catalog sync" });
    const listed = await a.callers.owner.settings.apiKeys();
    expect(listed.find((k) => k.id === read.id)?.scope).toBe("read");
    expect(listed.find((k) => k.id === write.id)?.scope).toBe("write");
    const error = await a.callers.owner.settings.createApiKey({ name: "", scope: "admin" as "read" }).catch((e: unknown) => e);
    const issues = (error as { cause?: { issues?: { path: string[]; message: string }[] } }).cause?.issues ?? [];
    expect(Object.fromEntries(issues.map((i) => [i.path.join("."), i.message]))).toEqual({ name: "Give the key a name", scope: "Choose what the key may do" });
  });

  it("never returns integration secrets from the list, and rotation keeps the old one for a grace period", async () => {
    const list = await a.callers.owner.settings.integrations();
    expect(JSON.stringify(list)).not.toContain(a.created.integrations.generic.secret);
    const rotated = await a.callers.owner.settings.rotateIntegrationSecret({ id: a.created.integrations.generic.id });
    expect(rotated.secret).toMatch(/^whsec_/);
    const row = await db.integration.findUniqueOrThrow({ where: { id: a.created.integrations.generic.id } });
    expect(row.previousSecret).toBe(a.created.integrations.generic.secret);
    expect(row.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("validates invites with a message per field", async () => {
    type ZodFailure = { code: string; cause: { issues: { path: string[]; message: string }[] } };
    const error = (await a.callers.owner.settings
      .inviteMember({ email: "not-an-email", name: "", role: "STAFF" })
      .then(() => null, (e: unknown) => e)) as ZodFailure;
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const messages = Object.fromEntries(error.cause.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ email: "Enter a valid email address", name: "Enter a name" });
  });

  it("refuses to remove the last owner", async () => {
    const ownerMembership = await db.membership.findFirstOrThrow({ where: { shopId: b.shop.id, role: "OWNER" } });
    await expect(b.callers.owner.settings.changeRole({ membershipId: ownerMembership.id, role: "STAFF" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("sign-in", () => {
  it("accepts the right password and rate-limits repeated failures", async () => {
    const email = a.users.manager.email;
    const ok = await signInWithPassword(db, { email, password: "member-password", ip: "10.0.0.1", maxFailures: 3 });
    expect(ok).toMatchObject({ shopId: a.shop.id, role: "MANAGER" });
    for (let i = 0; i < 3; i++) {
      await expect(signInWithPassword(db, { email, password: "wrong", ip: "10.0.0.1", maxFailures: 3 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    // Locked: even the right password is refused until the window passes.
    await expect(signInWithPassword(db, { email, password: "member-password", ip: "10.0.0.1", maxFailures: 3 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });
});
