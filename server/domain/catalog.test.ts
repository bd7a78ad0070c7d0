import { describe, expect, it } from "vitest";
import { kitCost, marginBasisPoints, parseCatalog, planCatalog, toMilli, type ExistingCatalog } from "./catalog";

const empty: ExistingCatalog = { locations: [], components: [], products: [] };
const existing: ExistingCatalog = {
  locations: [{ code: "main", name: "Main", kind: "store" }],
  components: [
    { code: "DOUGH", name: "Dough", unit: "g", costPerUnitMilli: 350, shelfLifeHours: 48, supplier: "Mill", active: true, hasMovements: true },
    { code: "BOX", name: "Box", unit: "pc", costPerUnitMilli: 0, shelfLifeHours: null, supplier: null, active: true, hasMovements: false },
  ],
  products: [
    { sku: "GLAZED", name: "Glazed", priceMinor: 250, isModifier: false, category: null, active: true, kit: [{ component: "DOUGH", quantity: 80 }] },
    { sku: "BOX4", name: "Box of 4", priceMinor: 900, isModifier: false, category: null, active: true, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX", quantity: 1 }] },
  ],
};

function plan(body: unknown, base = existing) {
  return planCatalog(parseCatalog(body), base);
}

describe("toMilli", () => {
  it.each([
    [0.35, 350],
    [12, 12_000],
    [0.001, 1],
    [0.0005, null],
    [-1, null],
  ])("%d → %s", (v, expected) => expect(toMilli(v)).toBe(expected));
});

describe("parseCatalog", () => {
  it.each([
    ["a bad unit", { components: [{ code: "A", name: "A", unit: "kg" }] }, "components[0] (A) unit: Unit must be one of g, ml, pc"],
    ["a fractional kit quantity", { products: [{ sku: "P", name: "P", priceMinor: 1, kit: [{ component: "A", quantity: 1.5 }] }] }, /products\[0\] \(P\) kit\.0/],
    ["a kit line naming both", { products: [{ sku: "P", name: "P", priceMinor: 1, kit: [{ component: "A", product: "B", quantity: 1 }] }] }, /products\[0\] \(P\)/],
    ["a bad location kind", { locations: [{ code: "x", name: "X", kind: "castle" }] }, /locations\[0\] \(x\) kind/],
    ["a negative price", { products: [{ sku: "P", name: "P", priceMinor: -1 }] }, /products\[0\] \(P\) priceMinor/],
    ["a code with spaces", { components: [{ code: "A B", name: "A", unit: "g" }] }, /components\[0\] \(A B\) code/],
  ])("refuses %s naming the entry", (_n, body, message) => {
    expect(() => parseCatalog(body)).toThrow(message);
  });

  it("accepts an empty body as a no-op", () => {
    expect(parseCatalog({})).toEqual({ locations: [], components: [], products: [] });
  });
});

describe("planCatalog", () => {
  it("classifies create, update and unchanged, keeping omitted fields", () => {
    const result = plan({
      locations: [{ code: "main", name: "Main", kind: "store" }, { code: "kiosk", name: "Kiosk", kind: "kiosk" }],
      components: [{ code: "DOUGH", name: "Dough", unit: "g" }, { code: "BOX", name: "Box", unit: "pc", costPerUnitMinor: 45 }],
      products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }],
    });
    expect(result.changes).toEqual([
      { section: "locations", key: "main", action: "unchanged", changes: [] },
      { section: "locations", key: "kiosk", action: "create", changes: [] },
      { section: "components", key: "DOUGH", action: "unchanged", changes: [] },
      { section: "components", key: "BOX", action: "update", changes: ["cost: 0 → 45"] },
      { section: "products", key: "GLAZED", action: "unchanged", changes: [] },
    ]);
  });

  it("lists a kit change readably", () => {
    const result = plan({ products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 90 }] }] });
    expect(result.changes[0]?.changes).toEqual(["kit: 80×DOUGH → 90×DOUGH"]);
  });

  it.each([
    ["an unknown component", { products: [{ sku: "X", name: "X", priceMinor: 1, kit: [{ component: "NOPE", quantity: 1 }] }] }, "products[0] (X): kit[0] refers to unknown component NOPE"],
    ["an unknown product", { products: [{ sku: "X", name: "X", priceMinor: 1, kit: [{ product: "NOPE", quantity: 1 }] }] }, "products[0] (X): kit[0] refers to unknown product NOPE"],
    ["a self-reference", { products: [{ sku: "X", name: "X", priceMinor: 1, kit: [{ product: "X", quantity: 1 }] }] }, "products[0] (X): a kit cannot contain its own product"],
    ["a cycle through an existing bundle", { products: [{ sku: "GLAZED", name: "G", priceMinor: 1, kit: [{ product: "BOX4", quantity: 1 }] }] }, "products[0] (GLAZED): kit cycle GLAZED → BOX4 → GLAZED"],
    ["a duplicate entry", { components: [{ code: "A", name: "A", unit: "g" }, { code: "A", name: "A", unit: "g" }] }, "components[1] (A): listed twice"],
    ["a duplicate kit line", { products: [{ sku: "X", name: "X", priceMinor: 1, kit: [{ component: "DOUGH", quantity: 1 }, { component: "DOUGH", quantity: 2 }] }] }, "products[0] (X): kit[1] lists DOUGH twice"],
    ["a unit change on a component with stock", { components: [{ code: "DOUGH", name: "Dough", unit: "ml" }] }, "components[0] (DOUGH): unit cannot change from g to ml once stock has moved"],
  ])("refuses %s", (_n, body, message) => {
    expect(() => plan(body)).toThrow(message);
  });

  it("allows a unit change before any stock moved, and refs within the same body", () => {
    expect(plan({ components: [{ code: "BOX", name: "Box", unit: "g" }] }).changes[0]?.action).toBe("update");
    const fresh = plan(
      {
        components: [{ code: "C", name: "C", unit: "g" }],
        products: [
          { sku: "OUTER", name: "O", priceMinor: 1, kit: [{ product: "INNER", quantity: 2 }] },
          { sku: "INNER", name: "I", priceMinor: 1, kit: [{ component: "C", quantity: 3 }] },
        ],
      },
      empty,
    );
    expect(fresh.summary.products).toEqual({ create: 2, update: 0, unchanged: 0 });
  });

  it("refuses kits nested too deep, naming the product", () => {
    const products = Array.from({ length: 10 }, (_, i) => ({
      sku: `P${i}`,
      name: `P${i}`,
      priceMinor: 1,
      kit: i === 9 ? [{ component: "C", quantity: 1 }] : [{ product: `P${i + 1}`, quantity: 1 }],
    }));
    expect(() => plan({ components: [{ code: "C", name: "C", unit: "g" }], products }, empty)).toThrow(/products\[0\] \(P0\): .*nested deeper/);
  });
});

describe("planCatalog: limits of the products an edit affects", () => {
  // A chain L0 → L1 → … → L7 → C: L0 sits exactly at the depth limit.
  const chain: ExistingCatalog = {
    locations: [],
    components: [{ code: "C", name: "C", unit: "g", costPerUnitMilli: 0, shelfLifeHours: null, supplier: null, active: true, hasMovements: false }],
    products: Array.from({ length: 8 }, (_, i) => ({
      sku: `L${i}`,
      name: `L${i}`,
      priceMinor: 1,
      isModifier: false,
      category: null,
      active: true,
      kit: i === 7 ? [{ component: "C", quantity: 1 }] : [{ product: `L${i + 1}`, quantity: 1 }],
    })),
  };

  it("accepts the chain as it stands", () => {
    expect(plan({ products: [{ sku: "L7", name: "L7", priceMinor: 2, kit: [{ component: "C", quantity: 2 }] }] }, chain).summary.products.update).toBe(1);
  });

  it("refuses deepening a nested child when it pushes an untouched parent too deep, naming the parent", () => {
    const body = {
      products: [
        { sku: "L8", name: "L8", priceMinor: 1, kit: [{ component: "C", quantity: 1 }] },
        { sku: "L7", name: "L7", priceMinor: 1, kit: [{ product: "L8", quantity: 1 }] },
      ],
    };
    let error: unknown;
    try {
      plan(body, chain);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringMatching(/^products\[1\] \(L7\): would break L0, which contains it: .*nested deeper than 8/),
      details: { entry: "products[1] (L7)", parent: "L0", fields: { kit: expect.stringMatching(/Saving this would break L0/) } },
    });
  });

  it("refuses a child quantity that makes a parent use more than the ledger can hold per unit", () => {
    const existing2: ExistingCatalog = {
      ...chain,
      products: [
        { sku: "PACK", name: "Pack", priceMinor: 1, isModifier: false, category: null, active: true, kit: [{ product: "ITEM", quantity: 1000 }] },
        { sku: "ITEM", name: "Item", priceMinor: 1, isModifier: false, category: null, active: true, kit: [{ component: "C", quantity: 1 }] },
      ],
    };
    expect(() => plan({ products: [{ sku: "ITEM", name: "Item", priceMinor: 1, kit: [{ component: "C", quantity: 5_000_000 }] }] }, existing2)).toThrow(
      /products\[0\] \(ITEM\): would break PACK, which contains it: one PACK uses 5000000000 of C, more than 1000000000 per unit/,
    );
    // The same kit on the item alone is fine (5 M per unit).
    expect(() => plan({ products: [{ sku: "ITEM", name: "Item", priceMinor: 1, kit: [{ component: "C", quantity: 5_000_000 }] }] }, { ...chain, products: [existing2.products[1]!] })).not.toThrow();
  });

  it("refuses an edited product's own over-large explosion beside its kit field", () => {
    expect(() =>
      plan({ products: [{ sku: "BIG", name: "Big", priceMinor: 1, kit: [{ product: "L7", quantity: 1_000_000_000 }, { component: "C", quantity: 1 }] }] }, chain),
    ).toThrow(/products\[0\] \(BIG\): one BIG uses 1000000001 of C/);
  });
});

describe("kitCost and margin", () => {
  it("sums exact costs and lists uncosted components", () => {
    const costs = new Map([["DOUGH", 350], ["GLAZE", 600]]);
    expect(kitCost(new Map([["DOUGH", 80], ["GLAZE", 20], ["BOX", 1]]), (k) => costs.get(k))).toEqual({ costMilli: 40_000, uncosted: ["BOX"] });
  });
  it.each([
    [250, 40_000, 8400],
    [0, 1, null],
    [100, 200_000, -10_000],
  ])("price %d, cost %d milli → %s bp", (price, cost, bp) => expect(marginBasisPoints(price, cost)).toBe(bp));
});
