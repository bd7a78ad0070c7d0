/**
 * Realistic signed POS traffic for a shop: new orders on every channel (tags, campaigns, repeat
 * customers, modifiers, bundles), plus the awkward parts of real life: updates, partial refunds with
 * and without restock, cancellations, duplicate deliveries and the odd SKU the catalog does not know.
 * Most preorders are collected later (an update carrying the fulfilment time), some never are.
 * Both integration kinds are exercised; Shopify orders name a location by its linked Shopify
 * location id when it has one. Used by `npm run simulate` and `npm run bench:ingest`.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { DomainError } from "../domain/errors";
import { webhookPath } from "./integrations";
import { signedGenericRequest, signedShopifyRequest, type GenericLineInput } from "./ingest-signing";

export type TrafficTarget = {
  baseUrl: string;
  generic: { id: string; secret: string } | null;
  shopify: { id: string; secret: string } | null;
  products: { sku: string; priceMinor: number; isModifier: boolean }[];
  locations: string[];
  /** Location code → the POS location id linked to it (Location.posRef), when there is one. */
  posRefs: Record<string, string>;
  channels: string[];
};

export type TrafficRequest = { url: string; init: RequestInit & { headers: Record<string, string> }; id: string; label: string };

/** Reads what the simulator needs (integrations with secrets, catalog, locations) from the database. */
export async function loadTrafficTarget(db: Db, shopRef: string, baseUrl: string): Promise<TrafficTarget> {
  const shop = await db.shop.findFirst({ where: { OR: [{ id: shopRef }, { slug: shopRef }] }, select: { id: true } });
  if (!shop) throw new DomainError("NOT_FOUND", `No shop with id or slug "${shopRef}".`);
  const [integrations, products, locations, channels] = await Promise.all([
    db.integration.findMany({ where: { shopId: shop.id, active: true }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, secret: true } }),
    db.product.findMany({ where: { shopId: shop.id, active: true }, select: { sku: true, priceMinor: true, isModifier: true } }),
    db.location.findMany({ where: { shopId: shop.id, active: true }, orderBy: { createdAt: "asc" }, select: { code: true, posRef: true } }),
    db.channel.findMany({ where: { shopId: shop.id }, select: { code: true } }),
  ]);
  const pick = (kind: string) => {
    const i = integrations.find((x) => x.kind === kind);
    return i ? { id: i.id, secret: i.secret } : null;
  };
  if (!integrations.length) throw new DomainError("CONFLICT", "The shop has no active POS integration.");
  if (!locations.length) throw new DomainError("CONFLICT", "The shop has no location.");
  return {
    baseUrl: baseUrl.replace(/\/$/, ""),
    generic: pick("generic"),
    shopify: pick("shopify"),
    products: products.length ? products : [{ sku: "DEMO-ITEM", priceMinor: 300, isModifier: false }],
    locations: locations.map((l) => l.code),
    posRefs: Object.fromEntries(locations.flatMap((l) => (l.posRef ? [[l.code, l.posRef]] : []))),
    channels: channels.length ? channels.map((c) => c.code) : ["walk-in"],
  };
}

const CAMPAIGNS = ["nl-2026-11-20", "ig-midnight-drop", "tiktok-glaze", "flyer-campus"];
const CHANNEL_WEIGHTS: Record<string, number> = { "walk-in": 50, "preorder-qr": 18, online: 17, delivery: 10, event: 5 };

/** A preorder's collection: when the customer comes by (null: never collected). */
type Collection = { at: number } | null;
type Recent = (
  | { kind: "generic"; orderId: string; data: Record<string, unknown> & { lineItems: GenericLineInput[] } }
  | { kind: "shopify"; orderId: number; order: Record<string, unknown> & { line_items: { id: number; sku: string; quantity: number; price: string }[] } }
) & { done: boolean; cancelled: boolean; collection: Collection };

/** Share of preorders collected, and how long after ordering (scaled to a simulation's minutes). */
const COLLECTED_SHARE = 0.8;
const COLLECT_AFTER_MS: readonly [number, number] = [20_000, 180_000];

/** A deterministic-enough random source (seeded), so two runs with one seed send the same story. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class TrafficGenerator {
  #t: TrafficTarget;
  #rand: () => number;
  #recent: Recent[] = [];
  #sent: TrafficRequest[] = [];
  #seq = 0;
  #shopifySeq: number;
  readonly #mix: { duplicates: boolean; lifecycle: boolean };

  constructor(target: TrafficTarget, options: { seed?: number; duplicates?: boolean; lifecycle?: boolean } = {}) {
    this.#t = target;
    this.#rand = mulberry32(options.seed ?? Date.now());
    this.#shopifySeq = Date.now() * 10;
    this.#mix = { duplicates: options.duplicates ?? true, lifecycle: options.lifecycle ?? true };
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#rand() * items.length)] as T;
  }

  #channel(): string {
    const options = this.#t.channels.map((c) => [c, CHANNEL_WEIGHTS[c] ?? 3] as const);
    let r = this.#rand() * options.reduce((s, [, w]) => s + w, 0);
    for (const [c, w] of options) if ((r -= w) < 0) return c;
    return options[0]?.[0] ?? "walk-in";
  }

  /** The next delivery to send. */
  next(): TrafficRequest {
    const r = this.#rand();
    // A preorder whose customer has come by is collected first; then the usual mix.
    let req: TrafficRequest | null = this.#mix.lifecycle ? this.#collection() : null;
    if (req) {
      this.#sent.push(req);
      return req;
    }
    if (this.#mix.duplicates && r < 0.06 && this.#sent.length) {
      const copy = this.#pick(this.#sent.slice(-50));
      req = { ...copy, label: `duplicate ${copy.label}` };
    } else if (this.#mix.lifecycle && r < 0.16 && this.#recent.some((o) => !o.done)) {
      req = this.#lifecycle();
    }
    req ??= this.#newOrder();
    this.#sent.push(req);
    if (this.#sent.length > 200) this.#sent.splice(0, 100);
    return req;
  }

  #lines(): { sku: string; quantity: number; unitPriceMinor: number; modifiers?: { sku: string; quantity: number; unitPriceMinor: number }[] }[] {
    const sellable = this.#t.products.filter((p) => !p.isModifier);
    const modifiers = this.#t.products.filter((p) => p.isModifier);
    const count = 1 + Math.floor(this.#rand() * 3);
    const lines = [];
    for (let i = 0; i < count; i++) {
      const p = this.#pick(sellable.length ? sellable : this.#t.products);
      const unknown = this.#rand() < 0.01;
      const mod = modifiers.length && this.#rand() < 0.15 ? this.#pick(modifiers) : null;
      lines.push({
        sku: unknown ? `POS-${Math.floor(this.#rand() * 5) + 100}` : p.sku,
        quantity: 1 + Math.floor(this.#rand() * (this.#rand() < 0.1 ? 12 : 3)),
        unitPriceMinor: p.priceMinor,
        ...(mod ? { modifiers: [{ sku: mod.sku, quantity: 1, unitPriceMinor: mod.priceMinor }] } : {}),
      });
    }
    return lines;
  }

  #newOrder(): TrafficRequest {
    const channel = this.#channel();
    const location = channel === "event" && this.#t.locations.includes("popup") ? "popup" : this.#pick(this.#t.locations);
    const tags = [...(channel === "preorder-qr" ? ["preorder"] : []), ...(this.#rand() < 0.1 ? ["midnight-bundle"] : [])];
    const campaign = this.#rand() < 0.25 ? this.#pick(CAMPAIGNS) : undefined;
    const customerRef = this.#rand() < 0.6 ? `c_${Math.floor(this.#rand() * 400)}` : undefined;
    const useShopify = this.#t.shopify && (!this.#t.generic || this.#rand() < 0.3);
    const lines = this.#lines();
    if (useShopify && this.#t.shopify) {
      const id = ++this.#shopifySeq;
      const now = new Date().toISOString();
      const posRef = this.#t.posRefs[location];
      const byLocationId = posRef !== undefined && /^\d+$/.test(posRef) && this.#rand() < 0.5;
      const order = {
        id,
        order_number: id % 1_000_000,
        created_at: now,
        updated_at: now,
        cancelled_at: null,
        currency: "USD",
        source_name: channel === "walk-in" ? "pos" : "web",
        tags: tags.join(", "),
        landing_site: campaign ? `/?utm_campaign=${campaign}` : "/",
        customer: customerRef ? { id: Number(customerRef.slice(2)) + 1000 } : null,
        location_id: byLocationId ? Number(posRef) : null,
        note_attributes: [...(byLocationId ? [] : [{ name: "location", value: location }]), { name: "channel", value: channel }],
        line_items: lines.map((l, i) => ({ id: id * 10 + i, sku: l.sku, quantity: l.quantity, price: (l.unitPriceMinor / 100).toFixed(2) })),
      };
      this.#remember({ kind: "shopify", orderId: id, order, done: false, cancelled: false, collection: this.#plannedCollection(tags) });
      return { ...signedShopifyRequest(this.#url(this.#t.shopify.id), this.#t.shopify.secret, "orders/create", order), label: "shopify orders/create" };
    }
    const generic = this.#t.generic;
    if (!generic) throw new DomainError("CONFLICT", "No integration to send with.");
    const orderId = `SIM-${Date.now().toString(36)}-${(++this.#seq).toString(36)}`;
    const data = { orderId, location, channel, placedAt: new Date().toISOString(), currency: "USD", tags, ...(campaign ? { campaign } : {}), ...(customerRef ? { customerRef } : {}), lineItems: lines };
    this.#remember({ kind: "generic", orderId, data, done: false, cancelled: false, collection: this.#plannedCollection(tags) });
    return { ...signedGenericRequest(this.#url(generic.id), generic.secret, { type: "order.created", data }), label: "order.created" };
  }

  #lifecycle(): TrafficRequest | null {
    const open = this.#recent.filter((o) => !o.done);
    const o = this.#pick(open);
    const r = this.#rand();
    if (o.kind === "generic" && this.#t.generic) {
      const g = this.#t.generic;
      if (r < 0.3) {
        o.done = true;
        o.cancelled = true;
        return { ...signedGenericRequest(this.#url(g.id), g.secret, { type: "order.cancelled", data: { orderId: o.orderId } }), label: "order.cancelled" };
      }
      if (r < 0.65) {
        const line = this.#pick(o.data.lineItems);
        o.done = true;
        const refund = { id: randomUUID(), lineItems: [{ sku: line.sku, quantity: 1 }], restock: this.#rand() < 0.5 };
        return { ...signedGenericRequest(this.#url(g.id), g.secret, { type: "order.refunded", data: { orderId: o.orderId, refund } }), label: "order.refunded" };
      }
      const lineItems = [...o.data.lineItems, ...this.#lines().slice(0, 1)];
      o.data = { ...o.data, lineItems, updatedAt: new Date().toISOString() };
      return { ...signedGenericRequest(this.#url(g.id), g.secret, { type: "order.updated", data: o.data }), label: "order.updated" };
    }
    if (o.kind === "shopify" && this.#t.shopify) {
      const s = this.#t.shopify;
      o.done = true;
      if (r < 0.3) {
        o.cancelled = true;
        const cancelled = { ...o.order, cancelled_at: new Date().toISOString(), updated_at: new Date().toISOString() };
        return { ...signedShopifyRequest(this.#url(s.id), s.secret, "orders/cancelled", cancelled), label: "shopify orders/cancelled" };
      }
      const line = this.#pick(o.order.line_items);
      const refund = {
        id: ++this.#shopifySeq,
        order_id: o.orderId,
        created_at: new Date().toISOString(),
        // Shopify names the refunded line by id; the nested line_item is optional.
        refund_line_items: [{ quantity: 1, line_item_id: line.id, restock_type: this.#rand() < 0.5 ? "return" : "no_restock", subtotal: line.price }],
        transactions: [{ kind: "refund", status: "success", currency: "USD", amount: line.price }],
      };
      return { ...signedShopifyRequest(this.#url(s.id), s.secret, "refunds/create", refund), label: "shopify refunds/create" };
    }
    return null;
  }

  #plannedCollection(tags: string[]): Collection {
    if (!tags.includes("preorder") || this.#rand() >= COLLECTED_SHARE) return null;
    const [min, max] = COLLECT_AFTER_MS;
    return { at: Date.now() + min + this.#rand() * (max - min) };
  }

  /** The fulfilment update of a preorder whose customer has come by (an order.updated / orders/updated). */
  #collection(): TrafficRequest | null {
    const now = Date.now();
    const o = this.#recent.find((x) => x.collection && x.collection.at <= now && !x.cancelled);
    if (!o?.collection) return null;
    const fulfilledAt = new Date(o.collection.at).toISOString();
    o.collection = null;
    if (o.kind === "generic" && this.#t.generic) {
      const g = this.#t.generic;
      o.data = { ...o.data, updatedAt: new Date(now).toISOString(), fulfilledAt };
      return { ...signedGenericRequest(this.#url(g.id), g.secret, { type: "order.updated", data: o.data }), label: "order.updated (collected)" };
    }
    if (o.kind === "shopify" && this.#t.shopify) {
      const s = this.#t.shopify;
      o.order = { ...o.order, updated_at: new Date(now).toISOString(), fulfillment_status: "fulfilled", fulfillments: [{ id: ++this.#shopifySeq, status: "success", created_at: fulfilledAt }] };
      return { ...signedShopifyRequest(this.#url(s.id), s.secret, "orders/updated", o.order), label: "shopify orders/updated (collected)" };
    }
    return null;
  }

  #remember(o: Recent) {
    this.#recent.push(o);
    if (this.#recent.length > 300) this.#recent.splice(0, 100);
  }

  #url(integrationId: string): string {
    return `${this.#t.baseUrl}${webhookPath(integrationId)}`;
  }
}

/** p-th percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
