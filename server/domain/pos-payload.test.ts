import { describe, expect, it } from "vitest";
import { knownCurrencyExponent } from "./money";
import { locationDirectory, normaliseGeneric, normaliseShopify, parseMoneyMinor, refundAmountMinor, resolveLocation, type LocationRef } from "./pos-payload";

const sentAt = new Date("2026-11-23T07:20:00Z");
const data = {
  orderId: "A-1001",
  location: "main",
  channel: "walk-in",
  placedAt: "2026-11-23T07:14:58Z",
  currency: "USD",
  tags: ["preorder", "preorder"],
  campaign: "nl-2026-11-20",
  customerRef: "c_123",
  lineItems: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250, modifiers: [{ sku: "SPRINKLES", quantity: 1, unitPriceMinor: 50 }] }],
};

describe("normaliseGeneric", () => {
  it("normalises the DESIGN.md example, expanding modifiers per unit", () => {
    const r = normaliseGeneric(JSON.stringify({ type: "order.created", data }), sentAt);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toMatchObject({ kind: "created", externalId: "A-1001", dedupeKey: "A-1001|order.created", eventAt: new Date("2026-11-23T07:14:58Z") });
    expect(r.event.state?.tags).toEqual(["preorder"]);
    expect(r.event.state?.lines).toEqual([
      { lineNo: 1, parentLineNo: null, sku: "GLAZED", quantity: 2, unitPriceMinor: 250, posLineId: null },
      { lineNo: 2, parentLineNo: 1, sku: "SPRINKLES", quantity: 2, unitPriceMinor: 50, posLineId: null },
    ]);
    expect(r.event.state?.location).toEqual({ source: "generic", value: "main" });
    expect(r.event.state?.fulfilledAt).toBeNull();
  });

  it("reads an optional fulfilment time", () => {
    const r = normaliseGeneric(JSON.stringify({ type: "order.updated", data: { ...data, updatedAt: "2026-11-23T09:00:00Z", fulfilledAt: "2026-11-23T08:55:00Z" } }), sentAt);
    expect(r.ok && r.event.state?.fulfilledAt?.toISOString()).toBe("2026-11-23T08:55:00.000Z");
  });

  it.each([
    ["updated with updatedAt", { type: "order.updated", data: { ...data, updatedAt: "2026-11-23T08:00:00Z" } }, "updated", "A-1001|order.updated|2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00.000Z"],
    ["cancelled without a state", { type: "order.cancelled", data: { orderId: "A-1001" } }, "cancelled", "A-1001|order.cancelled", sentAt.toISOString()],
    ["refund with id", { type: "order.refunded", data: { orderId: "A-1001", refund: { id: "r-9", lineItems: [{ sku: "GLAZED", quantity: 1 }], restock: true } } }, "refunded", "A-1001|order.refunded|r-9", sentAt.toISOString()],
  ])("%s", (_name, body, kind, dedupeKey, eventAt) => {
    const r = normaliseGeneric(JSON.stringify(body), sentAt);
    expect(r.ok && { kind: r.event.kind, dedupeKey: r.event.dedupeKey, eventAt: r.event.eventAt.toISOString() }).toEqual({ kind, dedupeKey, eventAt });
  });

  it.each([
    ["not JSON", "{nope", "Body is not valid JSON."],
    ["unknown type", JSON.stringify({ type: "order.exploded", data }), "type"],
    ["fractional quantity", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 0.5, unitPriceMinor: 1 }] } }), "data.lineItems.0.quantity"],
    ["negative price", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 1, unitPriceMinor: -1 }] } }), "data.lineItems.0.unitPriceMinor"],
    ["bad placedAt", JSON.stringify({ type: "order.created", data: { ...data, placedAt: "yesterday" } }), "data.placedAt"],
    ["no lines", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [] } }), "data.lineItems"],
    ["refund without lines", JSON.stringify({ type: "order.refunded", data: { orderId: "A", refund: { lineItems: [], restock: true } } }), "data.refund.lineItems"],
    ["an unknown type, by name", JSON.stringify({ type: "order.exploded", data }), "Unknown event type"],
    ["a negative quantity", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: -2, unitPriceMinor: 1 }] } }), "data.lineItems.0.quantity"],
    ["a unit price beyond a stored integer", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 1, unitPriceMinor: 2 ** 31 }] } }), "data.lineItems.0.unitPriceMinor"],
    ["a line total beyond a stored integer", JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 1000, unitPriceMinor: 3_000_000 }] } }), "data.lineItems.0"],
    [
      "a subtotal beyond a stored integer",
      JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 1, unitPriceMinor: 2_000_000_000 }, { sku: "Y", quantity: 1, unitPriceMinor: 200_000_000 }] } }),
      "order subtotal 2200000000",
    ],
    [
      "a modifier whose total quantity is beyond the limit",
      JSON.stringify({ type: "order.created", data: { ...data, lineItems: [{ sku: "X", quantity: 1_000_000, unitPriceMinor: 0, modifiers: [{ sku: "M", quantity: 1000, unitPriceMinor: 0 }] }] } }),
      "data.lineItems.0.modifiers.0.quantity",
    ],
    ["an order number beyond a stored integer", JSON.stringify({ type: "order.created", data: { ...data, orderNumber: 2 ** 31 } }), "data.orderNumber"],
    ["a refund amount beyond a stored integer", JSON.stringify({ type: "order.refunded", data: { orderId: "A", refund: { lineItems: [{ sku: "X", quantity: 1 }], restock: true, amountMinor: 1e10 } } }), "data.refund.amountMinor"],
  ])("refuses %s, naming the problem", (_name, raw, mention) => {
    const r = normaliseGeneric(raw, sentAt);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(JSON.stringify([r.message, r.details])).toContain(mention);
  });
});

describe("normaliseShopify", () => {
  const order = {
    id: 820982911946154500,
    order_number: 1001,
    created_at: "2026-11-23T07:14:58-05:00",
    updated_at: "2026-11-23T07:15:30-05:00",
    currency: "USD",
    source_name: "pos",
    tags: "preorder, midnight-bundle",
    landing_site: "/?utm_campaign=nl-1",
    customer: { id: 115310627314723950 },
    note_attributes: [{ name: "location", value: "kiosk" }],
    line_items: [{ id: 1, sku: "GLAZED", quantity: 3, price: "2.50" }, { id: 2, sku: "", variant_id: 44, quantity: 1, price: "1" }],
  };
  it("reads orders/create", () => {
    const r = normaliseShopify("orders/create", JSON.stringify(order));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.kind).toBe("created");
    expect(r.event.state).toMatchObject({
      location: { source: "shopify", note: "kiosk", locationId: null },
      channel: "walk-in",
      campaign: "nl-1",
      tags: ["preorder", "midnight-bundle"],
      orderNumber: 1001,
      fulfilledAt: null,
    });
    expect(r.event.state?.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor, l.posLineId])).toEqual([["GLAZED", 3, 250, "1"], ["variant:44", 1, 100, "2"]]);
  });
  it("keeps a numeric location_id as the POS location id, not as a code", () => {
    const r = normaliseShopify("orders/create", JSON.stringify({ ...order, note_attributes: [], location_id: 68357324979 }));
    expect(r.ok && r.event.state?.location).toEqual({ source: "shopify", note: null, locationId: "68357324979" });
  });
  it("reads the earliest successful fulfilment as the collection time", () => {
    const fulfillments = [
      { created_at: "2026-11-23T12:00:00-05:00", status: "success" },
      { created_at: "2026-11-23T09:00:00-05:00", status: "cancelled" },
      { created_at: "2026-11-23T10:30:00-05:00", status: "success" },
    ];
    const r = normaliseShopify("orders/updated", JSON.stringify({ ...order, fulfillments }));
    expect(r.ok && r.event.state?.fulfilledAt?.toISOString()).toBe("2026-11-23T15:30:00.000Z");
  });
  it.each([
    ["JPY has no minor unit", "JPY", "250", 250],
    ["JPY with zero decimals", "JPY", "250.00", 250],
    ["KWD has three", "KWD", "1.250", 1250],
    ["USD has two", "USD", "2.5", 250],
  ])("reads prices in the currency's minor unit: %s", (_name, currency, price, minor) => {
    const r = normaliseShopify("orders/create", JSON.stringify({ ...order, currency, line_items: [{ id: 1, sku: "X", quantity: 1, price }] }));
    expect(r.ok && r.event.state?.lines[0]?.unitPriceMinor).toBe(minor);
  });
  it("treats a cancelled_at as a cancellation", () => {
    const r = normaliseShopify("orders/updated", JSON.stringify({ ...order, cancelled_at: "2026-11-23T09:00:00-05:00" }));
    expect(r.ok && r.event.kind).toBe("cancelled");
  });
  it("reads refunds/create with restock_type per line", () => {
    const refund = {
      id: 9,
      order_id: 820982911946154500,
      created_at: "2026-11-23T10:00:00-05:00",
      refund_line_items: [
        { quantity: 1, restock_type: "return", line_item: { sku: "GLAZED" } },
        { quantity: 1, restock_type: "no_restock", line_item: { sku: "GLAZED" } },
      ],
      transactions: [{ kind: "refund", amount: "5.00" }],
    };
    const r = normaliseShopify("refunds/create", JSON.stringify(refund));
    expect(r.ok && r.event.refund).toEqual({
      refundId: "9",
      amount: { decimals: ["5.00"], currency: null },
      lines: [
        { sku: "GLAZED", posLineId: null, quantity: 1, restock: true },
        { sku: "GLAZED", posLineId: null, quantity: 1, restock: false },
      ],
    });
    expect(r.ok && r.event.dedupeKey).toBe("820982911946154500|refunds/create|9");
  });
  it("reads refund lines by line_item_id without the nested line item, and counts only successful refund transactions", () => {
    const refund = {
      id: 10,
      order_id: 5,
      created_at: "2026-11-23T10:00:00-05:00",
      refund_line_items: [{ quantity: 2, line_item_id: 466157049, restock_type: "cancel" }],
      transactions: [
        { kind: "refund", status: "success", currency: "JPY", amount: "500" },
        { kind: "refund", status: "failure", currency: "JPY", amount: "500" },
        { kind: "sale", status: "success", currency: "JPY", amount: "9999" },
      ],
    };
    const r = normaliseShopify("refunds/create", JSON.stringify(refund));
    expect(r.ok && r.event.refund).toEqual({
      refundId: "10",
      amount: { decimals: ["500"], currency: "JPY" },
      lines: [{ sku: null, posLineId: "466157049", quantity: 2, restock: true }],
    });
    expect(r.ok && r.event.refund && refundAmountMinor(r.event.refund.amount, "USD")).toEqual({ ok: true, minor: 500 });
  });
  it("refuses a refund line that names no order line", () => {
    const r = normaliseShopify("refunds/create", JSON.stringify({ id: 1, order_id: 5, created_at: "2026-11-23T10:00:00Z", refund_line_items: [{ quantity: 1 }] }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.details).toEqual([{ path: "refund_line_items.0", message: "needs line_item_id or line_item" }]);
  });
  it.each([
    ["an unknown topic", "products/create", JSON.stringify(order)],
    ["a price with three decimals", "orders/create", JSON.stringify({ ...order, line_items: [{ sku: "X", quantity: 1, price: "1.234" }] })],
    ["yen with decimals", "orders/create", JSON.stringify({ ...order, currency: "JPY", line_items: [{ sku: "X", quantity: 1, price: "250.50" }] })],
    ["a price beyond a stored integer", "orders/create", JSON.stringify({ ...order, line_items: [{ sku: "X", quantity: 1, price: "21474836.48" }] })],
    ["a line total beyond a stored integer", "orders/create", JSON.stringify({ ...order, line_items: [{ sku: "X", quantity: 1000, price: "30000.00" }] })],
    ["no line items", "orders/create", JSON.stringify({ ...order, line_items: [] })],
  ])("refuses %s", (_name, topic, raw) => {
    expect(normaliseShopify(topic, raw).ok).toBe(false);
  });
});

describe("parseMoneyMinor", () => {
  it.each([
    ["2.50", 2, 250],
    ["2.5", 2, 250],
    ["0.07", 2, 7],
    ["19", 2, 1900],
    [3.1, 2, 310],
    ["1.234", 2, null],
    ["1.230", 2, 123],
    ["-1.00", 2, null],
    ["abc", 2, null],
    ["1000", 0, 1000],
    ["1000.00", 0, 1000],
    ["1000.5", 0, null],
    ["1.5", 3, 1500],
    ["0.125", 3, 125],
    [Number.NaN, 2, null],
  ])("%s with %s decimals → %s", (input, exponent, expected) => {
    expect(parseMoneyMinor(input, exponent)).toBe(expected);
  });
  it.each([
    ["USD", 2],
    ["JPY", 0],
    ["KWD", 3],
    ["usd!", null],
  ])("currency %s has %s decimals", (currency, exponent) => {
    expect(knownCurrencyExponent(currency)).toBe(exponent);
  });
});

describe("resolveLocation", () => {
  const dir = locationDirectory([
    { id: "L-main", code: "main", active: true, posRef: "111" },
    { id: "L-kiosk", code: "kiosk", active: true, posRef: null },
    { id: "L-old", code: "old", active: false, posRef: "333" },
  ]);
  const single = locationDirectory([
    { id: "L-main", code: "main", active: true, posRef: null },
    { id: "L-old", code: "old", active: false, posRef: null },
  ]);
  const generic = (value: string): LocationRef => ({ source: "generic", value });
  const shopify = (note: string | null, locationId: string | null): LocationRef => ({ source: "shopify", note, locationId });
  it.each([
    ["generic code", generic("kiosk"), dir, null, "L-kiosk"],
    ["generic POS id as a fallback", generic("111"), dir, null, "L-main"],
    ["generic unknown", generic("mars"), dir, "L-main", "data.location"],
    ["shopify note attribute as a code", shopify("kiosk", "111"), dir, null, "L-kiosk"],
    ["shopify unknown note attribute is refused, not defaulted", shopify("mars", "111"), dir, "L-main", "note_attributes.location"],
    ["shopify location_id by POS id", shopify(null, "111"), dir, "L-kiosk", "L-main"],
    ["shopify location_id of an inactive location still matches", shopify(null, "333"), dir, null, "L-old"],
    ["shopify unmapped location_id → default", shopify(null, "999"), dir, "L-kiosk", "L-kiosk"],
    ["shopify no location → default", shopify(null, null), dir, "L-kiosk", "L-kiosk"],
    ["shopify no default → the only active location", shopify(null, "999"), single, null, "L-main"],
    ["shopify default that no longer exists → the only active location", shopify(null, null), single, "L-gone", "L-main"],
    ["shopify unmapped location_id, no default, several locations", shopify(null, "999"), dir, null, "location_id"],
    ["shopify no location at all, several locations", shopify(null, null), dir, null, "location_id"],
  ])("%s", (_name, ref, directory, defaultId, expected) => {
    const r = resolveLocation(ref, directory, defaultId);
    expect(r.ok ? r.location.id : r.path).toBe(expected);
  });
  it("names the unmapped Shopify location id in the refusal", () => {
    const r = resolveLocation(shopify(null, "999"), dir, null);
    expect(!r.ok && r.message).toContain("Shopify location 999");
  });
});
