import { createHash } from "node:crypto";
import { z } from "zod";

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
};

export type PosOrderState = {
  orderNumber: number | null;
  locationCode: string;
  channel: string;
  placedAt: Date;
  currency: string;
  tags: string[];
  campaign: string | null;
  customerRef: string | null;
  lines: PosLine[];
  cancelled: boolean;
};

export type PosRefund = {
  refundId: string | null;
  /** Refunded quantities per SKU. */
  lines: { sku: string; quantity: number; restock: boolean }[];
  /** Money returned, when the POS says; otherwise derived from the order's unit prices. */
  amountMinor: number | null;
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

const MAX_QTY = 1_000_000;
const MAX_PRICE = 100_000_000_00;

const text = (max: number) => z.string().trim().min(1).max(max);
const qty = z.number().int().min(1).max(MAX_QTY);
const price = z.number().int().min(0).max(MAX_PRICE);
const isoInstant = z.iso.datetime({ offset: true });

const genericModifier = z.object({ sku: text(120), quantity: qty, unitPriceMinor: price });
const genericLine = z.object({
  sku: text(120),
  quantity: qty,
  unitPriceMinor: price,
  modifiers: z.array(genericModifier).max(50).optional(),
});
const genericState = z.object({
  orderId: text(200),
  orderNumber: z.number().int().min(0).optional(),
  location: text(60),
  channel: text(60),
  placedAt: isoInstant,
  updatedAt: isoInstant.optional(),
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

function flattenGenericLines(items: z.infer<typeof genericLine>[]): PosLine[] {
  const lines: PosLine[] = [];
  for (const item of items) {
    const lineNo = lines.length + 1;
    lines.push({ lineNo, parentLineNo: null, sku: item.sku, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor });
    for (const m of item.modifiers ?? []) {
      lines.push({ lineNo: lines.length + 1, parentLineNo: lineNo, sku: m.sku, quantity: m.quantity * item.quantity, unitPriceMinor: m.unitPriceMinor });
    }
  }
  return lines;
}

/** Normalises a verified Standard Webhooks body. `sentAt` is the signed webhook-timestamp. */
export function normaliseGeneric(rawBody: string, sentAt: Date): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return invalid(null, "Body is not valid JSON.");
  const envelope = genericEnvelope.safeParse(json.value);
  if (!envelope.success) return invalid(null, "Body is not an order event: it needs type and data.orderId.", issuesOf(envelope.error));
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
    updatedAt = d.updatedAt ? new Date(d.updatedAt) : null;
    state = {
      orderNumber: d.orderNumber ?? null,
      locationCode: d.location,
      channel: d.channel,
      placedAt: new Date(d.placedAt),
      currency: d.currency,
      tags: [...new Set(d.tags ?? [])],
      campaign: d.campaign ?? null,
      customerRef: d.customerRef ?? null,
      lines: flattenGenericLines(d.lineItems),
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
    refund = { refundId: r.id ?? null, lines: r.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity, restock: r.restock })), amountMinor: r.amountMinor ?? null };
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

// ───────────────────────── Shopify ─────────────────────────

export const SHOPIFY_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

/** Shopify money is a decimal string ("2.50"); minor units are read exactly, never through a float. */
export function parseMoneyMinor(value: string | number): number | null {
  const s = typeof value === "number" ? value.toFixed(2) : value.trim();
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

const money = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const minor = parseMoneyMinor(v);
  if (minor === null) {
    ctx.addIssue({ code: "custom", message: `not an amount: ${String(v)}` });
    return z.NEVER;
  }
  return minor;
});
// Shopify ids are integers; zod's int() refuses those above 2^53, which Shopify's docs use as examples.
const shopifyId = z.union([z.number().nonnegative(), text(64)]).transform((v) => (typeof v === "number" ? String(v) : v));
const noteAttributes = z.array(z.object({ name: z.string(), value: z.unknown() })).optional();
const shopifyOrder = z.looseObject({
  id: shopifyId,
  order_number: z.number().int().optional(),
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
  line_items: z
    .array(
      z.looseObject({
        sku: z.string().nullable().optional(),
        variant_id: z.union([z.number(), z.string()]).nullable().optional(),
        quantity: qty,
        price: money,
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
        restock_type: z.string().optional(),
        subtotal: money.optional(),
        line_item: z.looseObject({ sku: z.string().nullable().optional(), variant_id: z.union([z.number(), z.string()]).nullable().optional() }),
      }),
    )
    .max(500),
  transactions: z.array(z.looseObject({ kind: z.string().optional(), amount: money.optional() })).optional(),
});

/** Shopify's `source_name` → Backroom channel code. */
const SHOPIFY_CHANNELS: Record<string, string> = { pos: "walk-in", web: "online", shopify_draft_order: "online", iphone: "online", android: "online" };

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
    const transactionTotal = (r.transactions ?? []).filter((t) => (t.kind ?? "refund") === "refund").reduce((sum, t) => sum + (t.amount ?? 0), 0);
    const lineTotal = r.refund_line_items.reduce((sum, l) => sum + (l.subtotal ?? 0), 0);
    const refund: PosRefund = {
      refundId: r.id,
      // restock_type decides per line ("no_restock" keeps the goods gone); old payloads only have `restock`.
      lines: r.refund_line_items.map((l) => ({
        sku: shopifySku(l.line_item),
        quantity: l.quantity,
        restock: l.restock_type ? l.restock_type !== "no_restock" : (r.restock ?? false),
      })),
      amountMinor: r.transactions?.length ? transactionTotal : r.refund_line_items.some((l) => l.subtotal !== undefined) ? lineTotal : null,
    };
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
  const locationCode = noteAttribute(o.note_attributes, "location") ?? (o.location_id != null ? String(o.location_id) : "main");
  const source = o.source_name ?? "web";
  const state: PosOrderState = {
    orderNumber: o.order_number ?? null,
    locationCode,
    channel: noteAttribute(o.note_attributes, "channel") ?? SHOPIFY_CHANNELS[source] ?? source,
    placedAt: new Date(o.created_at),
    currency: o.currency,
    tags: [...new Set((o.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean))],
    campaign: noteAttribute(o.note_attributes, "campaign") ?? utmCampaign(o.landing_site),
    customerRef: o.customer ? `shopify:${o.customer.id}` : null,
    lines: o.line_items.map((l, i) => ({ lineNo: i + 1, parentLineNo: null, sku: shopifySku(l), quantity: l.quantity, unitPriceMinor: l.price })),
    cancelled: topic === "orders/cancelled" || Boolean(o.cancelled_at),
  };
  const kind: PosEventKind = state.cancelled ? "cancelled" : topic === "orders/create" ? "created" : "updated";
  const eventAt = new Date(o.updated_at ?? o.cancelled_at ?? o.created_at);
  return { ok: true, event: { kind, externalId: o.id, eventAt, state, refund: null, dedupeKey: dedupeKeyOf(o.id, topic, o.updated_at ?? "") } };
}
