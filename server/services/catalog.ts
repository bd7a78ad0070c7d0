import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { explodeKit } from "../domain/kit";
import { loadKitGraph } from "./kits";
import {
  kitCost,
  kitGraphFromCatalog,
  marginBasisPoints,
  parseCatalog,
  planCatalog,
  toMilli,
  type CatalogInput,
  type CatalogKitLine,
  type CatalogPlan,
  type ExistingCatalog,
  type ParsedCatalog,
} from "../domain/catalog";

/**
 * Catalog use-cases: the bulk upsert behind `PUT /api/v1/catalog`, CSV import and the seed.
 * `applyCatalog(db, shopId, body)` validates everything first (unknown refs, cycles, units) and
 * writes in one transaction, so nothing is ever half-applied; applying the same body twice
 * changes nothing the second time.
 */

/** What the shop has now, in the catalog contract's shape (codes, not ids). */
export async function loadExistingCatalog(db: DbTx, shopId: string): Promise<ExistingCatalog> {
  const [locations, components, products, moved] = await Promise.all([
    db.location.findMany({ where: { shopId }, select: { code: true, name: true, kind: true } }),
    db.component.findMany({
      where: { shopId },
      select: {
        code: true,
        name: true,
        unit: true,
        costPerUnitMilli: true,
        shelfLifeHours: true,
        active: true,
        supplier: { select: { name: true } },
        id: true,
      },
    }),
    db.product.findMany({
      where: { shopId },
      select: {
        sku: true,
        name: true,
        priceMinor: true,
        isModifier: true,
        category: true,
        active: true,
        kit: { select: { quantity: true, component: { select: { code: true } }, childProduct: { select: { sku: true } } } },
      },
    }),
    db.stockBalance.groupBy({ by: ["componentId"], where: { shopId } }),
  ]);
  const movedIds = new Set(moved.map((m) => m.componentId));
  return {
    locations,
    components: components.map((c) => ({
      code: c.code,
      name: c.name,
      unit: c.unit,
      costPerUnitMilli: c.costPerUnitMilli,
      shelfLifeHours: c.shelfLifeHours,
      supplier: c.supplier?.name ?? null,
      active: c.active,
      hasMovements: movedIds.has(c.id),
    })),
    products: products.map((p) => ({
      sku: p.sku,
      name: p.name,
      priceMinor: p.priceMinor,
      isModifier: p.isModifier,
      category: p.category,
      active: p.active,
      kit: p.kit.flatMap((l): CatalogKitLine[] =>
        l.component
          ? [{ component: l.component.code, quantity: l.quantity }]
          : l.childProduct
            ? [{ product: l.childProduct.sku, quantity: l.quantity }]
            : [],
      ),
    })),
  };
}

/** Validates a body and lists what it would change, without writing (CSV preview, dry runs). */
export async function previewCatalog(db: DbTx, shopId: string, input: CatalogInput | unknown): Promise<CatalogPlan> {
  const parsed = parseCatalog(input);
  return planCatalog(parsed, await loadExistingCatalog(db, shopId));
}

export type ApplyCatalogResult = Pick<CatalogPlan, "summary" | "changes">;

/** Idempotent bulk upsert of locations, components, products and kits; all or nothing. */
export async function applyCatalog(db: Db, shopId: string, input: CatalogInput | unknown): Promise<ApplyCatalogResult> {
  // Parsed before the transaction so a bad body never holds the write lock.
  const parsed = parseCatalog(input);
  return db.$transaction((tx) => upsertCatalog(tx, shopId, parsed));
}

/** applyCatalog inside the caller's transaction (the API stores its Idempotency-Key answer beside it). */
export async function upsertCatalog(tx: DbTx, shopId: string, input: CatalogInput | ParsedCatalog | unknown): Promise<ApplyCatalogResult> {
  const plan = planCatalog(parseCatalog(input), await loadExistingCatalog(tx, shopId));
  await writeCatalog(tx, shopId, plan);
  return { summary: plan.summary, changes: plan.changes };
}

async function writeCatalog(tx: DbTx, shopId: string, plan: CatalogPlan): Promise<void> {
  const { catalog } = plan;
  const action = (section: "locations" | "components" | "products", key: string) =>
    plan.changes.find((c) => c.section === section && c.key === key)?.action ?? "unchanged";

  for (const l of catalog.locations) {
    if (action("locations", l.code) === "unchanged") continue;
    await tx.location.upsert({
      where: { shopId_code: { shopId, code: l.code } },
      create: { shopId, code: l.code, name: l.name, kind: l.kind },
      update: { name: l.name, kind: l.kind },
    });
  }

  const supplierIds = await ensureSuppliers(tx, shopId, catalog);
  for (const c of catalog.components) {
    if (action("components", c.code) === "unchanged") continue;
    const data = {
      name: c.name,
      unit: c.unit,
      ...(c.costPerUnitMinor !== undefined ? { costPerUnitMilli: toMilli(c.costPerUnitMinor) ?? 0 } : {}),
      ...(c.shelfLifeHours !== undefined ? { shelfLifeHours: c.shelfLifeHours } : {}),
      ...(c.supplier !== undefined ? { supplierId: c.supplier === null ? null : (supplierIds.get(c.supplier) ?? null) } : {}),
      ...(c.active !== undefined ? { active: c.active } : {}),
    };
    await tx.component.upsert({
      where: { shopId_code: { shopId, code: c.code } },
      create: { shopId, code: c.code, ...data },
      update: data,
    });
  }

  // Products first (without kits) so kits may refer to products created in the same body.
  const touched = catalog.products.filter((p) => action("products", p.sku) !== "unchanged");
  for (const p of touched) {
    const data = {
      name: p.name,
      priceMinor: p.priceMinor,
      ...(p.isModifier !== undefined ? { isModifier: p.isModifier } : {}),
      ...(p.category !== undefined ? { category: p.category } : {}),
      ...(p.active !== undefined ? { active: p.active } : {}),
    };
    await tx.product.upsert({ where: { shopId_sku: { shopId, sku: p.sku } }, create: { shopId, sku: p.sku, ...data }, update: data });
  }
  if (touched.length === 0) return;
  const [componentIds, productIds] = await Promise.all([
    tx.component.findMany({ where: { shopId }, select: { id: true, code: true } }).then((r) => new Map(r.map((c) => [c.code, c.id]))),
    tx.product.findMany({ where: { shopId }, select: { id: true, sku: true } }).then((r) => new Map(r.map((p) => [p.sku, p.id]))),
  ]);
  const rekitted = touched.filter((p) => p.kit !== undefined);
  await tx.kitLine.deleteMany({ where: { productId: { in: rekitted.map((p) => productIds.get(p.sku) ?? "") } } });
  await tx.kitLine.createMany({
    data: rekitted.flatMap((p) =>
      (p.kit ?? []).map((line) => ({
        productId: productIds.get(p.sku) ?? "",
        componentId: "component" in line ? (componentIds.get(line.component) ?? null) : null,
        childProductId: "product" in line ? (productIds.get(line.product) ?? null) : null,
        quantity: line.quantity,
      })),
    ),
  });
}

async function ensureSuppliers(tx: DbTx, shopId: string, catalog: ParsedCatalog): Promise<Map<string, string>> {
  const names = [...new Set(catalog.components.flatMap((c) => (c.supplier ? [c.supplier] : [])))];
  if (names.length === 0) return new Map();
  const existing = await tx.supplier.findMany({ where: { shopId, name: { in: names } }, select: { id: true, name: true } });
  const ids = new Map(existing.map((s) => [s.name, s.id]));
  for (const name of names) {
    if (ids.has(name)) continue;
    const created = await tx.supplier.create({ data: { shopId, name }, select: { id: true } });
    ids.set(name, created.id);
  }
  return ids;
}

// ───────────────────────── reads for the editors ─────────────────────────

/** Components with supplier and total on-hand across locations. */
export async function listComponents(db: DbTx, shopId: string) {
  const [components, totals] = await Promise.all([
    db.component.findMany({
      where: { shopId },
      select: {
        id: true,
        code: true,
        name: true,
        unit: true,
        costPerUnitMilli: true,
        shelfLifeHours: true,
        active: true,
        supplier: { select: { id: true, name: true } },
        _count: { select: { kitLines: true } },
      },
      orderBy: { code: "asc" },
    }),
    db.stockBalance.groupBy({ by: ["componentId"], where: { shopId }, _sum: { onHand: true } }),
  ]);
  const onHand = new Map(totals.map((t) => [t.componentId, t._sum.onHand ?? 0]));
  return components.map(({ _count, ...c }) => ({ ...c, usedInKits: _count.kitLines, onHand: onHand.get(c.id) ?? 0 }));
}

/** The shop's locations; `allowedLocationIds` (a staff member's assignment) narrows them, empty = all. */
export async function listLocations(db: DbTx, shopId: string, options: { allowedLocationIds?: readonly string[] } = {}) {
  const allowed = options.allowedLocationIds?.length ? [...options.allowedLocationIds] : null;
  return db.location.findMany({
    where: { shopId, ...(allowed ? { id: { in: allowed } } : {}) },
    select: { id: true, code: true, name: true, kind: true, active: true },
    orderBy: { code: "asc" },
  });
}

export async function listSuppliers(db: DbTx, shopId: string) {
  return db.supplier.findMany({ where: { shopId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

type CostedUsage = { componentId: string; code: string; name: string; unit: string; quantity: number; costMilli: number };

/**
 * Products with their exploded component usage for one unit, its exact cost (thousandths of a
 * minor unit) and the margin. One graph read serves the whole list.
 */
export async function listProducts(db: DbTx, shopId: string) {
  const [products, graph, components] = await Promise.all([
    db.product.findMany({
      where: { shopId },
      select: {
        id: true,
        sku: true,
        name: true,
        priceMinor: true,
        isModifier: true,
        category: true,
        active: true,
        kit: {
          select: {
            id: true,
            quantity: true,
            component: { select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true } },
            childProduct: { select: { id: true, sku: true, name: true } },
          },
        },
      },
      orderBy: [{ isModifier: "asc" }, { sku: "asc" }],
    }),
    loadKitGraph(db, shopId),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, name: true, unit: true, costPerUnitMilli: true } }),
  ]);
  const byId = new Map(components.map((c) => [c.id, c]));
  return products.map((p) => {
    // Catalog writes refuse kits that cannot explode, but a row saved before that rule (or edited
    // by hand) must not take the whole list down: it shows its problem instead.
    let usage: Map<string, number>;
    let kitError: string | null = null;
    try {
      usage = explodeKit(graph, p.id, 1);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      usage = new Map();
      kitError = error.message;
    }
    const exploded: CostedUsage[] = [...usage].flatMap(([componentId, quantity]) => {
      const c = byId.get(componentId);
      return c ? [{ componentId, code: c.code, name: c.name, unit: c.unit, quantity, costMilli: quantity * c.costPerUnitMilli }] : [];
    });
    exploded.sort((x, y) => y.costMilli - x.costMilli);
    const { costMilli, uncosted } = kitCost(usage, (id) => byId.get(id)?.costPerUnitMilli);
    return {
      ...p,
      exploded,
      costMilli,
      uncosted: uncosted.map((id) => byId.get(id)?.code ?? id),
      marginBp: kitError ? null : marginBasisPoints(p.priceMinor, costMilli),
      kitError,
    };
  });
}

/** Exploded usage, cost and margin of a draft kit, before it is saved (the editor's live preview). */
export async function previewKit(
  db: DbTx,
  shopId: string,
  input: { sku: string; priceMinor: number; kit: CatalogKitLine[] },
) {
  const existing = await loadExistingCatalog(db, shopId);
  const kits = new Map<string, CatalogKitLine[]>(existing.products.map((p) => [p.sku, p.kit]));
  const sku = input.sku || "(new product)";
  kits.set(sku, input.kit);
  const known = new Set(existing.components.map((c) => c.code));
  for (const line of input.kit) {
    if ("component" in line && !known.has(line.component)) throw new DomainError("UNPROCESSABLE", `Unknown component ${line.component}`);
    if ("product" in line && !kits.has(line.product)) throw new DomainError("UNPROCESSABLE", `Unknown product ${line.product}`);
  }
  const graph = kitGraphFromCatalog(kits);
  const usage = explodeKit(graph, sku, 1);
  const components = await db.component.findMany({ where: { shopId }, select: { code: true, name: true, unit: true, costPerUnitMilli: true } });
  const byCode = new Map(components.map((c) => [c.code, c]));
  const { costMilli, uncosted } = kitCost(usage, (code) => byCode.get(code)?.costPerUnitMilli);
  return {
    exploded: [...usage].map(([code, quantity]) => {
      const c = byCode.get(code);
      return { code, name: c?.name ?? code, unit: c?.unit ?? "", quantity, costMilli: quantity * (c?.costPerUnitMilli ?? 0) };
    }),
    costMilli,
    uncosted,
    marginBp: marginBasisPoints(input.priceMinor, costMilli),
  };
}
