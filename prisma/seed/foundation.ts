import type { Db } from "../../server/db";
import { hashSecret } from "../../server/auth/password";
import { createShop } from "../../server/services/shops";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

export type DemoShop = { shopId: string; locations: Record<string, string> };

/** The "demo" donut shop: owner, manager, two staff, four locations and the default channels. */
export async function seedFoundation(db: Db): Promise<DemoShop> {
  const created = await createShop(db, {
    name: "Glaze & Co. Donuts",
    slug: "demo",
    ownerEmail: DEMO_USERS.owner.email,
    ownerName: DEMO_USERS.owner.name,
    ownerPassword: DEMO_PASSWORD,
    timeZone: "America/New_York",
  });
  const shopId = created.shop.id;
  await db.location.update({ where: { shopId_code: { shopId, code: "main" } }, data: { name: "Main Street store" } });
  const extra = [
    { code: "kiosk", name: "Station kiosk", kind: "kiosk" },
    { code: "hub", name: "Bakery micro-hub", kind: "micro-hub" },
    { code: "popup", name: "Saturday market pop-up", kind: "pop-up" },
  ];
  for (const l of extra) await db.location.create({ data: { ...l, shopId } });
  const locations = Object.fromEntries(
    (await db.location.findMany({ where: { shopId }, select: { id: true, code: true } })).map((l) => [l.code, l.id]),
  );
  const passwordHash = await hashSecret(DEMO_PASSWORD);
  for (const u of [DEMO_USERS.manager, DEMO_USERS.staff, DEMO_USERS.staffKiosk]) {
    const user = await db.user.create({ data: { email: u.email, name: u.name, passwordHash } });
    const membership = await db.membership.create({ data: { userId: user.id, shopId, role: u.role } });
    if (u === DEMO_USERS.staffKiosk && locations.kiosk) {
      await db.membershipLocation.create({ data: { membershipId: membership.id, locationId: locations.kiosk } });
    }
  }
  return { shopId, locations };
}
