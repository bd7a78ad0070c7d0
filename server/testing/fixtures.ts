import { db } from "../db";
import type { Role } from "../domain/roles";
import { hashSecret } from "../auth/password";
import { createCaller } from "../api/root";
import { createShop } from "../services/shops";
import type { SessionUser } from "../services/sign-in";

let counter = 0;

/** A shop with an owner, a manager and a staff member, plus what `shop:create` makes. */
export async function createTestShop(name = "Test Donuts") {
  const n = ++counter;
  const created = await createShop(db, { name, ownerEmail: `owner${n}-${Date.now()}@test.local`, ownerPassword: "owner-password" });
  const shop = await db.shop.findUniqueOrThrow({ where: { id: created.shop.id } });
  const main = await db.location.findFirstOrThrow({ where: { shopId: shop.id, code: "main" } });
  const owner = await db.user.findUniqueOrThrow({ where: { email: created.owner.email } });
  const passwordHash = await hashSecret("member-password");
  const addMember = async (role: Role) => {
    const user = await db.user.create({
      data: { email: `${role.toLowerCase()}${n}-${Date.now()}@test.local`, name: `${role} ${n}`, passwordHash },
    });
    await db.membership.create({ data: { userId: user.id, shopId: shop.id, role } });
    return user;
  };
  const manager = await addMember("MANAGER");
  const staff = await addMember("STAFF");
  // Staff only reach the locations they are assigned to: the fixture's staff member works at main.
  const staffMembership = await db.membership.findUniqueOrThrow({ where: { userId_shopId: { userId: staff.id, shopId: shop.id } } });
  await db.membershipLocation.create({ data: { membershipId: staffMembership.id, locationId: main.id } });
  const session = (user: { id: string; email: string; name: string }, role: Role): SessionUser => ({
    id: user.id,
    email: user.email,
    name: user.name,
    shopId: shop.id,
    shopName: shop.name,
    role,
  });
  return {
    shop,
    main,
    created,
    users: { owner, manager, staff },
    sessions: { owner: session(owner, "OWNER"), manager: session(manager, "MANAGER"), staff: session(staff, "STAFF") },
    callers: {
      owner: callerFor(session(owner, "OWNER")),
      manager: callerFor(session(manager, "MANAGER")),
      staff: callerFor(session(staff, "STAFF")),
      anonymous: callerFor(null),
    },
  };
}

export type TestShop = Awaited<ReturnType<typeof createTestShop>>;

/** A tRPC caller with a real session against the test file's database. */
export function callerFor(session: SessionUser | null) {
  return createCaller({ db, session });
}
