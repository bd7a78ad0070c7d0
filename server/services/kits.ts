import type { DbTx } from "../db";
import type { KitGraph, KitLineRef } from "../domain/kit";

/**
 * The shop's whole kit graph keyed by product id (labels are SKUs), with component ids as refs.
 * Catalogs are small (hundreds of products), so one read serves a batch of explosions.
 */
export async function loadKitGraph(db: DbTx, shopId: string): Promise<KitGraph> {
  const products = await db.product.findMany({
    where: { shopId },
    select: { id: true, sku: true, kit: { select: { componentId: true, childProductId: true, quantity: true } } },
  });
  return new Map(
    products.map((p) => [
      p.id,
      {
        label: p.sku,
        lines: p.kit.flatMap((l): KitLineRef[] =>
          l.componentId
            ? [{ kind: "component", ref: l.componentId, quantity: l.quantity }]
            : l.childProductId
              ? [{ kind: "product", ref: l.childProductId, quantity: l.quantity }]
              : [],
        ),
      },
    ]),
  );
}
