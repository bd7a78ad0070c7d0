import { afterEach, describe, expect, it, vi } from "vitest";
import { TrafficGenerator, type TrafficTarget } from "./ingest-traffic";

const target: TrafficTarget = {
  baseUrl: "http://localhost:3000",
  generic: { id: "g1", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
  shopify: { id: "s1", secret: "shpss_test" },
  products: [{ sku: "GLAZED", priceMinor: 250, isModifier: false }],
  locations: ["main", "kiosk"],
  posRefs: { kiosk: "68357324979" },
  channels: ["walk-in", "preorder-qr", "online"],
};

type Body = { type?: string; data?: { orderId: string; tags?: string[]; placedAt: string; fulfilledAt?: string }; id?: number; tags?: string; created_at?: string; fulfillments?: { created_at: string }[]; location_id?: number | null };
const bodyOf = (init: RequestInit) => JSON.parse(String(init.body)) as Body;

afterEach(() => {
  vi.useRealTimers();
});

describe("TrafficGenerator", () => {
  it("collects most preorders later the same day, never some, and never a cancelled one", () => {
    vi.useFakeTimers({ now: new Date("2026-11-23T09:00:00Z") });
    const gen = new TrafficGenerator(target, { seed: 11, duplicates: false });
    const first = Array.from({ length: 400 }, () => gen.next());
    vi.setSystemTime(new Date("2026-11-23T09:10:00Z"));
    const later = Array.from({ length: 400 }, () => gen.next());

    const preorders = new Map<string, string>();
    for (const r of first) {
      const b = bodyOf(r.init);
      if (b.type === "order.created" && b.data?.tags?.includes("preorder")) preorders.set(b.data.orderId, b.data.placedAt);
      if (r.label === "shopify orders/create" && b.tags?.includes("preorder")) preorders.set(String(b.id), b.created_at ?? "");
    }
    const collected = later.filter((r) => r.label.includes("(collected)"));
    const cancelled = new Set<string>();
    for (const r of [...first, ...later]) {
      const b = bodyOf(r.init);
      const id = b.data ? b.data.orderId : String(b.id);
      if (r.label === "order.cancelled" || r.label === "shopify orders/cancelled") cancelled.add(id);
      if (r.label.includes("(collected)")) expect(cancelled.has(id)).toBe(false);
    }
    expect(preorders.size).toBeGreaterThan(20);
    expect(collected.length).toBeGreaterThan(preorders.size * 0.5);
    expect(collected.length).toBeLessThan(preorders.size);
    for (const r of collected) {
      const b = bodyOf(r.init);
      const [id, fulfilledAt] = b.data ? [b.data.orderId, b.data.fulfilledAt] : [String(b.id), b.fulfillments?.[0]?.created_at];
      const placedAt = preorders.get(id);
      expect(placedAt).toBeDefined();
      expect(Date.parse(fulfilledAt ?? "")).toBeGreaterThan(Date.parse(placedAt ?? ""));
      expect(fulfilledAt?.slice(0, 10)).toBe(placedAt?.slice(0, 10));
    }
  });

  it("names a Shopify location by its linked location id some of the time", () => {
    const gen = new TrafficGenerator(target, { seed: 5, duplicates: false, lifecycle: false });
    const shopifyOrders = Array.from({ length: 600 }, () => gen.next()).filter((r) => r.label === "shopify orders/create").map((r) => bodyOf(r.init));
    expect(shopifyOrders.some((o) => o.location_id === 68357324979)).toBe(true);
    expect(shopifyOrders.every((o) => o.location_id == null || o.location_id === 68357324979)).toBe(true);
  });
});
