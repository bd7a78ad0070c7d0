import { describe, expect, it } from "vitest";
import { explodeKit, findKitCycle, kitAncestors, nearestInKit, MAX_KIT_DEPTH, type KitGraph, type KitLineRef } from "./kit";

const c = (ref: string, quantity: number): KitLineRef => ({ kind: "component", ref, quantity });
const p = (ref: string, quantity: number): KitLineRef => ({ kind: "product", ref, quantity });

function graph(entries: Record<string, KitLineRef[]>): KitGraph {
  return new Map(Object.entries(entries).map(([k, lines]) => [k, { label: k, lines }]));
}

const donuts = graph({
  GLAZED: [c("dough", 80), c("glaze", 15)],
  SPRINKLES: [c("sprinkles", 5)],
  BOX4: [p("GLAZED", 4), c("box", 1)],
  PARTY: [p("BOX4", 3), p("SPRINKLES", 12)],
  GIFTCARD: [],
});

describe("explodeKit", () => {
  it.each([
    ["a plain product", "GLAZED", 2, { dough: 160, glaze: 30 }],
    ["a bundle of products", "BOX4", 1, { dough: 320, glaze: 60, box: 1 }],
    ["a nested bundle", "PARTY", 2, { dough: 1920, glaze: 360, box: 6, sprinkles: 120 }],
    ["a modifier SKU", "SPRINKLES", 3, { sprinkles: 15 }],
    ["zero quantity", "BOX4", 0, {}],
    ["a product with an empty kit", "GIFTCARD", 5, {}],
    ["a negative quantity (a reversal)", "GLAZED", -1, { dough: -80, glaze: -15 }],
    ["a huge but safe quantity", "GLAZED", 1_000_000_000, { dough: 80_000_000_000, glaze: 15_000_000_000 }],
  ])("explodes %s", (_name, sku, qty, expected) => {
    expect(Object.fromEntries(explodeKit(donuts, sku, qty))).toEqual(expected);
  });

  it("accumulates into an existing usage map", () => {
    const usage = explodeKit(donuts, "GLAZED", 1);
    explodeKit(donuts, "SPRINKLES", 1, usage);
    expect(Object.fromEntries(usage)).toEqual({ dough: 80, glaze: 15, sprinkles: 5 });
  });

  it.each([
    ["a self-reference", graph({ A: [p("A", 1)] }), "A", "Kit cycle: A → A"],
    ["a longer cycle", graph({ A: [p("B", 1)], B: [p("C", 2)], C: [p("A", 1), c("x", 1)] }), "A", "Kit cycle: A → B → C → A"],
  ])("refuses %s and names the cycle", (_name, g, sku, message) => {
    expect(() => explodeKit(g, sku, 1)).toThrow(message);
  });

  it("refuses kits nested deeper than the limit", () => {
    const entries: Record<string, KitLineRef[]> = {};
    for (let i = 0; i <= MAX_KIT_DEPTH; i++) entries[`P${i}`] = [p(`P${i + 1}`, 1)];
    entries[`P${MAX_KIT_DEPTH + 1}`] = [c("x", 1)];
    expect(() => explodeKit(graph(entries), "P0", 1)).toThrow(/nested deeper than 8/);
  });

  it.each([
    ["fractional quantities", () => explodeKit(donuts, "GLAZED", 1.5), /whole number/],
    ["an unknown product", () => explodeKit(donuts, "NOPE", 1), /Unknown product NOPE/],
    ["overflowing quantities", () => explodeKit(donuts, "PARTY", Number.MAX_SAFE_INTEGER), /overflow/],
  ])("refuses %s", (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe("findKitCycle", () => {
  it("finds none in an acyclic catalog", () => expect(findKitCycle(donuts)).toBeNull());
  it("finds a cycle through bundles", () => {
    expect(findKitCycle(graph({ X: [c("a", 1)], BOX: [p("INNER", 1)], INNER: [p("BOX", 2)] }))).toEqual(["BOX", "INNER", "BOX"]);
  });
});

describe("kitAncestors and nearestInKit", () => {
  const graph: KitGraph = new Map([
    ["A", { label: "A", lines: [{ kind: "product", ref: "B", quantity: 1 }] }],
    ["B", { label: "B", lines: [{ kind: "product", ref: "C", quantity: 2 }] }],
    ["C", { label: "C", lines: [{ kind: "component", ref: "x", quantity: 1 }] }],
    ["D", { label: "D", lines: [{ kind: "product", ref: "C", quantity: 1 }] }],
    ["E", { label: "E", lines: [{ kind: "component", ref: "x", quantity: 1 }] }],
  ]);
  it("finds every product that contains an edited one, at any depth", () => {
    expect([...kitAncestors(graph, ["C"])].sort()).toEqual(["A", "B", "C", "D"]);
    expect([...kitAncestors(graph, ["E"])]).toEqual(["E"]);
  });
  it("finds the nearest of some products inside a kit", () => {
    expect(nearestInKit(graph, "A", new Set(["C", "B"]))).toBe("B");
    expect(nearestInKit(graph, "A", new Set(["C"]))).toBe("C");
    expect(nearestInKit(graph, "D", new Set(["B"]))).toBeNull();
  });
});
