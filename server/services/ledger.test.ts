import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { LEDGER_LIMIT } from "../domain/ledger";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { applyCatalog } from "./catalog";
import { findBalanceDrift, recordMovements } from "./ledger";
import { applyStockActions, transferStock } from "./stock";

let a: TestShop;
let kiosk: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  a = await createTestShop("Ledger bounds");
  await applyCatalog(db, a.shop.id, {
    locations: [{ code: "kiosk", name: "Kiosk", kind: "kiosk" }],
    components: ["FLOUR", "SUGAR", "BOX", "OIL", "SALT"].map((code) => ({ code, name: code, unit: "g" as const })),
  });
  for (const c of await db.component.findMany({ where: { shopId: a.shop.id } })) ids[c.code] = c.id;
  kiosk = (await db.location.findFirstOrThrow({ where: { shopId: a.shop.id, code: "kiosk" } })).id;
});

const onHand = async (componentId: string, locationId = a.main.id) =>
  (await db.stockBalance.findUnique({ where: { locationId_componentId: { locationId, componentId } } }))?.onHand ?? 0;

describe("appendMovements: 32-bit bounds", () => {
  it("refuses a movement that would push on-hand past +2,147,483,647 with a 422, writing nothing", async () => {
    const flour = ids.FLOUR ?? "";
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: flour, type: "RECEIPT", quantity: 2_000_000_000 }]);
    const ledgerRows = await db.stockMovement.count({ where: { componentId: flour } });
    await expect(
      recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: flour, type: "RECEIPT", quantity: 200_000_000 }]),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/On-hand of FLOUR at main would become 2200000000/) });
    expect(await onHand(flour)).toBe(2_000_000_000);
    expect(await db.stockMovement.count({ where: { componentId: flour } })).toBe(ledgerRows);
    // Right up to the limit is fine.
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: flour, type: "RECEIPT", quantity: LEDGER_LIMIT - 2_000_000_000 }]);
    expect(await onHand(flour)).toBe(LEDGER_LIMIT);
  });

  it("refuses sales that would push on-hand below −2,147,483,647 (a sale is never blocked otherwise)", async () => {
    const sugar = ids.SUGAR ?? "";
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: sugar, type: "SALE", quantity: -2_000_000_000 }]);
    expect(await onHand(sugar)).toBe(-2_000_000_000);
    await expect(
      recordMovements(db, a.shop.id, [
        { locationId: a.main.id, componentId: sugar, type: "SALE", quantity: -100_000_000 },
        { locationId: a.main.id, componentId: sugar, type: "SALE", quantity: -100_000_000 },
      ]),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/SUGAR at main would become -2200000000/) });
    expect(await onHand(sugar)).toBe(-2_000_000_000);
  });

  it("refuses a single movement larger than the column, whatever the balance", async () => {
    await expect(
      recordMovements(db, a.shop.id, [{ locationId: kiosk, componentId: ids.BOX ?? "", type: "SALE", quantity: -3_000_000_000 }]),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/A movement of -3000000000 for BOX at kiosk/) });
  });

  it("refuses a count whose adjustment overflows, with the movement named and no count kept", async () => {
    const oil = ids.OIL ?? "";
    await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: oil, type: "SALE", quantity: -1_500_000_000 }]);
    await expect(
      applyStockActions(db, a.shop.id, a.main.id, [{ type: "count", componentId: oil, quantity: 1_000_000_000 }]),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/^movements\[0\]: A movement of 2500000000 for OIL at main/) });
    expect(await db.stockCount.count({ where: { componentId: oil } })).toBe(0);
    expect(await onHand(oil)).toBe(-1_500_000_000);
  });

  it("refuses a transfer that would overflow the receiving location", async () => {
    const flour = ids.FLOUR ?? "";
    await recordMovements(db, a.shop.id, [{ locationId: kiosk, componentId: flour, type: "RECEIPT", quantity: 2_000_000_000 }]);
    await expect(
      transferStock(db, a.shop.id, { fromLocationId: a.main.id, toLocationId: kiosk, componentId: flour, quantity: 500_000_000 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/FLOUR at kiosk would become 2500000000/) });
    expect([await onHand(flour), await onHand(flour, kiosk)]).toEqual([LEDGER_LIMIT, 2_000_000_000]);
    expect(await findBalanceDrift(db, a.shop.id)).toEqual([]);
  });
});

describe("ledger under mixed concurrent writers", () => {
  it("keeps ledger sum == balance and the exact on-hand with receipts, waste, counts, transfers and sales at once", async () => {
    const salt = ids.SALT ?? "";
    await applyStockActions(db, a.shop.id, a.main.id, [{ type: "receipt", componentId: salt, quantity: 100_000 }]);
    const ops: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 40; i++) {
      ops.push(() => applyStockActions(db, a.shop.id, a.main.id, [{ type: "receipt", componentId: salt, quantity: 10 + i }]));
      ops.push(() => applyStockActions(db, a.shop.id, a.main.id, [{ type: "waste", componentId: salt, quantity: 5, reason: "spilled" }]));
      ops.push(() => transferStock(db, a.shop.id, { fromLocationId: a.main.id, toLocationId: kiosk, componentId: salt, quantity: 7 }));
      ops.push(() => recordMovements(db, a.shop.id, [{ locationId: kiosk, componentId: salt, type: "SALE", quantity: -3 }]));
    }
    // Counts interleaved at the kiosk: each sets on-hand to exactly what was counted at that moment.
    for (let i = 0; i < 10; i++) ops.push(() => applyStockActions(db, a.shop.id, kiosk, [{ type: "count", componentId: salt, quantity: 1000 + i }]));
    // Shuffle deterministically so kinds interleave.
    const order = ops.map((op, i) => ({ op, k: (i * 7919) % ops.length })).sort((x, y) => x.k - y.k);
    await Promise.all(order.map(({ op }) => op()));

    const receipts = Array.from({ length: 40 }, (_, i) => 10 + i).reduce((s, v) => s + v, 0);
    expect(await onHand(salt)).toBe(100_000 + receipts - 40 * 5 - 40 * 7);
    // The kiosk's on-hand is the last count plus whatever moved after it, which the ledger replays.
    const kioskLedger = await db.stockMovement.findMany({ where: { componentId: salt, locationId: kiosk }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }] });
    const sum = kioskLedger.reduce((s, m) => s + m.quantity, 0);
    expect(await onHand(salt, kiosk)).toBe(sum);
    // Every count adjusted from the balance it saw: counted == expected + its adjustment.
    for (const count of await db.stockCount.findMany({ where: { componentId: salt, locationId: kiosk } })) {
      const adj = kioskLedger.find((m) => m.countId === count.id)?.quantity ?? 0;
      expect(count.expected + adj).toBe(count.counted);
    }
    // Exact kiosk on-hand: everything that arrived minus everything sold, plus what the counts corrected.
    const adjustments = kioskLedger.filter((m) => m.type === "COUNT_ADJUSTMENT").reduce((s, m) => s + m.quantity, 0);
    expect(await onHand(salt, kiosk)).toBe(40 * 7 - 40 * 3 + adjustments);
    expect(kioskLedger.filter((m) => m.type === "COUNT_ADJUSTMENT").length + (await db.stockCount.count({ where: { componentId: salt, locationId: kiosk, counted: { equals: db.stockCount.fields.expected } } }))).toBe(10);
    expect(await findBalanceDrift(db, a.shop.id)).toEqual([]);
    const ledgerTotal = await db.stockMovement.aggregate({ where: { componentId: salt }, _sum: { quantity: true } });
    expect(ledgerTotal._sum.quantity).toBe((await onHand(salt)) + (await onHand(salt, kiosk)));
  });
});
