import { describe, expect, it } from "vitest";
import { db } from "../db";
import { HOUR_MS } from "../domain/forecast";
import { arrivalAt, parseWindows } from "../domain/resupply";
import { createTestShop } from "../testing/fixtures";
import { recordMovements } from "./ledger";
import { markSuggestionSent, raiseManualSuggestion, scanShop } from "./resupply";

/** A shop in Tokyo (no DST, so daily windows are exactly 24 h apart) buying from one supplier. */
async function shop() {
  const t = await createTestShop();
  await db.shop.update({ where: { id: t.shop.id }, data: { timeZone: "Asia/Tokyo" } });
  const supplier = await db.supplier.create({ data: { shopId: t.shop.id, name: "Sweet Supply Co." } });
  const [glaze, sprinkles, box] = await Promise.all(
    [
      ["GLAZE", "Vanilla glaze", "g"],
      ["SPRINKLES", "Sprinkles", "g"],
      ["BOX", "Box", "pc"],
    ].map(([code, name, unit]) => db.component.create({ data: { shopId: t.shop.id, code: code!, name: name!, unit: unit!, supplierId: supplier.id } })),
  );
  // Glaze and sprinkles: daily 07:00 delivery ordered a day ahead; the box has no rule.
  for (const c of [glaze!, sprinkles!]) {
    await db.resupplyRule.create({
      data: { shopId: t.shop.id, locationId: t.main.id, componentId: c.id, reorderPoint: 1000, targetLevel: 4000, leadTimeHours: 24, cadence: "DAILY", windows: '["07:00"]', supplierId: supplier.id },
    });
  }
  const firstWindow = arrivalAt(parseWindows(["07:00"]), 24, Date.now(), "Asia/Tokyo");
  return { ...t, glaze: glaze!, sprinkles: sprinkles!, box: box!, firstWindow };
}

const lineOf = (id: string) => db.resupplyLine.findUniqueOrThrow({ where: { id }, include: { suggestion: true } });

describe("raising an order by hand", () => {
  it("rides on the supplier's last delivery that lands by the needed-by time", async () => {
    const t = await shop();
    const raise = (componentId: string, neededBy: number) =>
      raiseManualSuggestion(db, t.shop.id, { locationId: t.main.id, componentId, quantity: 100, neededBy: new Date(neededBy), reason: `need ${neededBy}` });
    // Needed three days after the first reachable window, at 10:00: the 07:00 delivery that day.
    const friday = await raise(t.glaze.id, t.firstWindow + 3 * 24 * HOUR_MS + 3 * HOUR_MS);
    expect((await lineOf(friday.lineId)).suggestion.windowAt.getTime()).toBe(t.firstWindow + 3 * 24 * HOUR_MS);
    // Needed sooner than the lead time allows: the needed-by time itself (a rush delivery).
    const rush = Date.now() + 2 * HOUR_MS;
    expect((await lineOf((await raise(t.glaze.id, rush)).lineId)).suggestion.windowAt.getTime()).toBe(rush);
    // No rule for boxes: the needed-by time.
    const boxAt = t.firstWindow + 5 * HOUR_MS;
    expect((await lineOf((await raise(t.box.id, boxAt)).lineId)).suggestion.windowAt.getTime()).toBe(boxAt);
  });

  it("counts a double submit once, adds a different need on top, and keeps every reason", async () => {
    const t = await shop();
    const input = { locationId: t.main.id, componentId: t.glaze.id, quantity: 2500, neededBy: new Date(t.firstWindow + 2 * HOUR_MS), reason: "Office catering on Friday" };
    const results = await Promise.all([1, 2, 3, 4].map(() => raiseManualSuggestion(db, t.shop.id, input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.lineId)).size).toBe(1);
    expect(results.map((r) => r.quantity)).toEqual([2500, 2500, 2500, 2500]);

    const extra = await raiseManualSuggestion(db, t.shop.id, { ...input, quantity: 500, reason: "Birthday order" });
    expect(extra).toMatchObject({ created: false, lineId: results[0]?.lineId, quantity: 3000 });
    expect(await raiseManualSuggestion(db, t.shop.id, { ...input, quantity: 500, reason: "Birthday order" })).toMatchObject({ quantity: 3000 });
    const line = await lineOf(extra.lineId);
    expect(line).toMatchObject({ quantity: 3000, pinned: true, reason: "Office catering on Friday (+2500 g)\nBirthday order (+500 g)" });
    expect(await db.resupplyLine.count({ where: { componentId: t.glaze.id } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { shopId: t.shop.id, type: "resupply.suggested" } })).toBe(2);
  });

  it("joins the draft the scan raised for that delivery: one order per supplier and window, needs added up", async () => {
    const t = await shop();
    await recordMovements(db, t.shop.id, [
      { locationId: t.main.id, componentId: t.glaze.id, type: "RECEIPT", quantity: 600 },
      { locationId: t.main.id, componentId: t.sprinkles.id, type: "RECEIPT", quantity: 300 },
    ]);
    expect((await scanShop(db, t.shop.id)).linesRaised).toBe(2);
    const drafts = await db.resupplySuggestion.findMany({ where: { shopId: t.shop.id }, include: { lines: true } });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.windowAt.getTime()).toBe(t.firstWindow);
    const scanned = drafts[0]?.lines.find((l) => l.componentId === t.glaze.id);
    expect(scanned).toMatchObject({ quantity: 3400, pinned: false });

    const raised = await raiseManualSuggestion(db, t.shop.id, {
      locationId: t.main.id,
      componentId: t.glaze.id,
      quantity: 2500,
      neededBy: new Date(t.firstWindow + 3 * HOUR_MS),
      reason: "Office catering on Friday",
    });
    expect(raised).toMatchObject({ created: false, lineId: scanned?.id, suggestionId: drafts[0]?.id, quantity: 5900 });
    const line = await lineOf(raised.lineId);
    expect(line.pinned).toBe(true);
    expect(line.reason.split("\n")).toEqual([scanned?.reason, "Office catering on Friday (+2500 g)"]);
    // Pinned: the next scan keeps the person's total.
    await scanShop(db, t.shop.id);
    expect((await lineOf(raised.lineId)).quantity).toBe(5900);
  });

  it("never adds to an order already sent: the need gets a new draft for the same delivery", async () => {
    const t = await shop();
    const input = { locationId: t.main.id, componentId: t.glaze.id, quantity: 800, neededBy: new Date(t.firstWindow), reason: "Weekend" };
    const first = await raiseManualSuggestion(db, t.shop.id, input);
    await markSuggestionSent(db, t.shop.id, first.suggestionId);
    const second = await raiseManualSuggestion(db, t.shop.id, { ...input, reason: "Weekend, more" });
    expect(second.created).toBe(true);
    expect(second.suggestionId).not.toBe(first.suggestionId);
    expect((await lineOf(first.lineId)).quantity).toBe(800);
    const [sent, draft] = await Promise.all([lineOf(first.lineId), lineOf(second.lineId)]);
    expect([sent.suggestion.status, draft.suggestion.status]).toEqual(["SENT", "DRAFT"]);
    expect(draft.suggestion.windowAt.getTime()).toBe(sent.suggestion.windowAt.getTime());
  });

  it("refuses bad quantities and other shops' ids", async () => {
    const t = await shop();
    const other = await createTestShop("Other");
    const input = { locationId: t.main.id, componentId: t.glaze.id, quantity: 5, neededBy: new Date(), reason: "x" };
    await expect(raiseManualSuggestion(db, t.shop.id, { ...input, quantity: 0 })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await expect(raiseManualSuggestion(db, t.shop.id, { ...input, neededBy: new Date("nope") })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await expect(raiseManualSuggestion(db, other.shop.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(raiseManualSuggestion(db, t.shop.id, { ...input, locationId: other.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
