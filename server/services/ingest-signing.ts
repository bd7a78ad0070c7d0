/**
 * Builders for signed POS deliveries, shared by ingestion tests, the simulator, the bench and the
 * "send test event" button. They sign exactly as a POS would, so they exercise the real verifier.
 */
import { randomUUID } from "node:crypto";
import { shopifyHmac, signStandardWebhook } from "../domain/signature";

export type GenericLineInput = { sku: string; quantity: number; unitPriceMinor: number; modifiers?: { sku: string; quantity: number; unitPriceMinor: number }[] };

export type GenericOrderData = {
  orderId: string;
  location: string;
  channel: string;
  placedAt: string;
  updatedAt?: string;
  fulfilledAt?: string;
  currency: string;
  tags?: string[];
  campaign?: string;
  customerRef?: string;
  lineItems: GenericLineInput[];
  refund?: { id?: string; lineItems: { sku: string; quantity: number }[]; restock: boolean; amountMinor?: number };
};

export function genericOrder(orderId: string, lineItems: GenericLineInput[], extra: Partial<GenericOrderData> = {}): GenericOrderData {
  return { orderId, location: "main", channel: "walk-in", placedAt: new Date().toISOString(), currency: "USD", lineItems, ...extra };
}

/** A signed Standard Webhooks request: { url, init } ready for fetch or `new Request`. */
export function signedGenericRequest(
  url: string,
  secret: string,
  body: unknown,
  options: { id?: string; at?: Date; signWith?: string } = {},
): { url: string; init: RequestInit & { headers: Record<string, string> }; id: string } {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID()}`;
  const headers = signStandardWebhook(options.signWith ?? secret, id, options.at ?? new Date(), raw);
  return { url, id, init: { method: "POST", headers: { "content-type": "application/json", ...headers }, body: raw } };
}

export function signedShopifyRequest(
  url: string,
  secret: string,
  topic: string,
  body: unknown,
  options: { id?: string } = {},
): { url: string; init: RequestInit & { headers: Record<string, string> }; id: string } {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const id = options.id ?? randomUUID();
  return {
    url,
    id,
    init: {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-webhook-id": id,
        "x-shopify-hmac-sha256": shopifyHmac(secret, raw),
      },
      body: raw,
    },
  };
}

/** A Shopify order body (the fields Backroom reads, as Shopify documents them). */
export function shopifyOrder(
  id: number,
  lines: { sku: string; quantity: number; price: string }[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id,
    order_number: id % 100000,
    created_at: now,
    updated_at: now,
    cancelled_at: null,
    currency: "USD",
    source_name: "web",
    tags: "",
    customer: { id: 7001 },
    note_attributes: [{ name: "location", value: "main" }],
    line_items: lines.map((l, i) => ({ id: id * 10 + i, sku: l.sku, quantity: l.quantity, price: l.price, variant_id: 9000 + i })),
    ...extra,
  };
}

export function shopifyRefund(
  orderId: number,
  refundId: number,
  lines: { sku: string; quantity: number; restockType: "no_restock" | "cancel" | "return" | "legacy_restock"; subtotal?: string }[],
): Record<string, unknown> {
  return {
    id: refundId,
    order_id: orderId,
    created_at: new Date().toISOString(),
    refund_line_items: lines.map((l) => ({ quantity: l.quantity, restock_type: l.restockType, subtotal: l.subtotal, line_item: { sku: l.sku } })),
    transactions: [],
  };
}
