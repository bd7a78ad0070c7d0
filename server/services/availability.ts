import type { Db, DbTx } from "../db";
import { buildHolds, type LiveDropCap } from "../domain/allocation";
import { computeAvailability } from "../domain/availability";
import { DomainError } from "../domain/errors";
import { allocationRow } from "./allocations";
import { loadKitGraph } from "./kits";
import { loadDropSales, parseChannels, soldPerProduct } from "./drops-sales";
import { settlePendingInbox } from "./ingest";

/** Caps still held by drops live at `now` at a location: cap less what each product sold. */
export async function loadLiveDropCaps(tx: DbTx, shopId: string, locationId: string, now: Date): Promise<LiveDropCap[]> {
  const drops = await tx.drop.findMany({
    where: { shopId, locationId, status: { in: ["SCHEDULED", "LIVE"] }, startsAt: { lte: now }, endsAt: { gt: now } },
    select: { locationId: true, startsAt: true, endsAt: true, channels: true, campaign: true, items: { select: { productId: true, cap: true } } },
  });
  const caps: LiveDropCap[] = [];
  for (const d of drops) {
    const channels = parseChannels(d.channels);
    const sold = soldPerProduct(
      await loadDropSales(tx, shopId, { ...d, channels, productIds: d.items.map((i) => i.productId) }),
    );
    for (const i of d.items) caps.push({ productKey: i.productId, channels, cap: i.cap, sold: sold.get(i.productId) ?? 0 });
  }
  return caps;
}

type Snapshot = Awaited<ReturnType<typeof readSnapshot>>;

/** Balances, allocations and live drops read together (call inside one transaction). */
async function readSnapshot(tx: DbTx, shopId: string, locationId: string, now: Date) {
  const [graph, balances, allocations, products, liveDrops, components] = await Promise.all([
    loadKitGraph(tx, shopId),
    tx.stockBalance.findMany({ where: { shopId, locationId }, select: { componentId: true, onHand: true } }),
    tx.channelAllocation.findMany({ where: { shopId, locationId }, select: { productId: true, componentId: true, channel: true, quantity: true } }),
    tx.product.findMany({ where: { shopId, active: true, isModifier: false }, select: { id: true, sku: true, name: true }, orderBy: { sku: "asc" } }),
    loadLiveDropCaps(tx, shopId, locationId, now),
    tx.component.findMany({ where: { shopId }, select: { id: true, code: true } }),
  ]);
  return { graph, balances, allocations, products, liveDrops, components };
}

function availabilityFrom(s: Snapshot, channel: string) {
  // Product buffers hold their exploded kit, component buffers the component itself.
  const holds = buildHolds(s.allocations.flatMap(allocationRow), s.liveDrops);
  const nameBySku = new Map(s.products.map((p) => [p.sku, p.name]));
  const codeById = new Map(s.components.map((c) => [c.id, c.code]));
  return computeAvailability({
    graph: s.graph,
    products: s.products.map((p) => ({ key: p.id, sku: p.sku })),
    onHand: new Map(s.balances.map((b) => [b.componentId, b.onHand])),
    holds,
    channel,
  }).map((p) => ({ ...p, name: nameBySku.get(p.sku) ?? p.sku, limitedBy: p.limitedBy ? (codeById.get(p.limitedBy) ?? null) : null }));
}

/**
 * What `channel` may still sell of each product at a location. Balances, allocations and live
 * drops are read in one transaction so concurrent orders never give a mixed snapshot.
 */
export async function getAvailability(db: Db, shopId: string, { locationId, channel, now = new Date() }: { locationId: string; channel: string; now?: Date }) {
  const snapshot = await db.$transaction((tx) => readSnapshot(tx, shopId, locationId, now));
  return availabilityFrom(snapshot, channel);
}

/** Every channel's availability at a location from one snapshot, for the channels page preview. */
export async function previewAvailability(db: Db, shopId: string, locationId: string, now = new Date()) {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  const [channels, snapshot] = await Promise.all([
    db.channel.findMany({ where: { shopId }, select: { code: true }, orderBy: { createdAt: "asc" } }),
    db.$transaction((tx) => readSnapshot(tx, shopId, locationId, now)),
  ]);
  return {
    liveDrops: snapshot.liveDrops.length,
    channels: channels.map((c) => ({ channel: c.code, products: availabilityFrom(snapshot, c.code) })),
  };
}

/** The integrator feed: 404 for an unknown location code, 400 for a missing or unknown channel. */
export async function getAvailabilityFeed(db: Db, shopId: string, locationCode: string, channel: string | null, now = new Date()) {
  const location = await db.location.findUnique({ where: { shopId_code: { shopId, code: locationCode } }, select: { id: true, code: true } });
  if (!location) throw new DomainError("NOT_FOUND", `Unknown location "${locationCode}".`);
  if (!channel) throw new DomainError("BAD_REQUEST", "Add ?channel=<code>, e.g. ?channel=online.");
  // A tool that just posted orders reads what they left (bounded; the rest drains in the background).
  await settlePendingInbox(db, shopId);
  const known = await db.channel.findUnique({ where: { shopId_code: { shopId, code: channel } }, select: { code: true } });
  if (!known) {
    const codes = (await db.channel.findMany({ where: { shopId }, select: { code: true } })).map((c) => c.code);
    throw new DomainError("BAD_REQUEST", `Unknown channel "${channel}".`, { channels: codes });
  }
  const products = await getAvailability(db, shopId, { locationId: location.id, channel, now });
  return { location: location.code, channel, products: products.map((p) => ({ sku: p.sku, available: p.available })) };
}
