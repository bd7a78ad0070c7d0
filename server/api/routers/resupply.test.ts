import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { HOUR_MS } from "../../domain/forecast";
import { getBalances, recordMovements } from "../../services/ledger";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;
let doughA: { id: string };
let doughB: { id: string };

beforeAll(async () => {
  a = await createTestShop("Shop A");
  b = await createTestShop("Shop B");
  doughA = await db.component.create({ data: { shopId: a.shop.id, code: "DOUGH", name: "Dough", unit: "g" } });
  doughB = await db.component.create({ data: { shopId: b.shop.id, code: "DOUGH", name: "Dough", unit: "g" } });
});

describe("resupply router: roles and tenancy", () => {
  it("keeps staff off the board and rules, and anonymous callers out", async () => {
    await expect(a.callers.staff.resupply.board()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.resupply.rules()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.resupply.markSent({ id: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.anonymous.resupply.board()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(a.callers.manager.resupply.board()).resolves.toEqual([]);
  });

  it("refuses another shop's ids", async () => {
    const raised = await b.callers.owner.resupply.raise({ locationId: b.main.id, componentId: doughB.id, quantity: 500, neededBy: new Date() });
    await expect(a.callers.owner.resupply.markSent({ id: raised.suggestionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.owner.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.owner.resupply.cancel({ id: raised.suggestionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.owner.resupply.updateLine({ lineId: raised.lineId, quantity: 3 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      a.callers.owner.resupply.saveRule({ locationId: b.main.id, componentId: doughA.id, reorderPoint: 1, targetLevel: 2, leadTimeHours: 1, cadence: "DAILY", windows: [] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.owner.resupply.forecast({ locationId: a.main.id, componentId: doughB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await a.callers.owner.resupply.board()).toEqual([]);
  });
});

describe("resupply router: rules", () => {
  it("saves, lists, suggests and deletes a rule with field errors for bad input", async () => {
    const { owner } = a.callers;
    await expect(
      owner.resupply.saveRule({ locationId: a.main.id, componentId: doughA.id, reorderPoint: 10, targetLevel: 5, leadTimeHours: 24, cadence: "WINDOWS", windows: ["7am"] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await owner.resupply.saveRule({
      locationId: a.main.id,
      componentId: doughA.id,
      supplierName: "Flour Mill",
      reorderPoint: 2000,
      targetLevel: 6000,
      leadTimeHours: 12,
      cadence: "TWICE_DAILY",
      windows: ["06:00", "14:00"],
    });
    const rules = await owner.resupply.rules();
    expect(rules).toMatchObject([{ supplierName: "Flour Mill", reorderPoint: 2000, cadence: "TWICE_DAILY", windows: ["06:00", "14:00"], onHand: 0 }]);
    const now = Date.now();
    await recordMovements(
      db,
      a.shop.id,
      Array.from({ length: 14 }, (_, d) => ({ locationId: a.main.id, componentId: doughA.id, type: "SALE" as const, quantity: -1000, occurredAt: new Date(now - (d + 0.5) * 24 * HOUR_MS) })),
    );
    const s = await owner.resupply.suggestRule({ locationId: a.main.id, componentId: doughA.id, leadTimeHours: 24, cadence: "DAILY", windows: [] });
    expect(s).toEqual({ dailyUsage: 1000, reorderPoint: 1500, targetLevel: 2500 });
    const [rule] = rules;
    await owner.resupply.deleteRule({ id: rule!.id });
    expect(await owner.resupply.rules()).toEqual([]);
    await expect(b.callers.owner.resupply.deleteRule({ id: rule!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("resupply router: draft → sent → received", () => {
  it("receives in parts, writes RECEIPT movements and closes the line", async () => {
    const { manager, staff } = a.callers;
    const glaze = await db.component.create({ data: { shopId: a.shop.id, code: "GLAZE", name: "Glaze", unit: "g" } });
    const raised = await manager.resupply.raise({ locationId: a.main.id, componentId: glaze.id, quantity: 1000, neededBy: new Date(Date.now() + HOUR_MS), reason: "Weekend" });
    await manager.resupply.updateLine({ lineId: raised.lineId, quantity: 1200 });
    await manager.resupply.markSent({ id: raised.suggestionId });
    await expect(manager.resupply.markSent({ id: raised.suggestionId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(manager.resupply.updateLine({ lineId: raised.lineId, quantity: 5 })).rejects.toMatchObject({ code: "CONFLICT" });

    expect(await staff.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 700 }] })).toEqual({ id: raised.suggestionId, status: "PARTIAL" });
    expect((await getBalances(db, a.shop.id, a.main.id)).get(glaze.id)).toBe(700);
    // A sent order takes no more: a new need for the same delivery gets its own draft.
    const again = await manager.resupply.raise({ locationId: a.main.id, componentId: glaze.id, quantity: 10, neededBy: new Date(Date.now() + HOUR_MS) });
    expect(again).toMatchObject({ created: true });
    expect(again.suggestionId).not.toBe(raised.suggestionId);
    await manager.resupply.cancel({ id: again.suggestionId });

    expect(await staff.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 500 }] })).toEqual({ id: raised.suggestionId, status: "RECEIVED" });
    expect((await getBalances(db, a.shop.id, a.main.id)).get(glaze.id)).toBe(1200);
    const movements = await db.stockMovement.findMany({ where: { resupplyId: raised.suggestionId }, select: { type: true, quantity: true } });
    expect(movements).toEqual([{ type: "RECEIPT", quantity: 700 }, { type: "RECEIPT", quantity: 500 }]);
    await expect(staff.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 1 }] })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a receipt of nothing on a draft, and closes a sent order short only when asked", async () => {
    const { manager } = a.callers;
    const jam = await db.component.create({ data: { shopId: a.shop.id, code: "JAM", name: "Jam", unit: "g" } });
    const raised = await manager.resupply.raise({ locationId: a.main.id, componentId: jam.id, quantity: 400, neededBy: new Date(Date.now() + HOUR_MS) });
    const zero = { id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 0 }] };
    await expect(manager.resupply.receive(zero)).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", cause: { details: { fields: { "lines.0.quantity": expect.stringMatching(/Enter what arrived/) } } } });
    await expect(manager.resupply.receive({ ...zero, closeRemaining: true })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { "lines.0.quantity": expect.stringMatching(/never sent: cancel it/) } } },
    });
    const unchanged = await db.resupplySuggestion.findUniqueOrThrow({ where: { id: raised.suggestionId } });
    expect(unchanged).toMatchObject({ status: "DRAFT", sentAt: null });
    await manager.resupply.markSent({ id: raised.suggestionId });
    expect(await manager.resupply.receive({ ...zero, closeRemaining: true })).toEqual({ id: raised.suggestionId, status: "RECEIVED" });
    expect(await db.stockMovement.count({ where: { resupplyId: raised.suggestionId } })).toBe(0);
  });

  it("marks a draft sent once when two people click at the same time", async () => {
    const jam2 = await db.component.create({ data: { shopId: a.shop.id, code: "JAM2", name: "Jam 2", unit: "g" } });
    const raised = await a.callers.manager.resupply.raise({ locationId: a.main.id, componentId: jam2.id, quantity: 40, neededBy: new Date(Date.now() + HOUR_MS) });
    const outcomes = await Promise.allSettled([a.callers.manager.resupply.markSent({ id: raised.suggestionId }), a.callers.owner.resupply.markSent({ id: raised.suggestionId })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await db.resupplySuggestion.findUniqueOrThrow({ where: { id: raised.suggestionId } })).toMatchObject({ status: "SENT", draftKey: null });
    expect(await db.resupplyLine.findUniqueOrThrow({ where: { id: raised.lineId } })).toMatchObject({ openKey: null });
    await expect(a.callers.manager.resupply.cancel({ id: raised.suggestionId })).resolves.toMatchObject({ status: "CANCELLED" });
  });

  it("refuses negative receipts and staff at other locations", async () => {
    const kiosk = await db.location.create({ data: { shopId: a.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } });
    const staffMembership = await db.membership.findFirstOrThrow({ where: { shopId: a.shop.id, role: "STAFF" } });
    const raised = await a.callers.owner.resupply.raise({ locationId: kiosk.id, componentId: doughA.id, quantity: 100, neededBy: new Date() });
    await expect(a.callers.owner.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: -1 }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await db.membershipLocation.create({ data: { membershipId: staffMembership.id, locationId: a.main.id } });
    await expect(a.callers.staff.resupply.receive({ id: raised.suggestionId, lines: [{ lineId: raised.lineId, quantity: 1 }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await a.callers.owner.resupply.cancel({ id: raised.suggestionId });
    expect(await db.resupplyLine.findUniqueOrThrow({ where: { id: raised.lineId }, select: { openKey: true } })).toEqual({ openKey: null });
  });
});
