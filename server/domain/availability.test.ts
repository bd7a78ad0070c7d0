import { describe, expect, it } from "vitest";
import { buildHolds, heldByOtherChannels, totalAllocated } from "./allocation";
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

describe("buildHolds", () => {
  it("keeps allocations whole and holds only what is left of a live drop's cap", () => {
    expect(
      buildHolds(
        [{ productKey: "GLAZED", channel: "preorder-qr", quantity: 12 }, { productKey: "CHOC", channel: "online", quantity: 0 }],
        [
          { productKey: "BOX4", channels: ["online", "event"], cap: 10, sold: 4 },
          { productKey: "CHOC", channels: ["event"], cap: 5, sold: 9 },
        ],
      ),
    ).toEqual([
      { productKey: "GLAZED", channels: ["preorder-qr"], quantity: 12, source: "allocation" },
      { productKey: "BOX4", channels: ["online", "event"], quantity: 6, source: "drop" },
    ]);
  });

  it("sums allocations per product", () => {
    expect(
      Object.fromEntries(
        totalAllocated([
          { productKey: "GLAZED", channel: "a", quantity: 12 },
          { productKey: "GLAZED", channel: "b", quantity: 3 },
        ]),
      ),
    ).toEqual({ GLAZED: 15 });
  });
});

describe("heldByOtherChannels", () => {
  const holds = buildHolds([{ productKey: "GLAZED", channel: "preorder-qr", quantity: 10 }], [{ productKey: "BOX4", channels: ["online"], cap: 1, sold: 0 }]);
  it.each([
    ["walk-in sees both holds", "walk-in", { dough: 1120, glaze: 180, choc: 40, box4: 1 }],
    ["preorder-qr does not subtract its own buffer", "preorder-qr", { dough: 320, glaze: 30, choc: 40, box4: 1 }],
    ["online does not subtract its live drop", "online", { dough: 800, glaze: 150 }],
  ])("%s", (_n, channel, expected) => {
    expect(Object.fromEntries(heldByOtherChannels(graph, holds, channel))).toEqual(expected);
  });
});

describe("computeAvailability", () => {
  const holds = buildHolds([{ productKey: "GLAZED", channel: "preorder-qr", quantity: 12 }], []);
  it.each([
    // dough 2000/80 = 25, glaze 300/15 = 20 → 20; CHOC: dough 25, choc 50 → 25; BOX4: dough 2000/320=6, glaze 300/30=10, choc 1000/40=25, box 3 → 3
    ["the channel holding the buffer", "preorder-qr", { GLAZED: 20, CHOC: 25, BOX4: 3 }],
    // others: 12 glazed held = 960 dough + 180 glaze → dough 1040, glaze 120 → GLAZED min(13, 8) = 8; CHOC min(13, 50) = 13; BOX4 min(3, 4, 25, 3) = 3
    ["another channel", "online", { GLAZED: 8, CHOC: 13, BOX4: 3 }],
  ])("for %s", (_n, channel, expected) => {
    const r = computeAvailability({ graph, products, onHand, holds, channel });
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

  it("gives 0 when other channels hold more than is on hand", () => {
    const r = computeAvailability({
      graph,
      products: [{ key: "GLAZED", sku: "GLAZED" }],
      onHand: new Map([["dough", 800], ["glaze", 150]]),
      holds: buildHolds([{ productKey: "GLAZED", channel: "preorder-qr", quantity: 20 }], []),
      channel: "walk-in",
    });
    expect(r[0]?.available).toBe(0);
  });

  it("leaves out products whose kit consumes nothing and treats missing components as zero", () => {
    const r = computeAvailability({ graph, products, onHand: new Map([["dough", 800]]), holds: [], channel: "walk-in" });
    expect(r.map((x) => x.sku)).toEqual(["GLAZED", "CHOC", "BOX4"]);
    expect(r.every((x) => x.available === 0)).toBe(true);
  });
});
