import { describe, expect, it } from "vitest";
import { buildHolds, heldByOtherChannels, heldOutside, totalAllocated, type AllocationRow } from "./allocation";
import { computeAvailability } from "./availability";
import type { KitGraph, KitLineRef } from "./kit";

const c = (ref: string, quantity: number): KitLineRef => ({ kind: "component", ref, quantity });
const p = (ref: string, quantity: number): KitLineRef => ({ kind: "product", ref, quantity });
const graph: KitGraph = new Map(
  Object.entries({
    GLAZED: [c("dough", 80), c("glaze", 15)],
    CHOC: [c("dough", 80), c("choc", 20)],
    BOX4: [p("GLAZED", 2), p("CHOC", 2), c("box4", 1)],
    GIFT: [],
  }).map(([k, lines]) => [k, { label: k, lines }]),
);
const products = ["GLAZED", "CHOC", "BOX4", "GIFT"].map((k) => ({ key: k, sku: k }));
const onHand = new Map([
  ["dough", 2000],
  ["glaze", 300],
  ["choc", 1000],
  ["box4", 3],
]);
const product = (key: string, channel: string, quantity: number): AllocationRow => ({ item: { kind: "product", key }, channel, quantity });
const component = (key: string, channel: string, quantity: number): AllocationRow => ({ item: { kind: "component", key }, channel, quantity });

describe("buildHolds", () => {
  it("keeps allocations whole, drops empty ones, and holds only what is left of a live drop's cap", () => {
    expect(
      buildHolds(
        [product("GLAZED", "preorder-qr", 12), product("CHOC", "online", 0), component("dough", "event", 500)],
        [
          { productKey: "BOX4", channels: ["online", "event"], cap: 10, sold: 4 },
          { productKey: "CHOC", channels: ["event"], cap: 5, sold: 9 },
        ],
      ),
    ).toEqual([
      { item: { kind: "product", key: "GLAZED" }, channels: ["preorder-qr"], quantity: 12, source: "allocation" },
      { item: { kind: "component", key: "dough" }, channels: ["event"], quantity: 500, source: "allocation" },
      { item: { kind: "product", key: "BOX4" }, channels: ["online", "event"], quantity: 6, source: "drop" },
    ]);
  });

  it("sums allocations per held item, products and components apart", () => {
    expect(
      Object.fromEntries(totalAllocated([product("GLAZED", "a", 12), product("GLAZED", "b", 3), component("GLAZED", "a", 7), component("dough", "a", -5)])),
    ).toEqual({ "product:GLAZED": 15, "component:GLAZED": 7, "component:dough": 0 });
  });
});

describe("heldByOtherChannels", () => {
  const holds = buildHolds(
    [product("GLAZED", "preorder-qr", 10), component("dough", "event", 500), component("glaze", "walk-in", 40)],
    [{ productKey: "BOX4", channels: ["online"], cap: 1, sold: 0 }],
  );
  it.each([
    // glazed ×10 = 800 dough + 150 glaze; box = 320 dough, 30 glaze, 40 choc, 1 box; dough buffer 500; glaze buffer 40
    ["walk-in sees every hold but its own glaze", "walk-in", { dough: 1620, glaze: 180, choc: 40, box4: 1 }],
    ["preorder-qr does not subtract its own buffer", "preorder-qr", { dough: 820, glaze: 70, choc: 40, box4: 1 }],
    ["online does not subtract its live drop", "online", { dough: 1300, glaze: 190 }],
    ["event keeps its dough", "event", { dough: 1120, glaze: 220, choc: 40, box4: 1 }],
  ])("%s", (_n, channel, expected) => {
    expect(Object.fromEntries(heldByOtherChannels(graph, holds, channel))).toEqual(expected);
  });

  it("treats a hold shared with any of several channels as theirs", () => {
    expect(Object.fromEntries(heldOutside(graph, holds, ["online", "event"]))).toEqual({ dough: 800, glaze: 190 });
  });
});

describe("computeAvailability", () => {
  it.each([
    // dough 2000/80 = 25, glaze 300/15 = 20 → 20; CHOC: dough 25, choc 50 → 25; BOX4: dough 2000/320=6, glaze 300/30=10, choc 1000/40=25, box 3 → 3
    ["the channel holding a product buffer", [product("GLAZED", "preorder-qr", 12)], "preorder-qr", { GLAZED: 20, CHOC: 25, BOX4: 3 }],
    // others: 12 glazed held = 960 dough + 180 glaze → dough 1040, glaze 120 → GLAZED min(13, 8) = 8; CHOC min(13, 50) = 13; BOX4 min(3, 4, 25, 3) = 3
    ["another channel", [product("GLAZED", "preorder-qr", 12)], "online", { GLAZED: 8, CHOC: 13, BOX4: 3 }],
    // 1200 g dough held for preorder: every other channel's products share the remaining 800 g.
    ["a component buffer limits every product using it", [component("dough", "preorder-qr", 1200)], "online", { GLAZED: 10, CHOC: 10, BOX4: 2 }],
    ["the channel holding the component keeps all of it", [component("dough", "preorder-qr", 1200)], "preorder-qr", { GLAZED: 20, CHOC: 25, BOX4: 3 }],
    // box buffer for delivery: BOX4 elsewhere limited to 3 − 2 = 1 box.
    ["a component buffer of packaging limits only the bundle", [component("box4", "delivery", 2)], "walk-in", { GLAZED: 20, CHOC: 25, BOX4: 1 }],
    [
      "product and component buffers add up",
      [product("GLAZED", "preorder-qr", 5), component("dough", "event", 400)],
      "online",
      // dough 2000 − 400 − 400 = 1200 → 15; glaze 300 − 75 = 225 → 15; CHOC: dough 15, choc 50 → 15; BOX4: 1200/320 = 3, 225/30 = 7, box 3 → 3
      { GLAZED: 15, CHOC: 15, BOX4: 3 },
    ],
  ])("for %s", (_n, allocations, channel, expected) => {
    const r = computeAvailability({ graph, products, onHand, holds: buildHolds(allocations, []), channel });
    expect(Object.fromEntries(r.map((x) => [x.sku, x.available]))).toEqual(expected);
  });

  it("never goes below zero and names the limiting component", () => {
    const r = computeAvailability({
      graph,
      products: [{ key: "GLAZED", sku: "GLAZED" }],
      onHand: new Map([["dough", -100], ["glaze", 1000]]),
      holds: [],
      channel: "walk-in",
    });
    expect(r).toEqual([{ sku: "GLAZED", available: 0, limitedBy: "dough" }]);
  });

  it.each([
    ["a product buffer", product("GLAZED", "preorder-qr", 20)],
    ["a component buffer", component("dough", "preorder-qr", 5000)],
  ])("gives 0 when other channels hold more than is on hand (%s)", (_n, allocation) => {
    const r = computeAvailability({
      graph,
      products: [{ key: "GLAZED", sku: "GLAZED" }],
      onHand: new Map([["dough", 800], ["glaze", 150]]),
      holds: buildHolds([allocation], []),
      channel: "walk-in",
    });
    expect(r).toEqual([{ sku: "GLAZED", available: 0, limitedBy: "dough" }]);
  });

  it("leaves out products whose kit consumes nothing and treats missing components as zero", () => {
    const r = computeAvailability({ graph, products, onHand: new Map([["dough", 800]]), holds: [], channel: "walk-in" });
    expect(r.map((x) => x.sku)).toEqual(["GLAZED", "CHOC", "BOX4"]);
    expect(r.every((x) => x.available === 0)).toBe(true);
  });
});
