import { createHash } from "node:crypto";
import { z } from "zod";
import { knownCurrencyExponent } from "./money";

/**
 * Normalises POS deliveries (Standard Webhooks "generic" JSON and Shopify's own order/refund JSON)
 * into one event model, so the rest of ingestion never looks at a vendor format again.
 *
 * Conventions:
 * - A modifier's quantity is per unit of its parent line (2 glazed with 1 sprinkles each = 2 sprinkles);
 *   the recorded modifier line carries the total.
 * - `eventAt` orders competing states of one order: created → placedAt (or data.updatedAt);
 *   updated/cancelled → data.updatedAt when the POS sends it, else the signed send time.
 * - `dedupeKey` is the second idempotency key: external id + event + version (update time, refund id,
 *   or a hash of the payload when the POS gives no version).
 */

export type PosLine = {
  lineNo: number;
  parentLineNo: number | null;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** The POS's own line id (Shopify line_items[].id), so refunds can name their line. */
  posLineId: string | null;
};

/**
 * Where the POS says the order happened, before it is resolved against the shop's locations
 * (`resolveLocation`): generic bodies name a location code (or the POS's own location id);
 * Shopify orders carry a `location` note attribute and/or a numeric `location_id`.
 */
export type LocationRef =
  | { source: "generic"; value: string }
  | { source: "shopify"; note: string | null; locationId: string | null };

export type PosOrderState = {
  orderNumber: number | null;
  location: LocationRef;
  channel: string;
  placedAt: Date;
  /** When the customer collected the order (POS fulfilment), if it has been. */
  fulfilledAt: Date | null;
  currency: string;
  tags: string[];
  campaign: string | null;
  customerRef: string | null;
  lines: PosLine[];
  cancelled: boolean;
};

export type PosRefundLine = {
  /** The refunded line's SKU, when the POS says (Shopify's nested line_item is optional). */
  sku: string | null;
  /** The refunded line's POS id (Shopify refund_line_items[].line_item_id). */
  posLineId: string | null;
  quantity: number;
  restock: boolean;
};

/**
 * Money the POS says it returned. Generic bodies give minor units; Shopify gives decimal strings,
 * converted with the currency's minor-unit exponent (the transaction's currency, else the order's,
 * which is only known once the refund is applied to it).
 */
export type RefundAmount = { minor: number } | { decimals: string[]; currency: string | null };

export type PosRefund = {
  refundId: string | null;
  lines: PosRefundLine[];
  /** Null: derive it from the order's unit prices. */
  amount: RefundAmount | null;
};

export type PosEventKind = "created" | "updated" | "cancelled" | "refunded";

export type PosEvent = {
  kind: PosEventKind;
  externalId: string;
  eventAt: Date;
  /** The full order state, when the payload carries one (always for created/updated). */
  state: PosOrderState | null;
  refund: PosRefund | null;
  dedupeKey: string;
};

export type ParseResult =
  | { ok: true; event: PosEvent }
  | { ok: false; externalId: string | null; message: string; details: { path: string; message: string }[] };

/**
 * Every integer Backroom stores (quantities, unit prices, line totals, subtotals, refunds) lives in a
 * 32-bit column: bodies that would overflow one are refused here, naming the field, instead of being
 * accepted and failing later.
 */
export const MAX_STORED_INT = 2_147_483_647;
export const MAX_QTY = 1_000_000;

const text = (max: number) => z.string().trim().min(1).max(max);
const qty = z.number().int().min(1).max(MAX_QTY);
const price = z.number().int().min(0).max(MAX_STORED_INT);
const isoInstant = z.iso.datetime({ offset: true });
const orderNumber = z.number().int().min(0).max(MAX_STORED_INT);

const genericModifier = z.object({ sku: text(120), quantity: qty, unitPriceMinor: price });
const genericLine = z.object({
  sku: text(120),
  quantity: qty,
  unitPriceMinor: price,
  modifiers: z.array(genericModifier).max(50).optional(),
});
const genericState = z.object({
  orderId: text(200),
  orderNumber: orderNumber.optional(),
  location: text(60),
  channel: text(60),
  placedAt: isoInstant,
  updatedAt: isoInstant.optional(),
  fulfilledAt: isoInstant.nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "currency must be a 3-letter ISO code"),
  tags: z.array(text(60)).max(50).optional(),
  campaign: text(120).nullable().optional(),
  customerRef: text(200).nullable().optional(),
  lineItems: z.array(genericLine).min(1).max(500),
});
const genericRefund = z.object({
  id: text(200).optional(),
  lineItems: z.array(z.object({ sku: text(120), quantity: qty })).min(1).max(500),
  restock: z.boolean(),
  amountMinor: price.optional(),
});
const GENERIC_TYPES = { "order.created": "created", "order.updated": "updated", "order.cancelled": "cancelled", "order.refunded": "refunded" } as const;
const genericEnvelope = z.object({
  type: z.enum(Object.keys(GENERIC_TYPES) as [keyof typeof GENERIC_TYPES, ...(keyof typeof GENERIC_TYPES)[]]),
  data: z.looseObject({ orderId: text(200) }),
});

function issuesOf(error: z.ZodError, prefix = "") {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

function invalid(externalId: string | null, message: string, details: { path: string; message: string }[] = []): ParseResult {
  return { ok: false, externalId, message, details };
}

function parseJson(rawBody: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(rawBody) as unknown };
  } catch {
    return { ok: false };
  }
}

export function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 22);
}

function dedupeKeyOf(externalId: string, event: string, version = ""): string {
  return version ? `${externalId}|${event}|${version}` : `${externalId}|${event}`;
}

/**
 * Line totals and the order subtotal must fit the stored integers too; the first line (or the
 * subtotal) that would not is named. `path(i)` is where line i sits in the body.
 */
function checkTotals(lines: readonly PosLine[], path: (line: PosLine) => string, subtotalPath: string): { path: string; message: string }[] {
  let subtotal = 0;
  for (const l of lines) {
    const total = l.quantity * l.unitPriceMinor;
    if (l.quantity > MAX_QTY) return [{ path: `${path(l)}.quantity`, message: `quantity ${l.quantity} is more than ${MAX_QTY}` }];
    if (total > MAX_STORED_INT) return [{ path: path(l), message: `line total ${total} is more than ${MAX_STORED_INT} minor units` }];
    subtotal += total;
  }
  if (subtotal > MAX_STORED_INT) return [{ path: subtotalPath, message: `order subtotal ${subtotal} is more than ${MAX_STORED_INT} minor units` }];
  return [];
}

function flattenGenericLines(items: z.infer<typeof genericLine>[]): { lines: PosLine[]; paths: Map<number, string> } {
  const lines: PosLine[] = [];
  const paths = new Map<number, string>();
  items.forEach((item, i) => {
    const lineNo = lines.length + 1;
    lines.push({ lineNo, parentLineNo: null, sku: item.sku, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, posLineId: null });
    paths.set(lineNo, `data.lineItems.${i}`);
    (item.modifiers ?? []).forEach((m, j) => {
      const no = lines.length + 1;
      lines.push({ lineNo: no, parentLineNo: lineNo, sku: m.sku, quantity: m.quantity * item.quantity, unitPriceMinor: m.unitPriceMinor, posLineId: null });
      paths.set(no, `data.lineItems.${i}.modifiers.${j}`);
    });
  });
  return { lines, paths };
}

/** Normalises a verified Standard Webhooks body. `sentAt` is the signed webhook-timestamp. */
export function normaliseGeneric(rawBody: string, sentAt: Date): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return invalid(null, "Body is not valid JSON.");
  const envelope = genericEnvelope.safeParse(json.value);
  if (!envelope.success) {
    const type = (json.value as { type?: unknown } | null)?.type;
    const message =
      typeof type === "string" && !(type in GENERIC_TYPES)
        ? `Unknown event type "${type.slice(0, 60)}": send one of ${Object.keys(GENERIC_TYPES).join(", ")}.`
        : "Body is not an order event: it needs type and data.orderId.";
    return invalid(null, message, issuesOf(envelope.error));
  }
  const { type, data } = envelope.data;
  const kind = GENERIC_TYPES[type];
  const externalId = data.orderId;

  let state: PosOrderState | null = null;
  let updatedAt: Date | null = null;
  const carriesState = kind === "created" || kind === "updated" || "lineItems" in data;
  if (carriesState) {
    const parsed = genericState.safeParse(data);
    if (!parsed.success) return invalid(externalId, `Order ${externalId} is invalid.`, issuesOf(parsed.error, "data"));
    const d = parsed.data;
    const { lines, paths } = flattenGenericLines(d.lineItems);
    const overflow = checkTotals(lines, (l) => paths.get(l.lineNo) ?? "data.lineItems", "data.lineItems");
    if (overflow.length) return invalid(externalId, `Order ${externalId} is invalid: ${overflow[0]?.message}.`, overflow);
    updatedAt = d.updatedAt ? new Date(d.updatedAt) : null;
    state = {
      orderNumber: d.orderNumber ?? null,
      location: { source: "generic", value: d.location },
      channel: d.channel,
      placedAt: new Date(d.placedAt),
      fulfilledAt: d.fulfilledAt ? new Date(d.fulfilledAt) : null,
      currency: d.currency,
      tags: [...new Set(d.tags ?? [])],
      campaign: d.campaign ?? null,
      customerRef: d.customerRef ?? null,
      lines,
      cancelled: kind === "cancelled",
    };
  } else if (typeof data.updatedAt === "string") {
    const parsed = isoInstant.safeParse(data.updatedAt);
    if (!parsed.success) return invalid(externalId, "data.updatedAt must be an ISO-8601 instant.", issuesOf(parsed.error, "data.updatedAt"));
    updatedAt = new Date(parsed.data);
  }

  let refund: PosRefund | null = null;
  if (kind === "refunded") {
    const parsed = genericRefund.safeParse(data.refund);
    if (!parsed.success) return invalid(externalId, `Refund of ${externalId} is invalid.`, issuesOf(parsed.error, "data.refund"));
    const r = parsed.data;
    refund = {
      refundId: r.id ?? null,
      lines: r.lineItems.map((l) => ({ sku: l.sku, posLineId: null, quantity: l.quantity, restock: r.restock })),
      amount: r.amountMinor !== undefined ? { minor: r.amountMinor } : null,
    };
  }

  const eventAt = kind === "created" ? (updatedAt ?? state?.placedAt ?? sentAt) : (updatedAt ?? sentAt);
  const version =
    kind === "created" || kind === "cancelled"
      ? ""
      : kind === "refunded"
        ? (refund?.refundId ?? hashOf(data))
        : (updatedAt?.toISOString() ?? hashOf(data));
  return { ok: true, event: { kind, externalId, eventAt, state, refund, dedupeKey: dedupeKeyOf(externalId, type, version) } };
}

// ───────────────────────── money ─────────────────────────

/**
 * A decimal amount ("2.50", or a JSON number) in minor units of a currency with `exponent` decimals,
 * read exactly, never through a float. More decimals than the currency has are refused unless
 * they are zeros ("1000.00" is 1000 yen; "2.505" dollars is not an amount).
 */
export function parseMoneyMinor(value: string | number, exponent = 2): number | null {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  const s = typeof value === "number" ? value.toFixed(Math.max(exponent, 0)) : value.trim();
  const m = /^(\d{1,15})(?:\.(\d{1,12}))?$/.exec(s);
  if (!m) return null;
  const fraction = m[2] ?? "";
  if (/[1-9]/.test(fraction.slice(exponent))) return null;
  const minor = Number(m[1]) * 10 ** exponent + Number(fraction.slice(0, exponent).padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/** The money a refund returned, in minor units of the order's currency; null when not given. */
export function refundAmountMinor(amount: RefundAmount | null, orderCurrency: string): { ok: true; minor: number | null } | { ok: false; message: string } {
  if (!amount) return { ok: true, minor: null };
  if ("minor" in amount) return { ok: true, minor: amount.minor };
  const currency = amount.currency ?? orderCurrency;
  const exponent = knownCurrencyExponent(currency);
  if (exponent === null) return { ok: false, message: `Unknown refund currency "${currency}".` };
  let total = 0;
  for (const d of amount.decimals) {
    const minor = parseMoneyMinor(d, exponent);
    if (minor === null) return { ok: false, message: `Refund amount ${d} is not an amount in ${currency}.` };
    total += minor;
  }
  if (total > MAX_STORED_INT) return { ok: false, message: `Refund amount ${total} is more than ${MAX_STORED_INT} minor units.` };
  return { ok: true, minor: total };
}

// ───────────────────────── Shopify ─────────────────────────

export const SHOPIFY_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

/** A decimal amount as Shopify sends it (string, sometimes a number); converted once the currency is known. */
const decimal = z
  .union([z.string(), z.number()])
  .refine((v) => (typeof v === "number" ? Number.isFinite(v) && v >= 0 : /^\d{1,15}(?:\.\d{1,12})?$/.test(v.trim())), { message: "not an amount" });
const decimalText = (v: string | number) => (typeof v === "number" ? v.toFixed(12).replace(/\.?0+$/, "") : v.trim());
// Shopify ids are integers; zod's int() refuses those above 2^53, which Shopify's docs use as examples.
const shopifyId = z.union([z.number().nonnegative(), text(64)]).transform((v) => (typeof v === "number" ? String(v) : v));
const noteAttributes = z.array(z.object({ name: z.string(), value: z.unknown() })).optional();
const shopifyOrder = z.looseObject({
  id: shopifyId,
  order_number: orderNumber.optional(),
  created_at: isoInstant,
  updated_at: isoInstant.optional(),
  cancelled_at: isoInstant.nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  source_name: z.string().nullable().optional(),
  location_id: z.union([z.number(), z.string()]).nullable().optional(),
  tags: z.string().optional(),
  landing_site: z.string().nullable().optional(),
  customer: z.looseObject({ id: shopifyId }).nullable().optional(),
  note_attributes: noteAttributes,
  fulfillments: z.array(z.looseObject({ created_at: isoInstant.optional(), status: z.string().nullable().optional() })).optional(),
  line_items: z
    .array(
      z.looseObject({
        id: shopifyId.optional(),
        sku: z.string().nullable().optional(),
        variant_id: z.union([z.number(), z.string()]).nullable().optional(),
        quantity: qty,
        price: decimal,
      }),
    )
    .min(1)
    .max(500),
});
const shopifyRefund = z.looseObject({
  id: shopifyId,
  order_id: shopifyId,
  created_at: isoInstant,
  restock: z.boolean().optional(),
  refund_line_items: z
    .array(
      z.looseObject({
        quantity: qty,
        line_item_id: shopifyId.optional(),
        restock_type: z.string().optional(),
        subtotal: decimal.optional(),
        line_item: z.looseObject({ sku: z.string().nullable().optional(), variant_id: z.union([z.number(), z.string()]).nullable().optional() }).optional(),
      }),
    )
    .max(500),
  transactions: z
    .array(z.looseObject({ kind: z.string().optional(), status: z.string().nullable().optional(), currency: z.string().regex(/^[A-Z]{3}$/).optional(), amount: decimal.optional() }))
    .optional(),
});

/** Shopify's `source_name` → Backroom channel code. */
const SHOPIFY_CHANNELS: Record<string, string> = { pos: "walk-in", web: "online", shopify_draft_order: "online", iphone: "online", android: "online" };
/** Fulfilments that did not happen do not mark the order collected. */
const FAILED_FULFILMENT = new Set(["cancelled", "error", "failure"]);

function noteAttribute(attrs: z.infer<typeof noteAttributes>, name: string): string | null {
  const found = attrs?.find((a) => a.name.toLowerCase() === name);
  return typeof found?.value === "string" && found.value.trim() ? found.value.trim() : null;
}

function utmCampaign(landingSite: string | null | undefined): string | null {
  if (!landingSite) return null;
  const query = landingSite.includes("?") ? landingSite.slice(landingSite.indexOf("?") + 1) : "";
  return new URLSearchParams(query).get("utm_campaign");
}

function shopifySku(item: { sku?: string | null; variant_id?: number | string | null }): string {
  const sku = item.sku?.trim();
  if (sku) return sku;
  return item.variant_id != null ? `variant:${item.variant_id}` : "(no sku)";
}

/** Normalises a verified Shopify delivery of `topic`. */
export function normaliseShopify(topic: string, rawBody: string): ParseResult {
  if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) {
    return invalid(null, `Unsupported X-Shopify-Topic "${topic}"; send one of ${SHOPIFY_TOPICS.join(", ")}.`);
  }
  const json = parseJson(rawBody);
  if (!json.ok) return invalid(null, "Body is not valid JSON.");

  if (topic === "refunds/create") {
    const parsed = shopifyRefund.safeParse(json.value);
    if (!parsed.success) return invalid(null, "Refund is invalid.", issuesOf(parsed.error));
    const r = parsed.data;
    // Only money that actually went back counts: refund transactions that succeeded.
    const transactions = (r.transactions ?? []).filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success");
    const withAmount = transactions.filter((t) => t.amount !== undefined);
    const subtotals = r.refund_line_items.filter((l) => l.subtotal !== undefined);
    const amount: RefundAmount | null = r.transactions?.length
      ? { decimals: withAmount.map((t) => decimalText(t.amount ?? 0)), currency: withAmount.find((t) => t.currency)?.currency ?? null }
      : subtotals.length
        ? { decimals: subtotals.map((l) => decimalText(l.subtotal ?? 0)), currency: null }
        : null;
    if (amount && "decimals" in amount && amount.currency) {
      const check = refundAmountMinor(amount, amount.currency);
      if (!check.ok) return invalid(r.order_id, check.message, [{ path: "transactions", message: check.message }]);
    }
    const refund: PosRefund = {
      refundId: r.id,
      // restock_type decides per line ("no_restock" keeps the goods gone); old payloads only have `restock`.
      lines: r.refund_line_items.map((l) => ({
        sku: l.line_item ? shopifySku(l.line_item) : null,
        posLineId: l.line_item_id ?? null,
        quantity: l.quantity,
        restock: l.restock_type ? l.restock_type !== "no_restock" : (r.restock ?? false),
      })),
      amount,
    };
    const unnamed = r.refund_line_items.findIndex((l) => !l.line_item && !l.line_item_id);
    if (unnamed >= 0) {
      return invalid(r.order_id, "Refund line names no order line.", [{ path: `refund_line_items.${unnamed}`, message: "needs line_item_id or line_item" }]);
    }
    return {
      ok: true,
      event: { kind: "refunded", externalId: r.order_id, eventAt: new Date(r.created_at), state: null, refund, dedupeKey: dedupeKeyOf(r.order_id, topic, r.id) },
    };
  }

  const parsed = shopifyOrder.safeParse(json.value);
  if (!parsed.success) {
    const id = (json.value as { id?: unknown } | null)?.id;
    return invalid(typeof id === "string" || typeof id === "number" ? String(id) : null, "Order is invalid.", issuesOf(parsed.error));
  }
  const o = parsed.data;
  const exponent = knownCurrencyExponent(o.currency);
  if (exponent === null) return invalid(o.id, `Unknown currency "${o.currency}".`, [{ path: "currency", message: "not an ISO 4217 currency" }]);
  const lines: PosLine[] = [];
  for (const [i, l] of o.line_items.entries()) {
    const unitPriceMinor = parseMoneyMinor(l.price, exponent);
    if (unitPriceMinor === null || unitPriceMinor > MAX_STORED_INT) {
      const message = unitPriceMinor === null ? `${String(l.price)} is not an amount in ${o.currency}` : `unit price ${unitPriceMinor} is more than ${MAX_STORED_INT} minor units`;
      return invalid(o.id, `Order is invalid: line ${i + 1} ${message}.`, [{ path: `line_items.${i}.price`, message }]);
    }
    lines.push({ lineNo: i + 1, parentLineNo: null, sku: shopifySku(l), quantity: l.quantity, unitPriceMinor, posLineId: l.id ?? null });
  }
  const overflow = checkTotals(lines, (l) => `line_items.${l.lineNo - 1}`, "line_items");
  if (overflow.length) return invalid(o.id, `Order is invalid: ${overflow[0]?.message}.`, overflow);
  const fulfilments = (o.fulfillments ?? [])
    .filter((f) => f.created_at && !FAILED_FULFILMENT.has(f.status ?? ""))
    .map((f) => new Date(f.created_at as string).getTime());
  const source = o.source_name ?? "web";
  const state: PosOrderState = {
    orderNumber: o.order_number ?? null,
    location: { source: "shopify", note: noteAttribute(o.note_attributes, "location"), locationId: o.location_id != null ? String(o.location_id) : null },
    channel: noteAttribute(o.note_attributes, "channel") ?? SHOPIFY_CHANNELS[source] ?? source,
    placedAt: new Date(o.created_at),
    fulfilledAt: fulfilments.length ? new Date(Math.min(...fulfilments)) : null,
    currency: o.currency,
    tags: [...new Set((o.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean))],
    campaign: noteAttribute(o.note_attributes, "campaign") ?? utmCampaign(o.landing_site),
    customerRef: o.customer ? `shopify:${o.customer.id}` : null,
    lines,
    cancelled: topic === "orders/cancelled" || Boolean(o.cancelled_at),
  };
  const kind: PosEventKind = state.cancelled ? "cancelled" : topic === "orders/create" ? "created" : "updated";
  const eventAt = new Date(o.updated_at ?? o.cancelled_at ?? o.created_at);
  return { ok: true, event: { kind, externalId: o.id, eventAt, state, refund: null, dedupeKey: dedupeKeyOf(o.id, topic, o.updated_at ?? "") } };
}

// ───────────────────────── locations ─────────────────────────

export type LocationEntry = { id: string; code: string; active: boolean };

/** The shop's locations by code, by POS location id (`Location.posRef`) and by id. */
export type LocationDirectory = {
  byCode: ReadonlyMap<string, LocationEntry>;
  byPosRef: ReadonlyMap<string, LocationEntry>;
  byId: ReadonlyMap<string, LocationEntry>;
};

export function locationDirectory(rows: readonly { id: string; code: string; active: boolean; posRef: string | null }[]): LocationDirectory {
  const byCode = new Map<string, LocationEntry>();
  const byPosRef = new Map<string, LocationEntry>();
  const byId = new Map<string, LocationEntry>();
  for (const r of rows) {
    const entry = { id: r.id, code: r.code, active: r.active };
    byCode.set(r.code, entry);
    byId.set(r.id, entry);
    if (r.posRef) byPosRef.set(r.posRef, entry);
  }
  return { byCode, byPosRef, byId };
}

export type LocationResolution = { ok: true; location: LocationEntry } | { ok: false; message: string; path: string };

/**
 * Which of the shop's locations an order belongs to.
 * - generic: `data.location` is a location code; a location's POS id is accepted as a fallback.
 * - shopify: the `location` note attribute as a code (named explicitly, so an unknown one is refused
 *   rather than booked somewhere else), else the location whose POS id is `location_id`, else the
 *   integration's default location, else the shop's only active location when there is exactly one.
 * A refusal names the field the order actually carried.
 */
export function resolveLocation(ref: LocationRef, dir: LocationDirectory, defaultLocationId: string | null): LocationResolution {
  if (ref.source === "generic") {
    const found = dir.byCode.get(ref.value) ?? dir.byPosRef.get(ref.value);
    if (found) return { ok: true, location: found };
    return { ok: false, path: "data.location", message: `Unknown location "${ref.value}": send the code (or POS location id) of one of the shop's locations.` };
  }
  if (ref.note !== null) {
    const found = dir.byCode.get(ref.note);
    if (found) return { ok: true, location: found };
    return { ok: false, path: "note_attributes.location", message: `Unknown location "${ref.note}" in the order's location note attribute: use the code of one of the shop's locations.` };
  }
  if (ref.locationId !== null) {
    const found = dir.byPosRef.get(ref.locationId);
    if (found) return { ok: true, location: found };
  }
  const fallback = defaultLocationId ? dir.byId.get(defaultLocationId) : undefined;
  if (fallback) return { ok: true, location: fallback };
  const active = [...dir.byId.values()].filter((l) => l.active);
  if (active.length === 1 && active[0]) return { ok: true, location: active[0] };
  return ref.locationId !== null
    ? {
        ok: false,
        path: "location_id",
        message: `Shopify location ${ref.locationId} is not linked to a Backroom location: enter it as a location's POS location id, or choose a default location, on the integration's page.`,
      }
    : {
        ok: false,
        path: "location_id",
        message: "The order names no location (no location note attribute, no location_id) and the integration has no default location: choose one on the integration's page.",
      };
}
