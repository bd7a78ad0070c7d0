import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { applyCatalog } from "../../services/catalog";
import { recordMovements } from "../../services/ledger";
import { createTestShop, type TestShop } from "../../testing/fixtures";
import { DEMO_CATALOG } from "../../../prisma/seed/catalog";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("Catalog router A");
  b = await createTestShop("Catalog router B");
  await applyCatalog(db, a.shop.id, DEMO_CATALOG);
});

describe("catalog router", () => {
  it("refuses staff and signed-out callers the editors", async () => {
    await expect(a.callers.staff.catalog.components()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.catalog.saveComponent({ code: "X", name: "X", unit: "g" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.anonymous.catalog.products()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("lists products with exact exploded cost and margin", async () => {
    const products = await a.callers.manager.catalog.products();
    const box = products.find((p) => p.sku === "MIDNIGHT-BOX-4");
    // 2 glazed (80 dough, 20 glaze, 15 oil) + 2 choc (80 dough, 25 choc, 15 oil) + box.
    expect(Object.fromEntries(box?.exploded.map((e) => [e.code, e.quantity]) ?? [])).toEqual({
      DOUGH: 320,
      GLAZE: 40,
      CHOC: 50,
      "FRY-OIL": 60,
      "BOX-4": 1,
    });
    const expected = 320 * 350 + 40 * 600 + 50 * 1200 + 60 * 250 + 45_000;
    expect(box?.costMilli).toBe(expected);
    expect(box?.marginBp).toBe(Math.round(((999_000 - expected) * 10_000) / 999_000));
  });

  it("saves a product kit, refusing a cycle with a message naming it", async () => {
    await a.callers.manager.catalog.saveProduct({ sku: "GLAZED", name: "Original glazed", priceMinor: 260, kit: [{ component: "DOUGH", quantity: 85 }] });
    const glazed = await db.product.findFirstOrThrow({ where: { shopId: a.shop.id, sku: "GLAZED" }, include: { kit: true } });
    expect([glazed.priceMinor, glazed.kit.length, glazed.kit[0]?.quantity]).toEqual([260, 1, 85]);
    await expect(
      a.callers.owner.catalog.saveProduct({ sku: "GLAZED", name: "G", priceMinor: 1, kit: [{ product: "MIDNIGHT-BOX-4", quantity: 1 }] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/cycle GLAZED → MIDNIGHT-BOX-4 → GLAZED/) });
  });

  it("gives field errors for bad input", async () => {
    const error = await a.callers.owner.catalog.saveComponent({ code: "BAD", name: "", unit: "kg" as "g" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (error as { cause?: { issues?: { path: string[]; message: string }[] } }).cause?.issues ?? [];
    expect(Object.fromEntries(issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      name: "Name is required",
      unit: "Unit must be one of g, ml, pc",
    });
    const product = await a.callers.owner.catalog
      .saveProduct({ sku: "a b", name: "P", priceMinor: -5, kit: [{ component: "DOUGH", quantity: 0 }] })
      .catch((e: unknown) => e);
    const productIssues = (product as { cause?: { issues?: { path: string[]; message: string }[] } }).cause?.issues ?? [];
    expect(Object.fromEntries(productIssues.map((i) => [i.path.join("."), i.message]))).toEqual({
      sku: "Use letters, digits, dot, dash or underscore",
      priceMinor: "Price cannot be negative",
      "kit.0.quantity": "Quantity must be at least 1",
    });
  });

  it("refuses deepening a nested child that would push its parent past the depth limit, naming the parent", async () => {
    // DEEP0 → DEEP1 → … → DEEP7 → DOUGH: DEEP0 is exactly at the limit of 8 levels.
    const chain = Array.from({ length: 8 }, (_, i) => ({
      sku: `DEEP${i}`,
      name: `Deep ${i}`,
      priceMinor: 100,
      kit: i === 7 ? [{ component: "DOUGH", quantity: 1 }] : [{ product: `DEEP${i + 1}`, quantity: 1 }],
    }));
    await applyCatalog(db, a.shop.id, { products: chain });
    await a.callers.manager.catalog.saveProduct({ sku: "DEEP-LEAF", name: "Leaf", priceMinor: 1, kit: [{ component: "DOUGH", quantity: 1 }] });
    const error = await a.callers.manager.catalog
      .saveProduct({ sku: "DEEP7", name: "Deep 7", priceMinor: 100, kit: [{ product: "DEEP-LEAF", quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: expect.stringMatching(/would break DEEP0/),
      cause: { details: { parent: "DEEP0", fields: { kit: expect.stringMatching(/Saving this would break DEEP0, which contains DEEP7: .*nested deeper than 8/) } } },
    });
    // Nothing changed, and every product (the parent included) still lists with its usage.
    const products = await a.callers.manager.catalog.products();
    const parent = products.find((p) => p.sku === "DEEP0");
    expect(parent?.kitError).toBeNull();
    expect(parent?.exploded.map((e) => [e.code, e.quantity])).toEqual([["DOUGH", 1]]);
  });

  it("refuses a child's quantity that would make a parent's per-unit use overflow the ledger", async () => {
    await applyCatalog(db, a.shop.id, {
      products: [
        { sku: "CRATE", name: "Crate", priceMinor: 1, kit: [{ product: "CRATE-ITEM", quantity: 1000 }] },
        { sku: "CRATE-ITEM", name: "Crate item", priceMinor: 1, kit: [{ component: "DOUGH", quantity: 1 }] },
      ],
    });
    await expect(
      a.callers.manager.catalog.saveProduct({ sku: "CRATE-ITEM", name: "Crate item", priceMinor: 1, kit: [{ component: "DOUGH", quantity: 3_000_000 }] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/would break CRATE.*3000000000 of DOUGH/) });
  });

  it("refuses a unit change on a component with stock, beside the unit field", async () => {
    const dough = await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } });
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: dough.id, type: "RECEIPT", quantity: 10 }]);
    const error = await a.callers.owner.catalog.saveComponent({ code: "DOUGH", name: "Dough", unit: "ml" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNPROCESSABLE_CONTENT", cause: { details: { fields: { unit: expect.stringMatching(/already counted in g/) } } } });
  });

  it("previews a draft kit's cost without saving", async () => {
    const preview = await a.callers.manager.catalog.previewKit({ sku: "NEW", priceMinor: 500, kit: [{ product: "DOZEN-BOX", quantity: 1 }, { component: "BAG", quantity: 2 }] });
    expect(preview.exploded.find((e) => e.code === "BOX-12")?.quantity).toBe(1);
    expect(preview.exploded.find((e) => e.code === "BAG")?.quantity).toBe(2);
    await expect(a.callers.manager.catalog.previewKit({ sku: "NEW", priceMinor: 1, kit: [{ component: "NOPE", quantity: 1 }] })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });

  it("keeps shops apart: B sees none of A's catalog and cannot refer to it", async () => {
    expect(await b.callers.owner.catalog.products()).toEqual([]);
    expect(await b.callers.owner.catalog.components()).toEqual([]);
    await expect(
      b.callers.owner.catalog.saveProduct({ sku: "STEAL", name: "x", priceMinor: 1, kit: [{ component: "DOUGH", quantity: 1 }] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const locations = await b.callers.staff.catalog.locations();
    expect(locations.every((l) => l.id !== a.main.id)).toBe(true);
  });
});
