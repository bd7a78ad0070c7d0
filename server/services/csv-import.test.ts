import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { applyCatalog } from "./catalog";
import { applyCsv, exportCsv, previewCsv } from "./csv-import";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { DEMO_CATALOG } from "../../prisma/seed/catalog";
import { findBalanceDrift, recordMovements } from "./ledger";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("CSV A");
  b = await createTestShop("CSV B");
  await applyCatalog(db, a.shop.id, DEMO_CATALOG);
});

describe("CSV import/export", () => {
  it("exports components and products that re-import as no change", async () => {
    for (const kind of ["components", "products"] as const) {
      const csv = await exportCsv(db, a.shop.id, kind);
      const preview = await previewCsv(db, a.shop.id, kind, csv);
      expect(preview.errors).toEqual([]);
      expect(preview.changes.every((c) => c.action === "unchanged")).toBe(true);
      expect(preview.canApply).toBe(false);
    }
  });

  it("previews creates and updates, then applies them", async () => {
    const csv = "code,name,unit,cost_per_unit_minor\nDOUGH,Yeast dough,g,0.4\nNEW-CUP,Tall cup,pc,15\n";
    const preview = await previewCsv(db, a.shop.id, "components", csv);
    expect(preview.changes).toEqual([
      { section: "components", key: "DOUGH", action: "update", changes: ["cost: 0.35 → 0.4"] },
      { section: "components", key: "NEW-CUP", action: "create", changes: [] },
    ]);
    expect(await db.component.count({ where: { shopId: a.shop.id, code: "NEW-CUP" } })).toBe(0);
    expect(await applyCsv(db, a.shop.id, "components", csv)).toEqual({ applied: 2 });
    expect((await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } })).costPerUnitMilli).toBe(400);
  });

  it("lists every bad product row (unknown refs, cycles) and applies nothing", async () => {
    const csv = [
      "sku,name,price_minor,kit",
      "NEW-A,New A,100,component:DOUGH=10",
      "NEW-B,New B,100,component:NOPE=1",
      "GLAZED,Glazed,250,product:MIDNIGHT-BOX-4=1",
      "NEW-C,New C,100,product:GHOST=1",
    ].join("\n");
    const preview = await previewCsv(db, a.shop.id, "products", csv);
    expect(preview.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(preview.errors[1]?.message).toMatch(/cycle/);
    expect(preview.canApply).toBe(false);
    await expect(applyCsv(db, a.shop.id, "products", csv)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await db.product.count({ where: { shopId: a.shop.id, sku: "NEW-A" } })).toBe(0);
  });

  it("imports counts across locations in one go, as adjustments with StockCount rows", async () => {
    await applyCatalog(db, a.shop.id, { locations: [{ code: "kiosk", name: "Kiosk", kind: "kiosk" }] });
    const kiosk = await db.location.findFirstOrThrow({ where: { shopId: a.shop.id, code: "kiosk" } });
    const dough = await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } });
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: dough.id, type: "RECEIPT", quantity: 1000 }]);
    const sheet = await exportCsv(db, a.shop.id, "counts");
    expect(sheet.split("\r\n")[0]).toBe("location,component,counted,name,unit,on_hand");
    expect(sheet).toContain("main,DOUGH,,Yeast dough,g,1000");
    const csv = "location,component,counted\nmain,DOUGH,950\nkiosk,DOUGH,20\nkiosk,GLAZE,\n";
    const preview = await previewCsv(db, a.shop.id, "counts", csv);
    expect(preview.counts.map((c) => [c.location, c.component, c.expected, c.counted, c.delta])).toEqual([
      ["main", "DOUGH", 1000, 950, -50],
      ["kiosk", "DOUGH", 0, 20, 20],
    ]);
    expect(await applyCsv(db, a.shop.id, "counts", csv, { userId: a.users.manager.id })).toEqual({ applied: 2 });
    const balances = await db.stockBalance.findMany({ where: { shopId: a.shop.id, componentId: dough.id } });
    expect(Object.fromEntries(balances.map((x) => [x.locationId, x.onHand]))).toEqual({ [a.main.id]: 950, [kiosk.id]: 20 });
    expect(await db.stockCount.count({ where: { shopId: a.shop.id } })).toBe(2);
    expect(await findBalanceDrift(db, a.shop.id)).toEqual([]);
  });

  it("refuses a count file with one bad row, applying none of it", async () => {
    const before = await db.stockMovement.count({ where: { shopId: a.shop.id } });
    const csv = "location,component,counted\nmain,DOUGH,1\nnowhere,DOUGH,3\n";
    const preview = await previewCsv(db, a.shop.id, "counts", csv);
    expect(preview.errors).toEqual([{ row: 3, message: "unknown location nowhere" }]);
    expect(preview.rows).toBe(2);
    await expect(applyCsv(db, a.shop.id, "counts", csv)).rejects.toMatchObject({ details: { errors: [{ row: 3 }] } });
    expect(await db.stockMovement.count({ where: { shopId: a.shop.id } })).toBe(before);
  });

  it("never reaches another shop's rows", async () => {
    const preview = await previewCsv(db, b.shop.id, "counts", "location,component,counted\nmain,DOUGH,5\n");
    expect(preview.errors).toEqual([{ row: 2, message: "unknown component DOUGH" }]);
    expect(await exportCsv(db, b.shop.id, "products")).toBe("sku,name,price_minor,category,is_modifier,active,kit\r\n");
    await expect(b.callers.staff.catalog.previewCsv({ kind: "counts", csv: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
