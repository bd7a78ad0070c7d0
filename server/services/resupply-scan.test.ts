import { describe, expect, it } from "vitest";
import { db } from "../db";
import { HOUR_MS } from "../domain/forecast";
import { createTestShop } from "../testing/fixtures";
import { recordMovements } from "./ledger";
import { receiveSuggestion, scanAllShops, scanShop } from "./resupply";

// Tuesday 2026-11-24 13:00 UTC = 08:00 in New York; the daily 07:00 window is 23 h away.
const T0 = Date.UTC(2026, 10, 24, 13);

/** Dough sold 100 g every hour for two weeks before T0, leaving 5,000 g on hand. */
async function scriptedShop() {
  const t = await createTestShop();
  await db.shop.update({ where: { id: t.shop.id }, data: { timeZone: "America/New_York" } });
  const dough = await db.component.create({ data: { shopId: t.shop.id, code: "DOUGH", name: "Dough", unit: "g" } });
  const hours = 14 * 24;
  await recordMovements(db, t.shop.id, [
    { locationId: t.main.id, componentId: dough.id, type: "RECEIPT", quantity: hours * 100 + 5000, occurredAt: new Date(T0 - 15 * 24 * HOUR_MS) },
    ...Array.from({ length: hours }, (_, i) => ({
      locationId: t.main.id,
      componentId: dough.id,
      type: "SALE" as const,
      quantity: -100,
      occurredAt: new Date(T0 - (i + 0.5) * HOUR_MS),
    })),
  ]);
  await db.resupplyRule.create({
    data: { shopId: t.shop.id, locationId: t.main.id, componentId: dough.id, reorderPoint: 2000, targetLevel: 6000, leadTimeHours: 0, cadence: "DAILY", windows: '["07:00"]' },
  });
  return { ...t, dough };
}

const sell = (t: Awaited<ReturnType<typeof scriptedShop>>, grams: number, at: number) =>
  recordMovements(db, t.shop.id, [{ locationId: t.main.id, componentId: t.dough.id, type: "SALE", quantity: -grams, occurredAt: new Date(at) }]);

describe("resupply scan on a scripted order stream", () => {
  it("fires once, at the hour the projection crosses the reorder point", async () => {
    const t = await scriptedShop();
    const raisedAt: number[] = [];
    // The stream sells 300 g an hour against a forecast of 100: projected at the window drops by
    // 200 g an hour from 2,700 g, crossing 2,000 g after the fourth hour.
    for (let h = 1; h <= 7; h++) {
      await sell(t, 300, T0 + (h - 0.5) * HOUR_MS);
      const result = await scanShop(db, t.shop.id, new Date(T0 + h * HOUR_MS + 60_000));
      if (result.linesRaised) raisedAt.push(h);
    }
    expect(raisedAt).toEqual([4]);
    const lines = await db.resupplyLine.findMany({ where: { componentId: t.dough.id }, include: { suggestion: true } });
    expect(lines).toHaveLength(1);
    // 6,000 target − (5,000 − 1,200 sold − ~2,298 forecast) ≈ 4,099 g.
    expect(lines[0]?.quantity).toBe(4099);
    expect(lines[0]?.suggestion.windowAt.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(lines[0]?.reason).toMatch(/under the reorder point of 2000 g/);
    const events = await db.outboxEvent.groupBy({ by: ["type"], where: { shopId: t.shop.id }, _count: true });
    expect(Object.fromEntries(events.map((e) => [e.type, e._count]))).toEqual({ "stock.low": 1, "resupply.suggested": 1 });
  });

  it("does not duplicate when late events arrive or scanners race", async () => {
    const t = await scriptedShop();
    await sell(t, 2000, T0 + 30 * 60_000);
    const now = new Date(T0 + HOUR_MS);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => scanShop(db, t.shop.id, now)));
    expect(results.reduce((s, r) => s + r.linesRaised, 0)).toBe(1);
    // A late, out-of-order event for an earlier hour, then rescans.
    await sell(t, 500, T0 - 10 * 60_000);
    await scanShop(db, t.shop.id, new Date(T0 + 2 * HOUR_MS));
    await scanAllShops(db, new Date(T0 + 3 * HOUR_MS));
    expect(await db.resupplyLine.count({ where: { componentId: t.dough.id } })).toBe(1);
  });

  it("raises again once the delivery is received and stock falls again, and leaves other shops alone", async () => {
    const t = await scriptedShop();
    const other = await scriptedShop();
    await sell(t, 2000, T0 + 30 * 60_000);
    await scanShop(db, t.shop.id, new Date(T0 + HOUR_MS));
    const line = await db.resupplyLine.findFirstOrThrow({ where: { componentId: t.dough.id } });
    await receiveSuggestion(db, t.shop.id, { id: line.suggestionId, lines: [{ lineId: line.id, quantity: line.quantity }] }, new Date(T0 + 2 * HOUR_MS));
    expect(await db.stockBalance.findUniqueOrThrow({ where: { locationId_componentId: { locationId: t.main.id, componentId: t.dough.id } } })).toMatchObject({
      onHand: 3000 + line.quantity,
    });
    expect((await scanShop(db, t.shop.id, new Date(T0 + 2 * HOUR_MS + 60_000))).linesRaised).toBe(0);
    await sell(t, 6000, T0 + 2.5 * HOUR_MS);
    expect((await scanShop(db, t.shop.id, new Date(T0 + 3 * HOUR_MS))).linesRaised).toBe(1);
    expect(await db.resupplyLine.count({ where: { suggestion: { shopId: other.shop.id } } })).toBe(0);
  });
});
