import type { Db } from "../db";
import { DomainError } from "../domain/errors";
import { loadKitGraph } from "./kits";
import { reconcileConsumption } from "./orders";

/**
 * POS SKUs the catalog does not know. Their order lines are recorded without consumption; mapping a
 * SKU to a product stores an alias (later orders resolve through it) and applies the consumption of
 * every line already recorded, in one transaction.
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

export async function mapSku(db: Db, shopId: string, input: { sku: string; productId: string }) {
  const product = await db.product.findFirst({ where: { id: input.productId, shopId }, select: { id: true, sku: true, name: true } });
  if (!product) throw new DomainError("NOT_FOUND", "Product not found.");
  return db.$transaction(
    async (tx) => {
      // A product created later with the POS SKU itself needs no alias: its lines just get applied.
      if (product.sku !== input.sku) {
        await tx.skuAlias.upsert({
          where: { shopId_sku: { shopId, sku: input.sku } },
          create: { shopId, sku: input.sku, productId: product.id },
          update: { productId: product.id },
        });
      }
      const lines = await tx.orderLine.findMany({ where: { shopId, sku: input.sku, productId: null }, select: { orderId: true } });
      await tx.orderLine.updateMany({ where: { shopId, sku: input.sku, productId: null }, data: { productId: product.id } });
      const graph = await loadKitGraph(tx, shopId);
      const orderIds = [...new Set(lines.map((l) => l.orderId))];
      const now = new Date();
      for (const orderId of orderIds) await reconcileConsumption(tx, shopId, orderId, graph, now);
      return { sku: input.sku, product, linesMapped: lines.length, ordersUpdated: orderIds.length };
    },
    { timeout: 60_000 },
  );
}

export async function listSkuAliases(db: Db, shopId: string) {
  return db.skuAlias.findMany({
    where: { shopId },
    orderBy: { sku: "asc" },
    select: { id: true, sku: true, createdAt: true, product: { select: { id: true, sku: true, name: true } } },
  });
}
