import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { runDropLifecycle } from "../../jobs/drop-lifecycle";
import { applyCatalog } from "../../services/catalog";
import { recordMovements } from "../../services/ledger";
import { recordTestOrder } from "../../services/orders";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;
const ids: Record<string, string> = {};

const CATALOG = {
  locations: [{ code: "popup", name: "Pop-up", kind: "pop-up" }],
  components: [
    { code: "DOUGH", name: "Dough", unit: "g" },
    { code: "GLAZE", name: "Glaze", unit: "g" },
    { code: "BOX-4", name: "Box of 4", unit: "pc" },
  ],
  products: [
    { sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 15 }] },
    { sku: "BOX", name: "Box of 4", priceMinor: 900, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX-4", quantity: 1 }] },
  ],
};

/** "YYYY-MM-DDTHH:mm" in New York (the test shop's zone) of a UTC instant. */
function nyLocal(at: Date): string {
  const f = new Intl.DateTimeFormat("sv-SE", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  return f.format(at).replace(" ", "T");
}

beforeAll(async () => {
  a = await createTestShop("Drops A");
  b = await createTestShop("Drops B");
  for (const shop of [a, b]) await applyCatalog(db, shop.shop.id, CATALOG);
  const rows = [
    ...(await db.product.findMany({ where: { shopId: a.shop.id }, select: { id: true, sku: true } })).map((p) => [p.sku, p.id]),
    ...(await db.component.findMany({ where: { shopId: a.shop.id }, select: { id: true, code: true } })).map((c) => [c.code, c.id]),
  ];
  for (const [k, v] of rows) ids[k as string] = v as string;
  // 100 glazed worth of dough, 40 of glaze, 5 boxes at main.
  await recordMovements(db, a.shop.id, [
    { locationId: a.main.id, componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 8000 },
    { locationId: a.main.id, componentId: ids.GLAZE ?? "", type: "RECEIPT", quantity: 600 },
    { locationId: a.main.id, componentId: ids["BOX-4"] ?? "", type: "RECEIPT", quantity: 5 },
  ]);
});

function draft(overrides: Partial<{ startsAt: Date; endsAt: Date; items: { productId: string; cap: number }[]; channels: string[]; campaign: string | null }> = {}) {
  const startsAt = overrides.startsAt ?? new Date(Date.now() + 3 * 86_400_000);
  const endsAt = overrides.endsAt ?? new Date(startsAt.getTime() + 2 * 3_600_000);
  return {
    name: "Midnight Drop",
    locationId: a.main.id,
    startsLocal: nyLocal(startsAt),
    endsLocal: nyLocal(endsAt),
    channels: overrides.channels ?? ["online", "preorder-qr"],
    announcement: "Only a few boxes.",
    campaign: overrides.campaign ?? null,
    items: overrides.items ?? [{ productId: ids.BOX ?? "", cap: 10 }],
  };
}

describe("drops router: roles and tenancy", () => {
  it("refuses staff and signed-out callers", async () => {
    await expect(a.callers.staff.drops.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.drops.create(draft())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.channels.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.channels.setAllocation({ locationId: a.main.id, productId: ids.GLAZED ?? "", channel: "online", quantity: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(a.callers.anonymous.drops.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers NOT_FOUND for another shop's drops, locations and products and lists only its own", async () => {
    const bProduct = await db.product.findFirstOrThrow({ where: { shopId: b.shop.id, sku: "GLAZED" } });
    const bDrop = await b.callers.owner.drops.create({ ...draft(), locationId: b.main.id, items: [{ productId: bProduct.id, cap: 1 }] });
    const owner = a.callers.owner;
    await expect(owner.drops.get({ id: bDrop.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.cancel({ id: bDrop.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.update({ id: bDrop.id, ...draft() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.raiseShortfall({ dropId: bDrop.id, componentId: ids.DOUGH ?? "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.create({ ...draft(), locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.create({ ...draft(), items: [{ productId: bProduct.id, cap: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.allocations({ locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.availability({ locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.setAllocation({ locationId: a.main.id, productId: bProduct.id, channel: "online", quantity: 3 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bChannel = await db.channel.findFirstOrThrow({ where: { shopId: b.shop.id } });
    await expect(owner.channels.update({ id: bChannel.id, name: "Mine", color: "#000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.drops.list()).map((d) => d.id)).not.toContain(bDrop.id);
    expect((await db.drop.findUniqueOrThrow({ where: { id: bDrop.id } })).status).toBe("SCHEDULED");
  });

  it("validates the plan field by field", async () => {
    const bad = { ...draft(), name: "  ", channels: [], items: [] };
    await expect(a.callers.manager.drops.create(bad)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const start = new Date(Date.now() + 86_400_000);
    await expect(a.callers.manager.drops.create(draft({ startsAt: start, endsAt: new Date(start.getTime() - 60_000) }))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { endsLocal: "The drop must end after it starts." } } },
    });
    await expect(a.callers.manager.drops.create(draft({ channels: ["telepathy"] }))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const dup = [{ productId: ids.GLAZED ?? "", cap: 1 }, { productId: ids.GLAZED ?? "", cap: 2 }];
    await expect(a.callers.manager.drops.create(draft({ items: dup }))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });
});

describe("drop feasibility and one-click resupply", () => {
  it("says what is short, raises the resupply, and is feasible once it lands before the start", async () => {
    // 10 boxes = 40 glazed = 3200 dough, 600 glaze, 10 boxes; only 5 boxes on hand.
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const before = await a.callers.manager.drops.get({ id: created.id });
    expect(before.feasibility?.feasible).toBe(false);
    const box = before.feasibility?.lines.find((l) => l.component.code === "BOX-4");
    expect(box).toMatchObject({ required: 10, onHand: 5, shortBy: 5 });
    expect(before.feasibility?.lines.find((l) => l.component.code === "DOUGH")?.shortBy).toBe(0);
    expect(before.feasibility?.products).toEqual([expect.objectContaining({ sku: "BOX", cap: 10, maxUnits: 5 })]);

    const raised = await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    expect(raised).toMatchObject({ created: true, quantity: 5, component: "BOX-4" });
    const line = await db.resupplyLine.findUniqueOrThrow({ where: { id: raised.lineId }, include: { suggestion: true } });
    expect(line.suggestion.windowAt.getTime()).toBeLessThan(before.startsAt.getTime());

    const after = await a.callers.manager.drops.get({ id: created.id });
    expect(after.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ incoming: 5, shortBy: 0 });
    await expect(a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" })).rejects.toMatchObject({ code: "CONFLICT" });
    await a.callers.manager.drops.cancel({ id: created.id });
    await db.resupplyLine.update({ where: { id: raised.lineId }, data: { openKey: null } });
    await db.resupplySuggestion.update({ where: { id: line.suggestionId }, data: { status: "CANCELLED" } });
  });

  it("warns when an overlapping drop at the same location competes for components", async () => {
    const start = new Date(Date.now() + 5 * 86_400_000);
    const first = await a.callers.manager.drops.create({ ...draft({ startsAt: start, items: [{ productId: ids.GLAZED ?? "", cap: 60 }] }), name: "Pop-up Saturday" });
    const preview = await a.callers.manager.drops.feasibility({
      locationId: a.main.id,
      startsLocal: nyLocal(new Date(start.getTime() + 3_600_000)),
      endsLocal: nyLocal(new Date(start.getTime() + 4 * 3_600_000)),
      items: [{ productId: ids.GLAZED ?? "", cap: 50 }],
    });
    expect(preview.conflicts).toEqual([expect.objectContaining({ dropId: first.id, name: "Pop-up Saturday", components: expect.arrayContaining(["DOUGH", "GLAZE"]) })]);
    // 100 glazed of dough, 40 of glaze; the other drop takes 60 glazed → glaze 600 − 900 < 0.
    expect(preview.lines.find((l) => l.component.code === "GLAZE")).toMatchObject({ competing: 900, available: 0, shortBy: 750 });
    expect(preview.feasible).toBe(false);
    await a.callers.manager.drops.cancel({ id: first.id });
  });

  it("edits only scheduled drops", async () => {
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.GLAZED ?? "", cap: 3 }] }));
    await a.callers.manager.drops.update({ id: created.id, ...draft({ items: [{ productId: ids.GLAZED ?? "", cap: 4 }] }), name: "Renamed" });
    const got = await a.callers.manager.drops.get({ id: created.id });
    expect(got).toMatchObject({ name: "Renamed", items: [expect.objectContaining({ cap: 4 })] });
    await a.callers.manager.drops.cancel({ id: created.id });
    await expect(a.callers.manager.drops.update({ id: created.id, ...draft() })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("drop lifecycle job", () => {
  it("starts, detects the sell-out once and ends the drop, with one outbound event each", async () => {
    const popup = await db.location.findFirstOrThrow({ where: { shopId: a.shop.id, code: "popup" } });
    await recordMovements(db, a.shop.id, [{ locationId: popup.id, componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 8000 }]);
    // Whole minutes, as the planner stores them.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const startsAt = new Date(minute - 30 * 60_000);
    const endsAt = new Date(minute + 30 * 60_000);
    const created = await a.callers.owner.drops.create({
      ...draft({ startsAt, endsAt, channels: ["event"], campaign: "sat-popup", items: [{ productId: ids.GLAZED ?? "", cap: 5 }] }),
      name: "Pop-up Saturday",
      locationId: popup.id,
    });
    const events = () => db.outboxEvent.findMany({ where: { shopId: a.shop.id, type: { startsWith: "drop." } }, orderBy: { createdAt: "asc" } });

    expect(await runDropLifecycle(db, new Date())).toContain("1 started");
    await runDropLifecycle(db, new Date());
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("LIVE");
    expect((await events()).filter((e) => e.type === "drop.started")).toHaveLength(1);

    const t = (m: number) => new Date(startsAt.getTime() + m * 60_000);
    await recordTestOrder(db, a.shop.id, { externalId: "pop-1", location: "popup", channel: "event", placedAt: t(2), lines: [{ sku: "GLAZED", quantity: 3, unitPriceMinor: 250 }] });
    // A walk-in order without the campaign does not count; one tagged with the campaign does.
    await recordTestOrder(db, a.shop.id, { externalId: "pop-2", location: "popup", channel: "walk-in", placedAt: t(5), lines: [{ sku: "GLAZED", quantity: 4, unitPriceMinor: 250 }] });
    await runDropLifecycle(db, new Date());
    expect((await events()).filter((e) => e.type === "drop.sold_out")).toHaveLength(0);
    await recordTestOrder(db, a.shop.id, {
      externalId: "pop-3",
      location: "popup",
      channel: "walk-in",
      campaign: "sat-popup",
      placedAt: t(12),
      lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 300 }],
    });
    await runDropLifecycle(db, new Date());
    await runDropLifecycle(db, new Date());
    const soldOut = (await events()).filter((e) => e.type === "drop.sold_out");
    expect(soldOut).toHaveLength(1);
    expect(JSON.parse(soldOut[0]?.payload ?? "{}")).toMatchObject({ dropId: created.id, sellOutMinutes: 12 });

    // Waste inside the window counts in the report; waste after it does not.
    await recordMovements(db, a.shop.id, [
      { locationId: popup.id, componentId: ids.DOUGH ?? "", type: "WASTE", quantity: -160, reason: "Dropped tray", occurredAt: t(20) },
      { locationId: popup.id, componentId: ids.DOUGH ?? "", type: "WASTE", quantity: -999, reason: "Close", occurredAt: new Date(endsAt.getTime() + 60_000) },
    ]);
    const detail = await a.callers.owner.drops.get({ id: created.id });
    expect(detail.report?.waste).toEqual([expect.objectContaining({ code: "DOUGH", quantity: 160 })]);
    expect(detail).toMatchObject({ status: "LIVE", sellOutMinutes: 12, totals: { units: 5, cap: 5, revenueMinor: 1350, orders: 2 } });
    expect(detail.items[0]).toMatchObject({ sku: "GLAZED", sold: 5, leftover: 0, perChannel: { event: 3, "walk-in": 2 } });
    expect(detail.report?.campaign).toMatchObject({ code: "sat-popup", orders: 1, revenueMinor: 600 });

    await runDropLifecycle(db, new Date(endsAt.getTime() + 1000));
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("ENDED");
    expect((await events()).filter((e) => e.type === "drop.started")).toHaveLength(1);
  });

  it("ends a drop whose window passed unseen without announcing a start", async () => {
    const created = await a.callers.owner.drops.create(
      draft({ startsAt: new Date(Date.now() - 3 * 3_600_000), endsAt: new Date(Date.now() - 2 * 3_600_000), items: [{ productId: ids.GLAZED ?? "", cap: 1 }] }),
    );
    const before = await db.outboxEvent.count({ where: { shopId: a.shop.id, type: "drop.started" } });
    await runDropLifecycle(db, new Date());
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("ENDED");
    expect(await db.outboxEvent.count({ where: { shopId: a.shop.id, type: "drop.started" } })).toBe(before);
  });
});

describe("channels router", () => {
  it("adds, renames and recolours channels with field errors for bad input", async () => {
    const owner = a.callers.owner;
    await owner.channels.create({ code: "market-stall", name: "Market stall", color: "#0891B2" });
    const list = await owner.channels.list();
    const stall = list.find((c) => c.code === "market-stall");
    expect(stall).toMatchObject({ name: "Market stall", color: "#0891b2" });
    await expect(owner.channels.create({ code: "market-stall", name: "Again", color: "#000000" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { code: "A channel with this code already exists." } } },
    });
    await expect(owner.channels.create({ code: "Bad Code", name: "x", color: "#000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await owner.channels.update({ id: stall?.id ?? "", name: "Farmers' market", color: "#123456" });
    expect((await owner.channels.list()).find((c) => c.code === "market-stall")).toMatchObject({ name: "Farmers' market", color: "#123456" });
    expect((await b.callers.owner.channels.list()).map((c) => c.code)).not.toContain("market-stall");
  });

  it("sets, changes and clears a buffer", async () => {
    const m = a.callers.manager;
    const input = { locationId: a.main.id, productId: ids.GLAZED ?? "", channel: "preorder-qr" };
    await m.channels.setAllocation({ ...input, quantity: 12 });
    await m.channels.setAllocation({ ...input, quantity: 8 });
    expect(await m.channels.allocations({ locationId: a.main.id })).toEqual([expect.objectContaining({ productId: ids.GLAZED, channel: "preorder-qr", quantity: 8 })]);
    await expect(m.channels.setAllocation({ ...input, channel: "telepathy", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(m.channels.setAllocation({ ...input, quantity: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await m.channels.setAllocation({ ...input, quantity: 0 });
    expect(await m.channels.allocations({ locationId: a.main.id })).toEqual([]);
  });
});
