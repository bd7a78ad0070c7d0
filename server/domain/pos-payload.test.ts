import { describe, expect, it } from "vitest";
import { normaliseGeneric, normaliseShopify, parseMoneyMinor } from "./pos-payload";

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
      { lineNo: 1, parentLineNo: null, sku: "GLAZED", quantity: 2, unitPriceMinor: 250 },
      { lineNo: 2, parentLineNo: 1, sku: "SPRINKLES", quantity: 2, unitPriceMinor: 50 },
    ]);
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
    expect(r.event.state).toMatchObject({ locationCode: "kiosk", channel: "walk-in", campaign: "nl-1", tags: ["preorder", "midnight-bundle"], orderNumber: 1001 });
    expect(r.event.state?.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor])).toEqual([["GLAZED", 3, 250], ["variant:44", 1, 100]]);
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
    expect(r.ok && r.event.refund).toEqual({ refundId: "9", amountMinor: 500, lines: [{ sku: "GLAZED", quantity: 1, restock: true }, { sku: "GLAZED", quantity: 1, restock: false }] });
    expect(r.ok && r.event.dedupeKey).toBe("820982911946154500|refunds/create|9");
  });
  it.each([
    ["an unknown topic", "products/create", JSON.stringify(order)],
    ["a price with three decimals", "orders/create", JSON.stringify({ ...order, line_items: [{ sku: "X", quantity: 1, price: "1.234" }] })],
    ["no line items", "orders/create", JSON.stringify({ ...order, line_items: [] })],
  ])("refuses %s", (_name, topic, raw) => {
    expect(normaliseShopify(topic, raw).ok).toBe(false);
  });
});

describe("parseMoneyMinor", () => {
  it.each([
    ["2.50", 250],
    ["2.5", 250],
    ["0.07", 7],
    ["19", 1900],
    [3.1, 310],
    ["1.234", null],
    ["-1.00", null],
    ["abc", null],
  ])("%s → %s", (input, expected) => {
    expect(parseMoneyMinor(input)).toBe(expected);
  });
});
