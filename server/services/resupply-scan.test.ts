import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/pos/[integrationId]/route";
import { db } from "../db";
import { HOUR_MS } from "../domain/forecast";
import { createTestShop } from "../testing/fixtures";
import { applyCatalog } from "./catalog";
import { drainInbox } from "./ingest";
import { genericOrder, signedGenericRequest } from "./ingest-signing";
import { getBalances, recordMovements } from "./ledger";
import { recordTestOrder } from "./orders";
import { markSuggestionSent, raiseManualSuggestion, receiveSuggestion, scanAllShops, scanShop, updateLineQuantity } from "./resupply";

// Tuesday 2026-11-24 13:00 UTC = 08:00 in New York; the daily 07:00 window is 23 h away.
const T0 = Date.UTC(2026, 10, 24, 13);
const TOMORROW_7 = "2026-11-25T12:00:00.000Z";

/**
 * A donut shop whose every DONUT takes 100 g of dough: one donut sold every hour for the week
 * before T0 (real recorded orders), leaving 5,000 g on hand. Rule: reorder under 2,000 g, order up
 * to 6,000 g, daily 07:00 delivery, no lead time.
 */
async function scriptedShop() {
  const t = await createTestShop();
  await db.shop.update({ where: { id: t.shop.id }, data: { timeZone: "America/New_York" } });
  await applyCatalog(db, t.shop.id, {
    components: [{ code: "DOUGH", name: "Dough", unit: "g" }],
    products: [{ sku: "DONUT", name: "Donut", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 100 }] }],
  });
  const dough = await db.component.findFirstOrThrow({ where: { shopId: t.shop.id, code: "DOUGH" } });
  const hours = 7 * 24;
  await recordMovements(db, t.shop.id, [
    { locationId: t.main.id, componentId: dough.id, type: "RECEIPT", quantity: hours * 100 + 5000, occurredAt: new Date(T0 - 8 * 24 * HOUR_MS) },
  ]);
  for (let i = 0; i < hours; i++) {
    await recordTestOrder(db, t.shop.id, { externalId: `H-${i}`, placedAt: new Date(T0 - (i + 0.5) * HOUR_MS), lines: [{ sku: "DONUT", quantity: 1, unitPriceMinor: 250 }] });
  }
  await db.resupplyRule.create({
    data: { shopId: t.shop.id, locationId: t.main.id, componentId: dough.id, reorderPoint: 2000, targetLevel: 6000, leadTimeHours: 0, cadence: "DAILY", windows: '["07:00"]' },
  });
  const generic = t.created.integrations.generic;
  /** Sends one signed POS event through the real webhook route and processes it. */
  const pos = async (type: string, data: unknown) => {
    const req = signedGenericRequest(`http://localhost/api/webhooks/pos/${generic.id}`, generic.secret, { type, data });
    const res = await POST(new Request(req.url, req.init), { params: Promise.resolve({ integrationId: generic.id }) });
    expect(res.status).toBe(202);
    await drainInbox(db);
  };
  const sell = (orderId: string, donuts: number, at: number) =>
    pos("order.created", genericOrder(orderId, [{ sku: "DONUT", quantity: donuts, unitPriceMinor: 250 }], { placedAt: new Date(at).toISOString() }));
  const lines = () => db.resupplyLine.findMany({ where: { componentId: dough.id }, include: { suggestion: true }, orderBy: { suggestion: { windowAt: "asc" } } });
  const events = async () =>
    Object.fromEntries((await db.outboxEvent.groupBy({ by: ["type"], where: { shopId: t.shop.id, type: { in: ["stock.low", "resupply.suggested"] } }, _count: true })).map((e) => [e.type, e._count]));
  return { ...t, dough, pos, sell, lines, events };
}

describe("resupply scan on a scripted stream of POS orders", () => {
  it("raises exactly once, at the order that crosses the reorder point, then follows later orders", async () => {
    const t = await scriptedShop();
    const linesAfter: number[] = [];
    // Each hour one order of 3 donuts (300 g) against a forecast of 100 g an hour: the stock
    // projected for tomorrow 07:00 drops 200 g an hour from 2,700 g and crosses 2,000 g at order 4.
    for (let h = 1; h <= 7; h++) {
      await t.sell(`S-${h}`, 3, T0 + (h - 0.5) * HOUR_MS);
      const result = await scanShop(db, t.shop.id, new Date(T0 + h * HOUR_MS + 60_000));
      expect(result.linesRaised).toBe(h === 4 ? 1 : 0);
      linesAfter.push((await t.lines()).length);
    }
    expect(linesAfter).toEqual([0, 0, 0, 1, 1, 1, 1]);
    const [line] = await t.lines();
    expect(line?.suggestion.windowAt.toISOString()).toBe(TOMORROW_7);
    // Recomputed after order 7: 6,000 − (5,000 − 2,100 sold − ~1,598 forecast for the 16 h left).
    expect(line?.quantity).toBe(4699);
    expect(line?.reason).toMatch(/^2900 g on hand, .*under the reorder point of 2000 g\.$/);
    expect(line?.pinned).toBe(false);
    // One stock.low and one resupply.suggested in all, however many orders and scans followed.
    expect(await t.events()).toEqual({ "stock.low": 1, "resupply.suggested": 1 });
  });

  it("does not duplicate when scanners race or a late order arrives, and a cancellation recomputes the line", async () => {
    const t = await scriptedShop();
    await t.sell("BIG", 20, T0 + 30 * 60_000);
    const now = new Date(T0 + HOUR_MS);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => scanShop(db, t.shop.id, now)));
    expect(results.reduce((s, r) => s + r.linesRaised, 0)).toBe(1);
    // 6,000 − (3,000 − ~2,200 forecast): the draft asks for 5,200 g.
    expect((await t.lines()).map((l) => l.quantity)).toEqual([5200]);

    // An edge POS comes back online with an order placed before T0: more need, same line.
    await t.sell("LATE", 5, T0 - 10 * 60_000);
    await scanShop(db, t.shop.id, new Date(T0 + 2 * HOUR_MS));
    expect((await t.lines()).map((l) => l.quantity)).toEqual([5600]);

    // The big order is cancelled: its dough is back, so the draft shrinks (still under target).
    await t.pos("order.cancelled", { orderId: "BIG", updatedAt: new Date().toISOString() });
    await scanAllShops(db, new Date(T0 + 3 * HOUR_MS));
    const [line] = await t.lines();
    expect(line?.quantity).toBe(3500);
    expect(line?.reason).toMatch(/^4500 g on hand, .*projected 2500 g is under the target of 6000 g\.$/);
    expect(await t.events()).toEqual({ "stock.low": 1, "resupply.suggested": 1 });

    // A delivery from elsewhere brings the stock over the target: the draft is not needed any more.
    await recordMovements(db, t.shop.id, [{ locationId: t.main.id, componentId: t.dough.id, type: "RECEIPT", quantity: 4000 }]);
    expect((await scanShop(db, t.shop.id, new Date(T0 + 3 * HOUR_MS))).linesRemoved).toBe(1);
    expect(await t.lines()).toEqual([]);
    expect(await db.resupplySuggestion.count({ where: { shopId: t.shop.id } })).toBe(0);
  });

  it("does not let a sent order that lands later hide a need that comes first", async () => {
    const t = await scriptedShop();
    // Sent last week for Sunday: it lands after tomorrow's delivery.
    const later = await raiseManualSuggestion(db, t.shop.id, {
      locationId: t.main.id,
      componentId: t.dough.id,
      quantity: 8000,
      neededBy: new Date(Date.UTC(2026, 10, 29, 12)),
      reason: "Standing Sunday order",
    });
    await markSuggestionSent(db, t.shop.id, later.suggestionId, new Date(T0 - 24 * HOUR_MS));
    await t.sell("BIG", 20, T0 + 30 * 60_000);
    expect((await scanShop(db, t.shop.id, new Date(T0 + HOUR_MS))).linesRaised).toBe(1);
    const lines = await t.lines();
    expect(lines.map((l) => [l.suggestion.status, l.suggestion.windowAt.toISOString(), l.quantity])).toEqual([
      ["DRAFT", TOMORROW_7, 5200],
      ["SENT", "2026-11-29T12:00:00.000Z", 8000],
    ]);
    expect(await t.events()).toMatchObject({ "stock.low": 1 });
  });

  it("counts a sent order that lands in time, and leaves a person's quantity alone", async () => {
    const t = await scriptedShop();
    const soon = await raiseManualSuggestion(db, t.shop.id, {
      locationId: t.main.id,
      componentId: t.dough.id,
      quantity: 3000,
      neededBy: new Date(T0 + 10 * HOUR_MS),
      reason: "Afternoon top-up",
    });
    await markSuggestionSent(db, t.shop.id, soon.suggestionId);
    await t.sell("BIG", 20, T0 + 30 * 60_000);
    // 3,000 on hand − ~2,200 forecast + 3,000 arriving at 18:00 = ~3,800: nothing to raise.
    expect((await scanShop(db, t.shop.id, new Date(T0 + HOUR_MS))).linesRaised).toBe(0);

    await t.sell("HUGE", 30, T0 + 90 * 60_000);
    await scanShop(db, t.shop.id, new Date(T0 + 2 * HOUR_MS));
    const draft = (await t.lines()).find((l) => l.suggestion.status === "DRAFT");
    expect(draft).toBeDefined();
    await updateLineQuantity(db, t.shop.id, draft?.id ?? "", 9000);
    await t.sell("MORE", 10, T0 + 150 * 60_000);
    expect(await scanShop(db, t.shop.id, new Date(T0 + 3 * HOUR_MS))).toMatchObject({ linesRaised: 0, linesUpdated: 0, alreadyOpen: 1 });
    expect((await db.resupplyLine.findUniqueOrThrow({ where: { id: draft?.id ?? "" } })).quantity).toBe(9000);
  });

  it("writes receipts to the ledger, raises again when stock falls again, and leaves other shops alone", async () => {
    const t = await scriptedShop();
    const other = await createTestShop("Other");
    await t.sell("BIG", 20, T0 + 30 * 60_000);
    await scanShop(db, t.shop.id, new Date(T0 + HOUR_MS));
    const [line] = await t.lines();
    if (!line) throw new Error("no line raised");
    await markSuggestionSent(db, t.shop.id, line.suggestionId);
    await receiveSuggestion(db, t.shop.id, { id: line.suggestionId, lines: [{ lineId: line.id, quantity: line.quantity }] }, new Date(T0 + 2 * HOUR_MS));
    expect((await getBalances(db, t.shop.id, t.main.id)).get(t.dough.id)).toBe(3000 + line.quantity);
    expect((await db.stockMovement.findMany({ where: { resupplyId: line.suggestionId }, select: { type: true, quantity: true } }))).toEqual([
      { type: "RECEIPT", quantity: line.quantity },
    ]);
    expect((await scanShop(db, t.shop.id, new Date(T0 + 2 * HOUR_MS + 60_000))).linesRaised).toBe(0);
    await t.sell("HUGE", 60, T0 + 2.5 * HOUR_MS);
    expect((await scanShop(db, t.shop.id, new Date(T0 + 3 * HOUR_MS))).linesRaised).toBe(1);
    expect(await db.resupplyLine.count({ where: { suggestion: { shopId: other.shop.id } } })).toBe(0);
  });
});
