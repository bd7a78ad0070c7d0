import type { Db } from "../db";
import type { AllocationRow } from "../domain/allocation";
import { DomainError, invalidFields } from "../domain/errors";

const COLOR = /^#[0-9a-f]{6}$/i;
const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

export async function listChannels(db: Db, shopId: string) {
  return db.channel.findMany({ where: { shopId }, select: { id: true, code: true, name: true, color: true }, orderBy: { createdAt: "asc" } });
}

/** A new sales channel (its code is what POS orders carry in `channel`). */
export async function createChannel(db: Db, shopId: string, input: { code: string; name: string; color: string }) {
  const fields: Record<string, string> = {};
  if (!CODE.test(input.code)) fields.code = "Use lowercase letters, digits and dashes, e.g. market-stall.";
  if (!input.name.trim()) fields.name = "Give the channel a name.";
  if (!COLOR.test(input.color)) fields.color = "Pick a colour like #2563eb.";
  if (Object.keys(fields).length) throw invalidFields("Check the channel.", fields);
  const existing = await db.channel.findUnique({ where: { shopId_code: { shopId, code: input.code } }, select: { id: true } });
  if (existing) throw invalidFields("Channel exists.", { code: "A channel with this code already exists." });
  return db.channel.create({ data: { shopId, code: input.code, name: input.name.trim(), color: input.color.toLowerCase() }, select: { id: true } });
}

/** Renames or recolours a channel; its code stays, since orders refer to it. */
export async function updateChannel(db: Db, shopId: string, input: { id: string; name: string; color: string }) {
  const fields: Record<string, string> = {};
  if (!input.name.trim()) fields.name = "Give the channel a name.";
  if (!COLOR.test(input.color)) fields.color = "Pick a colour like #2563eb.";
  if (Object.keys(fields).length) throw invalidFields("Check the channel.", fields);
  const changed = await db.channel.updateMany({ where: { id: input.id, shopId }, data: { name: input.name.trim(), color: input.color.toLowerCase() } });
  if (changed.count === 0) throw new DomainError("NOT_FOUND", "Channel not found.");
  return { id: input.id };
}

/** A stored allocation as the domain's row: it holds either a product or a component. */
export function allocationRow(r: { productId: string | null; componentId: string | null; channel: string; quantity: number }): AllocationRow[] {
  if (r.productId) return [{ item: { kind: "product", key: r.productId }, channel: r.channel, quantity: r.quantity }];
  if (r.componentId) return [{ item: { kind: "component", key: r.componentId }, channel: r.channel, quantity: r.quantity }];
  return [];
}

/** Buffers at one location: every product × channel and component × channel that holds a quantity. */
export async function listAllocations(db: Db, shopId: string, locationId: string) {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  return db.channelAllocation.findMany({
    where: { shopId, locationId },
    select: { id: true, productId: true, componentId: true, channel: true, quantity: true, updatedAt: true },
  });
}

export type AllocationInput = { locationId: string; productId?: string | null; componentId?: string | null; channel: string; quantity: number };

/**
 * Sets the buffer a channel holds at a location — units of a product, or a quantity of a component
 * (in its unit) — exactly one of the two; 0 removes it.
 */
export async function setAllocation(db: Db, shopId: string, input: AllocationInput) {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 0) {
    throw invalidFields("Check the quantity.", { quantity: "Enter a whole number of 0 or more." });
  }
  const productId = input.productId || null;
  const componentId = input.componentId || null;
  if ((productId === null) === (componentId === null)) {
    throw invalidFields("Pick a product or a component.", { item: "Hold either a product or a component, not both." });
  }
  const [location, product, component, channel] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } }),
    productId ? db.product.findFirst({ where: { id: productId, shopId }, select: { id: true } }) : null,
    componentId ? db.component.findFirst({ where: { id: componentId, shopId }, select: { id: true } }) : null,
    db.channel.findUnique({ where: { shopId_code: { shopId, code: input.channel } }, select: { id: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (productId && !product) throw new DomainError("NOT_FOUND", "Product not found.");
  if (componentId && !component) throw new DomainError("NOT_FOUND", "Component not found.");
  if (!channel) throw new DomainError("NOT_FOUND", "Channel not found.");
  const where = { shopId, locationId: input.locationId, channel: input.channel, ...(productId ? { productId } : { componentId }) };
  if (input.quantity === 0) {
    await db.channelAllocation.deleteMany({ where });
    return { quantity: 0 };
  }
  const key = productId
    ? { locationId_productId_channel: { locationId: input.locationId, productId, channel: input.channel } }
    : { locationId_componentId_channel: { locationId: input.locationId, componentId: componentId ?? "", channel: input.channel } };
  return db.channelAllocation.upsert({
    where: key,
    create: { shopId, locationId: input.locationId, productId, componentId, channel: input.channel, quantity: input.quantity },
    update: { quantity: input.quantity },
    select: { quantity: true },
  });
}
