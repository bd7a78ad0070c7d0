import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { applyCatalog } from "../services/catalog";
import { signInWithPassword, type SessionUser } from "../services/sign-in";
import { listUserShops } from "../services/users";
import { callerFor, createTestShop, type TestShop } from "../testing/fixtures";
import { authOptions } from "./options";

let a: TestShop;
let b: TestShop;
let c: TestShop;

type JwtArgs = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0];
type SessionArgs = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["session"]>>[0];

/** The token next-auth keeps after sign-in, and after an update from the browser. */
async function jwt(token: JWT, extra: Partial<JwtArgs> = {}): Promise<JWT> {
  return (await authOptions.callbacks?.jwt?.({ token, account: null, ...extra } as JwtArgs)) as JWT;
}

async function sessionOf(token: JWT): Promise<SessionUser> {
  const session = (await authOptions.callbacks?.session?.({ session: { expires: "" } as Session, token } as SessionArgs)) as Session;
  return session.user;
}

async function signIn(email: string, password: string): Promise<JWT> {
  const user = await signInWithPassword(db, { email, password, ip: "10.9.0.1", maxFailures: 50 });
  return jwt({}, { user: user as unknown as JwtArgs["user"] });
}

beforeAll(async () => {
  a = await createTestShop("Switch A");
  b = await createTestShop("Switch B");
  c = await createTestShop("Switch C");
  await applyCatalog(db, a.shop.id, { products: [{ sku: "A-ONLY", name: "A only", priceMinor: 100 }] });
  await applyCatalog(db, b.shop.id, { products: [{ sku: "B-ONLY", name: "B only", priceMinor: 100 }] });
  // A's manager is invited to B as its second owner: same person, same password, two shops.
  await b.callers.owner.settings.inviteMember({ email: a.users.manager.email, name: "Ignored", role: "OWNER" });
});

describe("shop switcher", () => {
  it("lists both memberships with their roles", async () => {
    const shops = await listUserShops(db, a.users.manager.id);
    expect(shops.map((s) => [s.shopName, s.role])).toEqual([
      ["Switch A", "MANAGER"],
      ["Switch B", "OWNER"],
    ]);
  });

  it("switches after the server re-checks the membership, and then sees the other shop's data only", async () => {
    let token = await signIn(a.users.manager.email, "member-password");
    expect(token.shopId).toBe(a.shop.id);
    expect((await callerFor(await sessionOf(token)).catalog.products()).map((p) => p.sku)).toEqual(["A-ONLY"]);

    token = await jwt(token, { trigger: "update", session: { shopId: b.shop.id } });
    const inB = await sessionOf(token);
    expect(inB).toMatchObject({ shopId: b.shop.id, shopName: "Switch B", role: "OWNER", email: a.users.manager.email });
    const caller = callerFor(inB);
    expect((await caller.catalog.products()).map((p) => p.sku)).toEqual(["B-ONLY"]);
    // With B's role: the owner-only settings now open, and list B's people, not A's.
    const members = await caller.settings.members();
    expect(members.map((m) => m.user.email)).toContain(b.users.owner.email);
    expect(members.map((m) => m.user.email)).not.toContain(a.users.owner.email);
  });

  it("refuses a shop without membership: the token keeps its shop", async () => {
    let token = await signIn(a.users.manager.email, "member-password");
    const before = await sessionOf(token);
    token = await jwt(token, { trigger: "update", session: { shopId: c.shop.id } });
    expect(await sessionOf(token)).toEqual(before);
    // Anything else sent with the update (a role, a made-up shop) is ignored too.
    token = await jwt(token, { trigger: "update", session: { shopId: "nope", role: "OWNER" } });
    expect(await sessionOf(token)).toEqual(before);
    // A forged session for C is still refused by every procedure.
    await expect(callerFor({ ...before, shopId: c.shop.id }).catalog.products()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("lands the next sign-in in the shop used last", async () => {
    let token = await signIn(a.users.manager.email, "member-password");
    token = await jwt(token, { trigger: "update", session: { shopId: b.shop.id } });
    expect((await signIn(a.users.manager.email, "member-password")).shopId).toBe(b.shop.id);
    token = await jwt(token, { trigger: "update", session: { shopId: a.shop.id } });
    expect(token.shopId).toBe(a.shop.id);
    expect((await signIn(a.users.manager.email, "member-password")).shopId).toBe(a.shop.id);
  });

  it("stops switching into a shop the user was removed from", async () => {
    const membership = await db.membership.findFirstOrThrow({ where: { shopId: b.shop.id, user: { email: a.users.manager.email } } });
    let token = await signIn(a.users.manager.email, "member-password");
    await b.callers.owner.settings.removeMember({ membershipId: membership.id });
    token = await jwt(token, { trigger: "update", session: { shopId: b.shop.id } });
    expect(token.shopId).toBe(a.shop.id);
    expect(await listUserShops(db, a.users.manager.id)).toHaveLength(1);
  });
});
