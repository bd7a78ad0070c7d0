import type { Db, DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { generateTemporaryPassword } from "../domain/secrets";
import { hashSecret } from "../auth/password";
import { createApiKey } from "./api-keys";
import { createIntegration } from "./integrations";

export const DEFAULT_CHANNELS = [
  { code: "walk-in", name: "Walk-in", color: "#2563eb" },
  { code: "preorder-qr", name: "Preorder QR", color: "#d97706" },
  { code: "online", name: "Online", color: "#059669" },
  { code: "delivery", name: "Delivery", color: "#7c3aed" },
  { code: "event", name: "Event", color: "#db2777" },
] as const;

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "shop"
  );
}

/**
 * A new shop with its owner, a `main` location, default channels, one API key and one POS
 * integration of each kind — what `admin shop:create` prints and the seed builds on.
 */
export async function createShop(
  db: Db,
  input: { name: string; ownerEmail: string; ownerName?: string; ownerPassword?: string; timeZone?: string; slug?: string },
) {
  const email = input.ownerEmail.trim().toLowerCase();
  const password = input.ownerPassword ?? generateTemporaryPassword();
  const passwordHash = await hashSecret(password);
  return db.$transaction(async (tx) => {
    const taken = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (taken) throw invalidFields("Owner email already in use", { ownerEmail: `A user with email ${email} already exists.` });
    const base = input.slug ?? slugify(input.name);
    let slug = base;
    for (let i = 2; await tx.shop.findUnique({ where: { slug }, select: { id: true } }); i++) slug = `${base}-${i}`;
    const shop = await tx.shop.create({
      data: { name: input.name.trim(), slug, ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
    });
    const owner = await tx.user.create({
      data: { email, name: input.ownerName?.trim() || email.split("@")[0] || "Owner", passwordHash },
    });
    await tx.membership.create({ data: { userId: owner.id, shopId: shop.id, role: "OWNER" } });
    const main = await tx.location.create({ data: { shopId: shop.id, code: "main", name: "Main store", kind: "store" }, select: { id: true } });
    await tx.channel.createMany({ data: DEFAULT_CHANNELS.map((c) => ({ ...c, shopId: shop.id })) });
    const apiKey = await createApiKey(tx, shop.id, "Default key");
    const generic = await createIntegration(tx, shop.id, { kind: "generic", name: "Generic POS" });
    const shopify = await createIntegration(tx, shop.id, { kind: "shopify", name: "Shopify" });
    // Orders naming no location Backroom knows (Shopify's numeric location_id) land in `main`.
    await tx.integration.updateMany({ where: { shopId: shop.id, id: { in: [generic.id, shopify.id] } }, data: { defaultLocationId: main.id } });
    return {
      shop: { id: shop.id, name: shop.name },
      owner: { email, password },
      apiKey: apiKey.key,
      integrations: {
        generic: { id: generic.id, secret: generic.secret },
        shopify: { id: shopify.id, secret: shopify.secret },
      },
    };
  });
}

/** The shop's profile (name, time zone, currency): every report depends on the time zone. */
export async function getShopProfile(db: DbTx, shopId: string) {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true, name: true, timeZone: true, currency: true } });
  if (!shop) throw new DomainError("NOT_FOUND", "Shop not found.");
  return shop;
}
