import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { applyCatalog } from "../../services/catalog";
import { findBalanceDrift, recordMovements } from "../../services/ledger";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;
let dough: string;
let kiosk: string;

beforeAll(async () => {
  a = await createTestShop("Stock router A");
  b = await createTestShop("Stock router B");
  await applyCatalog(db, a.shop.id, {
    locations: [{ code: "kiosk", name: "Kiosk", kind: "kiosk" }],
    components: [{ code: "DOUGH", name: "Dough", unit: "g", costPerUnitMinor: 0.35 }],
  });
  await applyCatalog(db, b.shop.id, { components: [{ code: "DOUGH", name: "Dough", unit: "g" }] });
  dough = (await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } })).id;
  kiosk = (await db.location.findFirstOrThrow({ where: { shopId: a.shop.id, code: "kiosk" } })).id;
});

describe("stock router", () => {
  it("records receipt, waste and count with who/why in the history", async () => {
    await a.callers.staff.stock.record({ locationId: a.main.id, componentId: dough, type: "receipt", quantity: 1000 });
    await a.callers.staff.stock.record({ locationId: a.main.id, componentId: dough, type: "waste", quantity: 50, reason: "dropped" });
    const count = await a.callers.staff.stock.record({ locationId: a.main.id, componentId: dough, type: "count", quantity: 900 });
    expect(count).toMatchObject({ type: "COUNT_ADJUSTMENT", before: 950, delta: -50, onHand: 900 });
    const history = await a.callers.manager.stock.movements({ componentId: dough });
    expect(history.movements.map((m) => [m.type, m.quantity, m.who])).toEqual([
      ["COUNT_ADJUSTMENT", -50, a.users.staff.name],
      ["WASTE", -50, a.users.staff.name],
      ["RECEIPT", 1000, a.users.staff.name],
    ]);
    expect(history.movements[1]?.reason).toBe("dropped");
  });

  it("validates fields with messages", async () => {
    const error = await a.callers.staff.stock.record({ locationId: a.main.id, componentId: dough, type: "waste", quantity: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (error as { cause?: { issues?: { path: string[]; message: string }[] } }).cause?.issues ?? [];
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["quantity", "Enter at least 1"],
      ["reason", "Say why it was wasted"],
    ]);
  });

  it("transfers as one atomic pair sharing a transferId", async () => {
    const result = await a.callers.manager.stock.transfer({ fromLocationId: a.main.id, toLocationId: kiosk, componentId: dough, quantity: 300 });
    const pair = await db.stockMovement.findMany({ where: { transferId: result.transferId }, orderBy: { type: "asc" } });
    expect(pair.map((m) => [m.type, m.quantity])).toEqual([
      ["TRANSFER_IN", 300],
      ["TRANSFER_OUT", -300],
    ]);
    const levels = await a.callers.owner.stock.levels();
    expect(levels.find((r) => r.locationId === kiosk)?.onHand).toBe(300);
    expect(levels.find((r) => r.locationId === a.main.id)?.onHand).toBe(600);
    await expect(a.callers.staff.stock.transfer({ fromLocationId: a.main.id, toLocationId: kiosk, componentId: dough, quantity: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("flags negative stock and never blocks it", async () => {
    await a.callers.manager.stock.record({ locationId: kiosk, componentId: dough, type: "waste", quantity: 400, reason: "expired" });
    const row = (await a.callers.manager.stock.levels({ locationId: kiosk })).find((r) => r.componentId === dough);
    expect(row).toMatchObject({ onHand: -100, negative: true, valueMilli: 0 });
  });

  it("limits staff to their assigned locations", async () => {
    const membership = await db.membership.findFirstOrThrow({ where: { userId: a.users.staff.id, shopId: a.shop.id } });
    await db.membershipLocation.updateMany({ where: { membershipId: membership.id }, data: { locationId: kiosk } });
    await expect(a.callers.staff.stock.atLocation({ locationId: a.main.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.stock.record({ locationId: a.main.id, componentId: dough, type: "receipt", quantity: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const here = await a.callers.staff.stock.atLocation({ locationId: kiosk });
    expect(here.rows).toHaveLength(1);
    await expect(a.callers.staff.stock.levels()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await db.membershipLocation.updateMany({ where: { membershipId: membership.id }, data: { locationId: a.main.id } });
  });

  it("refuses another shop's ids with NOT_FOUND", async () => {
    await expect(b.callers.owner.stock.record({ locationId: a.main.id, componentId: dough, type: "receipt", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bDough = (await db.component.findFirstOrThrow({ where: { shopId: b.shop.id } })).id;
    // Another shop's component id reads as not found, exactly like an id that never existed.
    await expect(b.callers.owner.stock.record({ locationId: b.main.id, componentId: dough, type: "receipt", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Component not found." });
    await expect(a.callers.owner.stock.record({ locationId: a.main.id, componentId: bDough, type: "count", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Component not found." });
    await expect(a.callers.owner.stock.record({ locationId: a.main.id, componentId: "no-such-id", type: "receipt", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The stock table for another shop's location is not found either, not an empty table.
    await expect(b.callers.owner.stock.levels({ locationId: a.main.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Location not found." });
    await expect(b.callers.owner.stock.levels({ locationId: "no-such-id" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await b.callers.owner.stock.levels({ locationId: b.main.id })).every((r) => r.locationId === b.main.id)).toBe(true);
    expect(await db.stockMovement.count({ where: { componentId: bDough } })).toBe(0);
    await expect(b.callers.owner.stock.movements({ componentId: dough })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.owner.stock.atLocation({ locationId: a.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.owner.stock.transfer({ fromLocationId: a.main.id, toLocationId: kiosk, componentId: dough, quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps balance == ledger sum under 100 concurrent writers on one component", async () => {
    const before = (await a.callers.owner.stock.levels({ locationId: a.main.id }))[0]?.onHand ?? 0;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: dough, type: i % 2 ? "SALE" : "RECEIPT", quantity: i % 2 ? -(i + 1) : i + 1 }]),
      ),
    );
    const expected = Array.from({ length: 100 }, (_, i) => (i % 2 ? -(i + 1) : i + 1)).reduce((s, v) => s + v, before);
    expect((await a.callers.owner.stock.levels({ locationId: a.main.id }))[0]?.onHand).toBe(expected);
    expect(await findBalanceDrift(db, a.shop.id)).toEqual([]);
  });
});

describe("stock router: ledger check", () => {
  it("reports balances equal to the ledger, for managers only", async () => {
    await expect(a.callers.manager.stock.ledgerCheck()).resolves.toMatchObject({ ok: true, drift: [] });
    await expect(a.callers.staff.stock.ledgerCheck()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
