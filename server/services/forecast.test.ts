import { describe, expect, it } from "vitest";
import { db } from "../db";
import { HOUR_MS } from "../domain/forecast";
import { createTestShop } from "../testing/fixtures";
import { projectStock } from "./forecast";
import { recordMovements } from "./ledger";
import { raiseManualSuggestion } from "./resupply";

const NOW = new Date(Date.UTC(2026, 10, 23, 12));

async function shopWithDough() {
  const t = await createTestShop();
  const dough = await db.component.create({ data: { shopId: t.shop.id, code: "DOUGH", name: "Dough", unit: "g" } });
  const glaze = await db.component.create({ data: { shopId: t.shop.id, code: "GLAZE", name: "Glaze", unit: "g" } });
  await recordMovements(db, t.shop.id, [
    { locationId: t.main.id, componentId: dough.id, type: "RECEIPT", quantity: 10_000, occurredAt: new Date(NOW.getTime() - 30 * 24 * HOUR_MS) },
    { locationId: t.main.id, componentId: glaze.id, type: "RECEIPT", quantity: 500, occurredAt: new Date(NOW.getTime() - 30 * 24 * HOUR_MS) },
  ]);
  // Two weeks of 10 g of dough every hour.
  const sales = [];
  for (let h = 1; h <= 14 * 24; h++) {
    sales.push({ locationId: t.main.id, componentId: dough.id, type: "SALE" as const, quantity: -10, occurredAt: new Date(NOW.getTime() - h * HOUR_MS + 60_000) });
  }
  await recordMovements(db, t.shop.id, sales);
  return { ...t, dough, glaze };
}

describe("projectStock", () => {
  it("projects on-hand less forecast usage plus incoming", async () => {
    const t = await shopWithDough();
    const raised = await raiseManualSuggestion(db, t.shop.id, {
      locationId: t.main.id,
      componentId: t.dough.id,
      quantity: 1000,
      neededBy: new Date(NOW.getTime() + 3 * HOUR_MS),
      reason: "Saturday drop",
    });
    expect(raised.created).toBe(true);
    const at = new Date(NOW.getTime() + 5 * HOUR_MS);
    const projection = await projectStock(db, t.shop.id, { locationId: t.main.id, at, now: NOW });
    expect(projection.get(t.dough.id)).toEqual({ onHand: 10_000 - 3360, usage: 50, incoming: 1000, projected: 10_000 - 3360 - 50 + 1000 });
    expect(projection.get(t.glaze.id)).toEqual({ onHand: 500, usage: 0, incoming: 0, projected: 500 });
    // Resupply due after `at` is not counted.
    const early = await projectStock(db, t.shop.id, { locationId: t.main.id, at: new Date(NOW.getTime() + HOUR_MS), now: NOW });
    expect(early.get(t.dough.id)?.incoming).toBe(0);
  });

  it("refuses another shop's location", async () => {
    const a = await shopWithDough();
    const b = await createTestShop("Other");
    await expect(projectStock(db, b.shop.id, { locationId: a.main.id, at: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
