import type { Db, DbTx } from "../db";
import { fromMilli, planCatalog, type ParsedCatalog, type PlannedChange } from "../domain/catalog";
import {
  COMPONENT_COLUMNS,
  COUNT_COLUMNS,
  PRODUCT_COLUMNS,
  componentsFromCsv,
  countsFromCsv,
  formatKitCell,
  productsFromCsv,
  toCsv,
  type RowError,
} from "../domain/csv";
import { DomainError } from "../domain/errors";
import { applyCatalog, loadExistingCatalog } from "./catalog";
import { appendStockActions, type Actor } from "./stock";
import { groupBy } from "../domain/collections";

/**
 * CSV import/export of components, products+kits and stock counts. Import is two steps: preview
 * (what would change + row errors, no writes) and apply (re-checks, then writes everything in one
 * transaction, or nothing if any row is wrong).
 */
export const CSV_KINDS = ["components", "products", "counts"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export type CountChange = { row: number; location: string; component: string; name: string; unit: string; expected: number; counted: number; delta: number };
export type CsvPreview = {
  kind: CsvKind;
  rows: number;
  errors: RowError[];
  changes: PlannedChange[];
  counts: CountChange[];
  canApply: boolean;
};

export async function exportCsv(db: DbTx, shopId: string, kind: CsvKind): Promise<string> {
  const existing = await loadExistingCatalog(db, shopId);
  if (kind === "components") {
    return toCsv([
      [...COMPONENT_COLUMNS],
      ...existing.components
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((c) => [c.code, c.name, c.unit, fromMilli(c.costPerUnitMilli), c.shelfLifeHours, c.supplier, c.active ? "yes" : "no"]),
    ]);
  }
  if (kind === "products") {
    return toCsv([
      [...PRODUCT_COLUMNS],
      ...existing.products
        .sort((a, b) => a.sku.localeCompare(b.sku))
        .map((p) => [p.sku, p.name, p.priceMinor, p.category, p.isModifier ? "yes" : "no", p.active ? "yes" : "no", formatKitCell(p.kit)]),
    ]);
  }
  // A count sheet: one row per active component per location, with on-hand for reference and a blank to fill.
  const [locations, components, balances] = await Promise.all([
    db.location.findMany({ where: { shopId, active: true }, select: { id: true, code: true }, orderBy: { code: "asc" } }),
    db.component.findMany({ where: { shopId, active: true }, select: { id: true, code: true, name: true, unit: true }, orderBy: { code: "asc" } }),
    db.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } }),
  ]);
  const onHand = new Map(balances.map((b) => [`${b.locationId}:${b.componentId}`, b.onHand]));
  return toCsv([
    [...COUNT_COLUMNS, "name", "unit", "on_hand"],
    ...locations.flatMap((l) => components.map((c) => [l.code, c.code, "", c.name, c.unit, onHand.get(`${l.id}:${c.id}`) ?? 0])),
  ]);
}

/**
 * Plans catalog rows, turning each refused entry (unknown ref, cycle, unit change) into a row
 * error and planning the rest again, so the preview lists every bad row rather than the first.
 */
function planRows<T extends { row: number }>(
  rows: T[],
  toCatalog: (rows: T[]) => ParsedCatalog,
  section: "components" | "products",
  existing: Awaited<ReturnType<typeof loadExistingCatalog>>,
  errors: RowError[],
): PlannedChange[] {
  let remaining = rows;
  for (let attempt = 0; attempt <= rows.length; attempt++) {
    try {
      return planCatalog(toCatalog(remaining), existing).changes;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const entry = (error.details as { entry?: string } | null)?.entry ?? "";
      const index = Number(new RegExp(`^${section}\\[(\\d+)\\]`).exec(entry)?.[1] ?? Number.NaN);
      const bad = remaining[index];
      if (!bad) {
        errors.push({ row: 1, message: error.message });
        return [];
      }
      errors.push({ row: bad.row, message: error.message.replace(/^\S+ \([^)]*\): /, "") });
      remaining = remaining.filter((_, i) => i !== index);
    }
  }
  return [];
}

export async function previewCsv(db: DbTx, shopId: string, kind: CsvKind, text: string): Promise<CsvPreview> {
  if (kind === "counts") return previewCounts(db, shopId, text);
  const existing = await loadExistingCatalog(db, shopId);
  if (kind === "components") {
    const { entries, errors } = componentsFromCsv(text);
    const changes = planRows(entries, (r) => ({ locations: [], components: r.map((e) => e.entry), products: [] }), "components", existing, errors);
    return finish(kind, entries.length + errors.length, errors, changes, []);
  }
  const { entries, errors } = productsFromCsv(text);
  const changes = planRows(entries, (r) => ({ locations: [], components: [], products: r.map((e) => e.entry) }), "products", existing, errors);
  return finish(kind, entries.length + errors.length, errors, changes, []);
}

function finish(kind: CsvKind, rows: number, errors: RowError[], changes: PlannedChange[], counts: CountChange[]): CsvPreview {
  errors.sort((a, b) => a.row - b.row);
  const work = changes.some((c) => c.action !== "unchanged") || counts.length > 0;
  return { kind, rows, errors, changes, counts, canApply: errors.length === 0 && work };
}

async function previewCounts(db: DbTx, shopId: string, text: string): Promise<CsvPreview> {
  const { entries, errors } = countsFromCsv(text);
  const rows = entries.length + errors.length;
  const [locations, components] = await Promise.all([
    db.location.findMany({ where: { shopId }, select: { id: true, code: true } }),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, name: true, unit: true } }),
  ]);
  const locationId = new Map(locations.map((l) => [l.code, l.id]));
  const component = new Map(components.map((c) => [c.code, c]));
  const balances = new Map(
    (await db.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } })).map((b) => [
      `${b.locationId}:${b.componentId}`,
      b.onHand,
    ]),
  );
  const counts: CountChange[] = [];
  for (const e of entries) {
    const lid = locationId.get(e.location);
    const c = component.get(e.component);
    if (!lid) errors.push({ row: e.row, message: `unknown location ${e.location}` });
    else if (!c) errors.push({ row: e.row, message: `unknown component ${e.component}` });
    else {
      const expected = balances.get(`${lid}:${c.id}`) ?? 0;
      counts.push({ row: e.row, location: e.location, component: e.component, name: c.name, unit: c.unit, expected, counted: e.counted, delta: e.counted - expected });
    }
  }
  return finish("counts", rows, errors, [], counts);
}

/** Applies a CSV after checking it again; any row error refuses the whole file. */
export async function applyCsv(db: Db, shopId: string, kind: CsvKind, text: string, actor: Actor = {}) {
  const preview = await previewCsv(db, shopId, kind, text);
  if (preview.errors.length) {
    throw new DomainError("UNPROCESSABLE", `${preview.errors.length} row${preview.errors.length > 1 ? "s have" : " has"} errors; nothing was applied.`, {
      errors: preview.errors,
    });
  }
  if (kind === "components") {
    const { entries } = componentsFromCsv(text);
    const result = await applyCatalog(db, shopId, { components: entries.map((e) => e.entry) });
    return { applied: result.changes.filter((c) => c.action !== "unchanged").length };
  }
  if (kind === "products") {
    const { entries } = productsFromCsv(text);
    const result = await applyCatalog(db, shopId, { products: entries.map((e) => e.entry) });
    return { applied: result.changes.filter((c) => c.action !== "unchanged").length };
  }
  const { entries } = countsFromCsv(text);
  return db.$transaction(async (tx) => {
    const [locations, components] = await Promise.all([
      tx.location.findMany({ where: { shopId }, select: { id: true, code: true } }),
      tx.component.findMany({ where: { shopId }, select: { id: true, code: true } }),
    ]);
    const locationId = new Map(locations.map((l) => [l.code, l.id]));
    const componentId = new Map(components.map((c) => [c.code, c.id]));
    const byLocation = groupBy(entries, (e) => e.location);
    let applied = 0;
    for (const [code, rows] of byLocation) {
      const results = await appendStockActions(
        tx,
        shopId,
        locationId.get(code) ?? "",
        rows.map((r) => ({ type: "count" as const, componentId: componentId.get(r.component) ?? "", quantity: r.counted, reason: "CSV count" })),
        actor,
        (i) => `row ${rows[i]?.row ?? "?"}`,
      );
      applied += results.length;
    }
    return { applied };
  });
}
