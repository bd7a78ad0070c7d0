import type { Db } from "../db";
import { DomainError } from "../domain/errors";
import { loadKitGraph } from "./kits";
import { reconcileConsumption } from "./orders";

/**
 * POS SKUs the catalog does not know. Their order lines are recorded without consumption; mapping a
 * SKU to a product stores an alias (later orders resolve through it) and applies the consumption of
 * every line already recorded.
 */
export async function listUnmappedSkus(db: Db, shopId: string) {
  const groups = await db.orderLine.groupBy({
    by: ["sku"],
    where: { shopId, productId: null },
    _count: { _all: true },
    _sum: { quantity: true },
    _max: { businessDate: true },
    orderBy: { sku: "asc" },
  });
  return groups.map((g) => ({ sku: g.sku, lines: g._count._all, quantity: g._sum.quantity ?? 0, lastSeen: g._max.businessDate }));
}

/** Orders re-applied per transaction: short enough that webhooks waiting for the connection never notice. */
const MAP_CHUNK_ORDERS = 50;

/**
 * Maps a POS SKU to a product. The alias is stored first (in its own transaction, so orders arriving
 * from then on resolve through it), then the recorded lines are mapped and their consumption applied
 * in short transactions of MAP_CHUNK_ORDERS orders each: every order is re-applied whole inside one
 * of them, and a long history never holds the single SQLite connection for more than a moment.
 */
export async function mapSku(db: Db, shopId: string, input: { sku: string; productId: string }) {
  const product = await db.product.findFirst({ where: { id: input.productId, shopId }, select: { id: true, sku: true, name: true } });
  if (!product) throw new DomainError("NOT_FOUND", "Product not found.");
  // A product created later with the POS SKU itself needs no alias: its lines just get applied.
  if (product.sku !== input.sku) {
    await db.skuAlias.upsert({
      where: { shopId_sku: { shopId, sku: input.sku } },
      create: { shopId, sku: input.sku, productId: product.id },
      update: { productId: product.id },
    });
  }
  let linesMapped = 0;
  let ordersUpdated = 0;
  for (;;) {
    const chunk = await db.$transaction(async (tx) => {
      const orders = await tx.orderLine.findMany({
        where: { shopId, sku: input.sku, productId: null },
        distinct: ["orderId"],
        select: { orderId: true },
        take: MAP_CHUNK_ORDERS,
      });
      if (orders.length === 0) return { lines: 0, orders: 0 };
      const orderIds = orders.map((o) => o.orderId);
      const mapped = await tx.orderLine.updateMany({ where: { shopId, sku: input.sku, productId: null, orderId: { in: orderIds } }, data: { productId: product.id } });
      const graph = await loadKitGraph(tx, shopId);
      const now = new Date();
      for (const orderId of orderIds) await reconcileConsumption(tx, shopId, orderId, graph, now);
      return { lines: mapped.count, orders: orderIds.length };
    });
    if (chunk.orders === 0) break;
    linesMapped += chunk.lines;
    ordersUpdated += chunk.orders;
    // Let webhooks queued behind this chunk go first.
    await new Promise((r) => setImmediate(r));
  }
  return { sku: input.sku, product, linesMapped, ordersUpdated };
}

export async function listSkuAliases(db: Db, shopId: string) {
  return db.skuAlias.findMany({
    where: { shopId },
    orderBy: { sku: "asc" },
    select: { id: true, sku: true, createdAt: true, product: { select: { id: true, sku: true, name: true } } },
  });
}
