import { z } from "zod";
import { DomainError } from "./errors";
import { explodeKit, findKitCycle, kitAncestors, nearestInKit, type KitGraph, type KitLineRef } from "./kit";

/**
 * The catalog contract of `PUT /api/v1/catalog` (DESIGN.md), shared by the API, CSV import and the
 * seed. Pure: validation and diffing only; the service applies the plan in one transaction.
 */
export const UNITS = ["g", "ml", "pc"] as const;
export type Unit = (typeof UNITS)[number];
export const LOCATION_KINDS = ["store", "kiosk", "micro-hub", "pop-up"] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const MAX_QUANTITY = 1_000_000_000;
const code = z
  .string()
  .trim()
  .min(1, "Code is required")
  .max(64, "Code is at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dot, dash or underscore");
/** Whether a location/component code or SKU could exist (paths of the API check before looking). */
export function isValidCode(value: string): boolean {
  return code.safeParse(value).success && value.trim() === value;
}
const name = z.string().trim().min(1, "Name is required").max(120, "Name is at most 120 characters");

/** Cost per unit in minor units, up to three decimals (0.2¢ per gram), stored exactly as thousandths. */
export function toMilli(costPerUnitMinor: number): number | null {
  const milli = Math.round(costPerUnitMinor * 1000);
  if (!Number.isSafeInteger(milli) || milli < 0 || Math.abs(milli - costPerUnitMinor * 1000) > 1e-6) return null;
  return milli;
}

export function fromMilli(milli: number): number {
  return milli / 1000;
}

export const catalogLocationSchema = z.object({
  code,
  name,
  kind: z.enum(LOCATION_KINDS, { error: `Kind must be one of ${LOCATION_KINDS.join(", ")}` }),
});
export const catalogComponentSchema = z.object({
  code,
  name,
  unit: z.enum(UNITS, { error: `Unit must be one of ${UNITS.join(", ")}` }),
  costPerUnitMinor: z
    .number({ error: "Enter a cost in cents, e.g. 0.35" })
    .min(0, "Cost cannot be negative")
    .max(100_000_000, "Cost is too large")
    .refine((v) => toMilli(v) !== null, "Cost has at most three decimals")
    .optional(),
  shelfLifeHours: z.number({ error: "Enter whole hours" }).int("Shelf life is whole hours").min(1).max(100_000).nullable().optional(),
  supplier: z.string().trim().min(1).max(120).nullable().optional(),
  active: z.boolean().optional(),
});
const quantity = z
  .number({ error: "Quantity must be a whole number" })
  .int("Quantity must be a whole number")
  .min(1, "Quantity must be at least 1")
  .max(MAX_QUANTITY, "Quantity is too large");
export const catalogKitLineSchema = z.union([
  z.object({ component: code, quantity }).strict(),
  z.object({ product: code, quantity }).strict(),
]);
export const catalogProductSchema = z.object({
  sku: code,
  name,
  priceMinor: z.number({ error: "Enter a price" }).int("Price is whole minor units").min(0, "Price cannot be negative").max(100_000_000),
  isModifier: z.boolean().optional(),
  category: z.string().trim().max(60).nullable().optional(),
  active: z.boolean().optional(),
  // Omitted: a new product gets an empty kit and an existing one keeps its kit.
  kit: z.array(catalogKitLineSchema).max(200, "A kit has at most 200 lines").optional(),
});
export const catalogInputSchema = z.object({
  locations: z.array(catalogLocationSchema).max(1000).default([]),
  components: z.array(catalogComponentSchema).max(10_000).default([]),
  products: z.array(catalogProductSchema).max(10_000).default([]),
});

export type CatalogInput = z.input<typeof catalogInputSchema>;
export type ParsedCatalog = z.output<typeof catalogInputSchema>;
export type CatalogKitLine = z.output<typeof catalogKitLineSchema>;

/** Names an entry of the body the way an integrator reads it: `products[3] (GLAZED)`. */
function entryName(raw: unknown, path: PropertyKey[]): string {
  const [section, index] = path;
  if (typeof section !== "string" || typeof index !== "number") return path.join(".") || "body";
  const item = (raw as Record<string, unknown[]> | null)?.[section]?.[index] as Record<string, unknown> | undefined;
  const key = item?.sku ?? item?.code;
  return `${section}[${index}]${typeof key === "string" ? ` (${key})` : ""}`;
}

/** Parses a catalog body; a bad entry is a 422 that names it and the field. */
export function parseCatalog(raw: unknown): ParsedCatalog {
  const result = catalogInputSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const entry = entryName(raw, path);
  const field = path.slice(2).join(".");
  throw new DomainError("UNPROCESSABLE", `${entry}${field ? ` ${field}` : ""}: ${issue?.message ?? "invalid"}`, {
    entry,
    path: path.join("."),
    issues: result.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

// ───────────────────────── plan (diff against what exists) ─────────────────────────

export type ExistingCatalog = {
  locations: { code: string; name: string; kind: string }[];
  components: {
    code: string;
    name: string;
    unit: string;
    costPerUnitMilli: number;
    shelfLifeHours: number | null;
    supplier: string | null;
    active: boolean;
    hasMovements: boolean;
  }[];
  products: {
    sku: string;
    name: string;
    priceMinor: number;
    isModifier: boolean;
    category: string | null;
    active: boolean;
    kit: CatalogKitLine[];
  }[];
};

export type ChangeAction = "create" | "update" | "unchanged";
export type PlannedChange = { section: "locations" | "components" | "products"; key: string; action: ChangeAction; changes: string[] };
export type CatalogPlan = {
  catalog: ParsedCatalog;
  changes: PlannedChange[];
  summary: Record<"locations" | "components" | "products", Record<ChangeAction, number>>;
};

function unprocessable(entry: string, message: string, extra?: Record<string, unknown>): DomainError {
  return new DomainError("UNPROCESSABLE", `${entry}: ${message}`, { entry, ...extra });
}

function kitKey(line: CatalogKitLine): string {
  return "component" in line ? `c:${line.component}` : `p:${line.product}`;
}

function describeKit(kit: CatalogKitLine[]): string {
  return kit
    .map((l) => `${l.quantity}×${"component" in l ? l.component : l.product}`)
    .sort()
    .join(", ");
}

function diffFields(pairs: [string, unknown, unknown][]): string[] {
  return pairs.filter(([, a, b]) => a !== b).map(([field, before, after]) => `${field}: ${String(before ?? "—")} → ${String(after ?? "—")}`);
}

/**
 * Validates a parsed catalog against what the shop already has and lists what would change.
 * Refs may point at entries of the same body or existing ones; cycles, depth and unknown refs are
 * refused naming the entry. Fields left out of an entry keep their current value.
 */
export function planCatalog(catalog: ParsedCatalog, existing: ExistingCatalog): CatalogPlan {
  const changes: PlannedChange[] = [];
  const seen = (section: string, keys: string[]) => {
    const set = new Set<string>();
    keys.forEach((k, i) => {
      if (set.has(k)) throw unprocessable(`${section}[${i}] (${k})`, "listed twice");
      set.add(k);
    });
  };
  seen("locations", catalog.locations.map((l) => l.code));
  seen("components", catalog.components.map((c) => c.code));
  seen("products", catalog.products.map((p) => p.sku));

  const oldLocations = new Map(existing.locations.map((l) => [l.code, l]));
  for (const l of catalog.locations) {
    const old = oldLocations.get(l.code);
    if (!old) changes.push({ section: "locations", key: l.code, action: "create", changes: [] });
    else {
      const d = diffFields([["name", old.name, l.name], ["kind", old.kind, l.kind]]);
      changes.push({ section: "locations", key: l.code, action: d.length ? "update" : "unchanged", changes: d });
    }
  }

  const oldComponents = new Map(existing.components.map((c) => [c.code, c]));
  catalog.components.forEach((c, i) => {
    const old = oldComponents.get(c.code);
    if (!old) {
      changes.push({ section: "components", key: c.code, action: "create", changes: [] });
      return;
    }
    if (old.unit !== c.unit && old.hasMovements) {
      throw unprocessable(`components[${i}] (${c.code})`, `unit cannot change from ${old.unit} to ${c.unit} once stock has moved`, {
        fields: { unit: `Stock of ${c.code} is already counted in ${old.unit}; create a new component instead.` },
      });
    }
    const d = diffFields([
      ["name", old.name, c.name],
      ["unit", old.unit, c.unit],
      ["cost", fromMilli(old.costPerUnitMilli), c.costPerUnitMinor ?? fromMilli(old.costPerUnitMilli)],
      ["shelfLifeHours", old.shelfLifeHours, c.shelfLifeHours === undefined ? old.shelfLifeHours : c.shelfLifeHours],
      ["supplier", old.supplier, c.supplier === undefined ? old.supplier : c.supplier],
      ["active", old.active, c.active ?? old.active],
    ]);
    changes.push({ section: "components", key: c.code, action: d.length ? "update" : "unchanged", changes: d });
  });

  const componentCodes = new Set([...oldComponents.keys(), ...catalog.components.map((c) => c.code)]);
  const oldProducts = new Map(existing.products.map((p) => [p.sku, p]));
  const productSkus = new Set([...oldProducts.keys(), ...catalog.products.map((p) => p.sku)]);

  catalog.products.forEach((p, i) => {
    const entry = `products[${i}] (${p.sku})`;
    const lineKeys = new Set<string>();
    (p.kit ?? []).forEach((line, j) => {
      if ("component" in line && !componentCodes.has(line.component)) {
        throw unprocessable(entry, `kit[${j}] refers to unknown component ${line.component}`, { ref: line.component });
      }
      if ("product" in line && !productSkus.has(line.product)) {
        throw unprocessable(entry, `kit[${j}] refers to unknown product ${line.product}`, { ref: line.product });
      }
      if ("product" in line && line.product === p.sku) throw unprocessable(entry, "a kit cannot contain its own product", { cycle: [p.sku, p.sku] });
      const key = kitKey(line);
      if (lineKeys.has(key)) throw unprocessable(entry, `kit[${j}] lists ${key.slice(2)} twice`);
      lineKeys.add(key);
    });
    const old = oldProducts.get(p.sku);
    if (!old) {
      changes.push({ section: "products", key: p.sku, action: "create", changes: [] });
      return;
    }
    const d = diffFields([
      ["name", old.name, p.name],
      ["price", old.priceMinor, p.priceMinor],
      ["modifier", old.isModifier, p.isModifier ?? old.isModifier],
      ["category", old.category, p.category === undefined ? old.category : p.category],
      ["active", old.active, p.active ?? old.active],
      ["kit", describeKit(old.kit), describeKit(p.kit ?? old.kit)],
    ]);
    changes.push({ section: "products", key: p.sku, action: d.length ? "update" : "unchanged", changes: d });
  });

  // The merged graph (new kits replace old ones) must be acyclic and explode within limits.
  const kits = new Map<string, CatalogKitLine[]>(existing.products.map((p) => [p.sku, p.kit]));
  for (const p of catalog.products) kits.set(p.sku, p.kit ?? kits.get(p.sku) ?? []);
  const graph = kitGraphFromCatalog(kits);
  const cycle = findKitCycle(graph);
  if (cycle) {
    const index = catalog.products.findIndex((p) => cycle.includes(p.sku));
    const entry = index >= 0 ? `products[${index}] (${catalog.products[index]?.sku})` : "products";
    throw unprocessable(entry, `kit cycle ${cycle.join(" → ")}`, { cycle });
  }
  // Every product whose explosion this body changes, not only the edited ones: deepening or
  // enlarging a child can push a parent that contains it past the limits.
  const edited = catalog.products.map((p) => p.sku);
  const indexOf = new Map(catalog.products.map((p, i) => [p.sku, i]));
  const affected = new Set([...edited, ...kitAncestors(graph, edited)]);
  for (const sku of affected) {
    const problem = kitProblem(graph, sku);
    if (!problem) continue;
    const own = indexOf.get(sku);
    if (own !== undefined) throw unprocessable(`products[${own}] (${sku})`, problem, { fields: { kit: problem } });
    const blamed = nearestInKit(graph, sku, new Set(edited)) ?? edited[0] ?? sku;
    const entry = `products[${indexOf.get(blamed) ?? 0}] (${blamed})`;
    throw unprocessable(entry, `would break ${sku}, which contains it: ${problem}`, {
      parent: sku,
      fields: { kit: `Saving this would break ${sku}, which contains ${blamed}: ${problem}` },
    });
  }

  const summary = {
    locations: { create: 0, update: 0, unchanged: 0 },
    components: { create: 0, update: 0, unchanged: 0 },
    products: { create: 0, update: 0, unchanged: 0 },
  };
  for (const c of changes) summary[c.section][c.action]++;
  return { catalog, changes, summary };
}

/**
 * Why one unit of `key` cannot be sold as its kit stands (too deep, or a component total past
 * MAX_QUANTITY, which the ledger could not store), or null when it explodes fine.
 */
export function kitProblem(graph: KitGraph, key: string): string | null {
  let usage: Map<string, number>;
  try {
    usage = explodeKit(graph, key, 1);
  } catch (error) {
    if (error instanceof DomainError) return error.message.replace(/\.$/, "");
    throw error;
  }
  for (const [component, quantity] of usage) {
    if (quantity > MAX_QUANTITY) {
      return `one ${graph.get(key)?.label ?? key} uses ${quantity} of ${component}, more than ${MAX_QUANTITY} per unit`;
    }
  }
  return null;
}

/** A kit graph keyed by SKU with component codes as refs (labels are SKUs). */
export function kitGraphFromCatalog(kits: ReadonlyMap<string, readonly CatalogKitLine[]>): KitGraph {
  return new Map(
    [...kits].map(([sku, lines]) => [
      sku,
      {
        label: sku,
        lines: lines.map((l): KitLineRef =>
          "component" in l ? { kind: "component", ref: l.component, quantity: l.quantity } : { kind: "product", ref: l.product, quantity: l.quantity },
        ),
      },
    ]),
  );
}

/**
 * Cost of one unit of a product from its exploded kit, in thousandths of a minor unit (exact), and
 * its margin against the price. Components without a cost count as zero and are listed.
 */
export function kitCost(
  usage: ReadonlyMap<string, number>,
  costMilliOf: (componentKey: string) => number | undefined,
): { costMilli: number; uncosted: string[] } {
  let costMilli = 0;
  const uncosted: string[] = [];
  for (const [key, qty] of usage) {
    const cost = costMilliOf(key);
    if (cost === undefined || cost === 0) uncosted.push(key);
    costMilli += qty * (cost ?? 0);
  }
  return { costMilli, uncosted };
}

/** Margin in basis points of price (10000 = 100 %), null for a free product. */
export function marginBasisPoints(priceMinor: number, costMilli: number): number | null {
  if (priceMinor <= 0) return null;
  return Math.round(((priceMinor * 1000 - costMilli) * 10_000) / (priceMinor * 1000));
}
