import {
  catalogComponentSchema,
  catalogProductSchema,
  type CatalogKitLine,
  type ParsedCatalog,
} from "./catalog";

/**
 * CSV for spreadsheets: RFC 4180 parsing/writing and the row formats of the catalog and count
 * imports. Pure; the service previews and applies. Row numbers are spreadsheet rows (header = 1).
 */

export type RowError = { row: number; message: string };

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ""));
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula (starting with
 * = + - @, a tab or a carriage return; names come from the POS) gets a leading apostrophe, as
 * OWASP advises; a plain number such as -0.48 is data and stays as it is.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return typeof value === "number" && !Number.isFinite(value) ? "" : String(value);
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes CSV rows with CRLF line ends, every cell through csvCell. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

type Table = { header: Map<string, number>; rows: { row: number; cells: string[] }[] };

/** Header names are matched case-insensitively, ignoring spaces and dashes. */
function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

export function readTable(text: string, required: readonly string[]): { table: Table | null; errors: RowError[] } {
  const all = parseCsv(text);
  const [head, ...body] = all;
  if (!head) return { table: null, errors: [{ row: 1, message: "The file is empty; the first row must name the columns." }] };
  const header = new Map(head.map((h, i) => [normalise(h), i]));
  const missing = required.filter((r) => !header.has(r));
  if (missing.length) return { table: null, errors: [{ row: 1, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` }] };
  return { table: { header, rows: body.map((cells, i) => ({ row: i + 2, cells })) }, errors: [] };
}

function getter(table: Table, cells: string[]) {
  return (name: string): string => {
    const i = table.header.get(name);
    return i === undefined ? "" : (cells[i] ?? "").trim();
  };
}

/** A column left out of the file keeps the current value (undefined); a blank cell clears it. */
function present(table: Table, name: string): boolean {
  return table.header.has(name);
}

function optionalNumber(value: string): number | undefined {
  return value === "" ? undefined : Number(value);
}

function bool(value: string, fallback?: boolean): boolean | undefined {
  const v = value.toLowerCase();
  if (v === "") return fallback;
  if (["true", "yes", "y", "1"].includes(v)) return true;
  if (["false", "no", "n", "0"].includes(v)) return false;
  return undefined;
}

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "row"}: ${i.message}`)
    .join("; ");
}

export const COMPONENT_COLUMNS = ["code", "name", "unit", "cost_per_unit_minor", "shelf_life_hours", "supplier", "active"] as const;
export const PRODUCT_COLUMNS = ["sku", "name", "price_minor", "category", "is_modifier", "active", "kit"] as const;
export const COUNT_COLUMNS = ["location", "component", "counted"] as const;

/** Component rows → catalog entries, with the spreadsheet row of each. */
export function componentsFromCsv(text: string): { entries: { row: number; entry: ParsedCatalog["components"][number] }[]; errors: RowError[] } {
  const { table, errors } = readTable(text, ["code", "name", "unit"]);
  if (!table) return { entries: [], errors };
  const entries: { row: number; entry: ParsedCatalog["components"][number] }[] = [];
  for (const { row, cells } of table.rows) {
    const get = getter(table, cells);
    const active = bool(get("active"), true);
    if (present(table, "active") && active === undefined) {
      errors.push({ row, message: "active must be yes or no" });
      continue;
    }
    const result = catalogComponentSchema.safeParse({
      code: get("code"),
      name: get("name"),
      unit: get("unit"),
      costPerUnitMinor: optionalNumber(get("cost_per_unit_minor")),
      ...(present(table, "shelf_life_hours") ? { shelfLifeHours: get("shelf_life_hours") === "" ? null : Number(get("shelf_life_hours")) } : {}),
      ...(present(table, "supplier") ? { supplier: get("supplier") === "" ? null : get("supplier") } : {}),
      ...(present(table, "active") ? { active } : {}),
    });
    if (result.success) entries.push({ row, entry: result.data });
    else errors.push({ row, message: zodMessage(result.error.issues) });
  }
  return { entries, errors };
}

/** `component:DOUGH=80; product:GLAZED=2` (a bare `DOUGH=80` is a component). */
export function parseKitCell(cell: string): CatalogKitLine[] | string {
  const lines: CatalogKitLine[] = [];
  for (const part of cell.split(";").map((p) => p.trim()).filter(Boolean)) {
    const match = /^(?:(component|product):)?\s*([^=\s]+)\s*=\s*(\S+)$/i.exec(part);
    if (!match) return `kit entry "${part}" must look like component:CODE=quantity or product:SKU=quantity`;
    const [, kind = "component", ref = "", qty = ""] = match;
    const quantity = Number(qty);
    if (!Number.isInteger(quantity) || quantity < 1) return `kit quantity for ${ref} must be a whole number of at least 1`;
    lines.push(kind.toLowerCase() === "product" ? { product: ref, quantity } : { component: ref, quantity });
  }
  return lines;
}

export function formatKitCell(kit: readonly CatalogKitLine[]): string {
  return kit.map((l) => ("component" in l ? `component:${l.component}=${l.quantity}` : `product:${l.product}=${l.quantity}`)).join("; ");
}

export function productsFromCsv(text: string): { entries: { row: number; entry: ParsedCatalog["products"][number] }[]; errors: RowError[] } {
  const { table, errors } = readTable(text, ["sku", "name", "price_minor", "kit"]);
  if (!table) return { entries: [], errors };
  const entries: { row: number; entry: ParsedCatalog["products"][number] }[] = [];
  for (const { row, cells } of table.rows) {
    const get = getter(table, cells);
    const kit = parseKitCell(get("kit"));
    if (typeof kit === "string") {
      errors.push({ row, message: kit });
      continue;
    }
    const isModifier = bool(get("is_modifier"), false);
    const active = bool(get("active"), true);
    if ((present(table, "is_modifier") && isModifier === undefined) || (present(table, "active") && active === undefined)) {
      errors.push({ row, message: "is_modifier and active must be yes or no" });
      continue;
    }
    const result = catalogProductSchema.safeParse({
      sku: get("sku"),
      name: get("name"),
      priceMinor: get("price_minor") === "" ? Number.NaN : Number(get("price_minor")),
      ...(present(table, "category") ? { category: get("category") || null } : {}),
      ...(present(table, "is_modifier") ? { isModifier } : {}),
      ...(present(table, "active") ? { active } : {}),
      kit,
    });
    if (result.success) entries.push({ row, entry: result.data });
    else errors.push({ row, message: zodMessage(result.error.issues) });
  }
  return { entries, errors };
}

export type CountRow = { row: number; location: string; component: string; counted: number };

export function countsFromCsv(text: string): { entries: CountRow[]; errors: RowError[] } {
  const { table, errors } = readTable(text, [...COUNT_COLUMNS]);
  if (!table) return { entries: [], errors };
  const entries: CountRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const get = getter(table, cells);
    const location = get("location");
    const component = get("component");
    const raw = get("counted");
    // A blank count in the exported template means "not counted": skipped, not an error.
    if (raw === "") continue;
    const counted = Number(raw);
    if (!location || !component) errors.push({ row, message: "location and component are required" });
    else if (!Number.isSafeInteger(counted) || counted < 0) errors.push({ row, message: `counted must be a whole number of zero or more, got "${raw}"` });
    else if (seen.has(`${location}:${component}`)) errors.push({ row, message: `${component} at ${location} is already counted on row ${seen.get(`${location}:${component}`)}` });
    else {
      seen.set(`${location}:${component}`, row);
      entries.push({ row, location, component, counted });
    }
  }
  return { entries, errors };
}
