import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { runDropLifecycle } from "../../jobs/drop-lifecycle";
import { findJob } from "../../jobs/registry";
import { Scheduler } from "../../jobs/scheduler";
import { applyCatalog } from "../../services/catalog";
import { recordMovements } from "../../services/ledger";
import { recordTestOrder } from "../../services/orders";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;
const ids: Record<string, string> = {};
const loc: Record<string, string> = {};

const CATALOG = {
  locations: [
    { code: "popup", name: "Pop-up", kind: "pop-up" },
    { code: "hub", name: "Hub", kind: "micro-hub" },
    { code: "kiosk", name: "Kiosk", kind: "kiosk" },
  ],
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = "America/New_York";

/** "YYYY-MM-DDTHH:mm" in New York (the test shop's zone) of a UTC instant. */
function nyLocal(at: Date): string {
  const f = new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  return f.format(at).replace(" ", "T");
}
/** A whole-minute instant `ms` from now, as the planner stores it. */
const fromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / 60_000) * 60_000);

beforeAll(async () => {
  a = await createTestShop("Drops A");
  b = await createTestShop("Drops B");
  for (const shop of [a, b]) await applyCatalog(db, shop.shop.id, CATALOG);
  const rows = [
    ...(await db.product.findMany({ where: { shopId: a.shop.id }, select: { id: true, sku: true } })).map((p) => [p.sku, p.id]),
    ...(await db.component.findMany({ where: { shopId: a.shop.id }, select: { id: true, code: true } })).map((c) => [c.code, c.id]),
  ];
  for (const [k, v] of rows) ids[k as string] = v as string;
  for (const l of await db.location.findMany({ where: { shopId: a.shop.id } })) loc[l.code] = l.id;
  // 100 glazed worth of dough, 40 of glaze, 5 boxes at main.
  await recordMovements(db, a.shop.id, [
    { locationId: a.main.id, componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 8000 },
    { locationId: a.main.id, componentId: ids.GLAZE ?? "", type: "RECEIPT", quantity: 600 },
    { locationId: a.main.id, componentId: ids["BOX-4"] ?? "", type: "RECEIPT", quantity: 5 },
  ]);
});

type DraftOverrides = Partial<{ startsAt: Date; endsAt: Date; items: { productId: string; cap: number }[]; channels: string[]; campaign: string | null; locationId: string }>;
function draft(overrides: DraftOverrides = {}) {
  const startsAt = overrides.startsAt ?? fromNow(3 * DAY);
  const endsAt = overrides.endsAt ?? new Date(startsAt.getTime() + 2 * HOUR);
  return {
    name: "Midnight Drop",
    locationId: overrides.locationId ?? a.main.id,
    startsLocal: nyLocal(startsAt),
    endsLocal: nyLocal(endsAt),
    channels: overrides.channels ?? ["online", "preorder-qr"],
    announcement: "Only a few boxes.",
    campaign: overrides.campaign ?? null,
    items: overrides.items ?? [{ productId: ids.BOX ?? "", cap: 10 }],
  };
}

async function rule(code: string, terms: { cadence: "DAILY" | "TWICE_DAILY" | "WINDOWS"; windows: string[]; leadTimeHours: number }, locationId = a.main.id) {
  await a.callers.owner.resupply.saveRule({ locationId, componentId: ids[code] ?? "", reorderPoint: 0, targetLevel: 10, supplierName: null, ...terms });
}

/** Open resupply lines of a component at a location, with their delivery and stage. */
async function openLines(code: string, locationId = a.main.id) {
  const lines = await db.resupplyLine.findMany({
    where: { componentId: ids[code] ?? "", suggestion: { shopId: a.shop.id, locationId, status: { in: ["DRAFT", "SENT", "PARTIAL"] } } },
    select: { id: true, quantity: true, suggestion: { select: { id: true, status: true, windowAt: true } } },
    orderBy: { suggestion: { windowAt: "asc" } },
  });
  return lines.map((l) => ({ id: l.id, quantity: l.quantity, status: l.suggestion.status, windowAt: l.suggestion.windowAt, suggestionId: l.suggestion.id }));
}

async function cancelOpen(code: string, locationId = a.main.id) {
  for (const id of new Set((await openLines(code, locationId)).map((l) => l.suggestionId))) await a.callers.manager.resupply.cancel({ id });
}

function nyHourMinute(at: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

describe("drops router: roles and tenancy", () => {
  it("refuses staff and signed-out callers", async () => {
    await expect(a.callers.staff.drops.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.drops.create(draft())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.drops.feasibility({ locationId: a.main.id, startsLocal: draft().startsLocal, endsLocal: draft().endsLocal, items: [] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(a.callers.staff.channels.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.staff.channels.setAllocation({ locationId: a.main.id, productId: ids.GLAZED ?? "", channel: "online", quantity: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(a.callers.anonymous.drops.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers NOT_FOUND for another shop's drops, locations, products and components and lists only its own", async () => {
    const bProduct = await db.product.findFirstOrThrow({ where: { shopId: b.shop.id, sku: "GLAZED" } });
    const bComponent = await db.component.findFirstOrThrow({ where: { shopId: b.shop.id, code: "DOUGH" } });
    const bDrop = await b.callers.owner.drops.create({ ...draft(), locationId: b.main.id, items: [{ productId: bProduct.id, cap: 1 }] });
    const owner = a.callers.owner;
    await expect(owner.drops.get({ id: bDrop.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.cancel({ id: bDrop.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.update({ id: bDrop.id, ...draft() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.raiseShortfall({ dropId: bDrop.id, componentId: ids.DOUGH ?? "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.create({ ...draft(), locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.create({ ...draft(), items: [{ productId: bProduct.id, cap: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Feasibility must not read another shop's stock through its location or product ids.
    const window = { startsLocal: draft().startsLocal, endsLocal: draft().endsLocal };
    await expect(owner.drops.feasibility({ locationId: b.main.id, ...window, items: [{ productId: ids.GLAZED ?? "", cap: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.drops.feasibility({ locationId: a.main.id, ...window, items: [{ productId: bProduct.id, cap: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another shop's drop as the one to leave out changes nothing (it is never read as competing).
    const own = await owner.drops.feasibility({ locationId: a.main.id, ...window, items: [{ productId: ids.GLAZED ?? "", cap: 1 }], excludeDropId: bDrop.id });
    expect(own.conflicts).toEqual([]);
    await expect(owner.channels.allocations({ locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.availability({ locationId: b.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.setAllocation({ locationId: a.main.id, productId: bProduct.id, channel: "online", quantity: 3 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.setAllocation({ locationId: a.main.id, componentId: bComponent.id, channel: "online", quantity: 3 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.channels.setAllocation({ locationId: b.main.id, componentId: ids.DOUGH ?? "", channel: "online", quantity: 3 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bChannel = await db.channel.findFirstOrThrow({ where: { shopId: b.shop.id } });
    await expect(owner.channels.update({ id: bChannel.id, name: "Mine", color: "#000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.drops.list()).map((d) => d.id)).not.toContain(bDrop.id);
    expect((await db.drop.findUniqueOrThrow({ where: { id: bDrop.id } })).status).toBe("SCHEDULED");
    expect(await db.channelAllocation.count({ where: { shopId: b.shop.id } })).toBe(0);
  });

  it("validates the plan field by field", async () => {
    const bad = { ...draft(), name: "  ", channels: [], items: [] };
    await expect(a.callers.manager.drops.create(bad)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const start = fromNow(DAY);
    await expect(a.callers.manager.drops.create(draft({ startsAt: start, endsAt: new Date(start.getTime() - 60_000) }))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { endsLocal: "The drop must end after it starts." } } },
    });
    await expect(a.callers.manager.drops.create(draft({ channels: ["telepathy"] }))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const dup = [{ productId: ids.GLAZED ?? "", cap: 1 }, { productId: ids.GLAZED ?? "", cap: 2 }];
    await expect(a.callers.manager.drops.create(draft({ items: dup }))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });
});

describe("one-click shortfall", () => {
  // Each test plans at main: a failed one must not leave its drop or orders to skew the next.
  afterEach(async () => {
    await db.drop.updateMany({ where: { shopId: a.shop.id, locationId: a.main.id, status: "SCHEDULED" }, data: { status: "CANCELLED" } });
    for (const code of ["BOX-4", "GLAZE", "DOUGH"]) await cancelOpen(code);
  });

  it("orders exactly the shortfall for the latest delivery that lands before the start, once, and feasibility counts it as planned", async () => {
    await rule("BOX-4", { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 24 });
    // 10 boxes = 40 glazed = 3200 dough, 600 glaze, 10 boxes; only 5 boxes on hand.
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const before = await a.callers.manager.drops.get({ id: created.id });
    expect(before.feasibility?.feasible).toBe(false);
    const box = before.feasibility?.lines.find((l) => l.component.code === "BOX-4");
    expect(box).toMatchObject({ required: 10, onHand: 5, planned: 0, ordered: 0, shortBy: 5, delivery: { kind: "reachable" } });
    expect(before.feasibility?.lines.find((l) => l.component.code === "DOUGH")?.shortBy).toBe(0);
    expect(before.feasibility?.products).toEqual([expect.objectContaining({ sku: "BOX", cap: 10, maxUnits: 5 })]);

    const raised = await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    if (raised.status !== "raised") throw new Error(`expected a raise, got ${raised.status}`);
    expect(raised).toMatchObject({ component: "BOX-4", unit: "pc", quantity: 5, lineQuantity: 5 });
    // The rule's 07:00 window, the last one at least an hour before the start; ordered a lead time ahead.
    const start = before.startsAt.getTime();
    expect(nyHourMinute(raised.arrivesAt)).toBe("07:00");
    expect(raised.arrivesAt.getTime()).toBeLessThanOrEqual(start - HOUR);
    expect(raised.arrivesAt.getTime()).toBeGreaterThan(start - HOUR - DAY);
    expect(raised.orderBy.getTime()).toBe(raised.arrivesAt.getTime() - 24 * HOUR);
    expect(box?.orderBy).toEqual(raised.orderBy);
    expect(await openLines("BOX-4")).toEqual([expect.objectContaining({ id: raised.lineId, quantity: 5, status: "DRAFT", windowAt: raised.arrivesAt })]);

    const after = await a.callers.manager.drops.get({ id: created.id });
    expect(after.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 5, ordered: 0, incoming: 5, shortBy: 0, delivery: null });
    expect(after.feasibility?.feasible).toBe(true);

    // Clicking again asks for nothing more.
    expect(await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" })).toMatchObject({ status: "covered", planned: 5, ordered: 0 });
    expect((await openLines("BOX-4")).map((l) => l.quantity)).toEqual([5]);

    // Once the draft is sent it reads as ordered.
    await a.callers.manager.resupply.markSent({ id: raised.suggestionId });
    const sent = await a.callers.manager.drops.get({ id: created.id });
    expect(sent.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 0, ordered: 5, shortBy: 0 });
    await a.callers.manager.drops.cancel({ id: created.id });
    await cancelOpen("BOX-4");
  });

  it("tops up the draft already on that delivery by what is still missing", async () => {
    await rule("BOX-4", { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 24 });
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const before = await a.callers.manager.drops.get({ id: created.id });
    const delivery = before.feasibility?.lines.find((l) => l.component.code === "BOX-4")?.delivery;
    if (delivery?.kind !== "reachable") throw new Error("expected a reachable delivery");
    // Someone already asked for 2 boxes on that very delivery: counted as planned, 3 still missing.
    await a.callers.manager.resupply.raise({ locationId: a.main.id, componentId: ids["BOX-4"] ?? "", quantity: 2, neededBy: delivery.arrivesAt, reason: "Spare boxes" });
    const planned = await a.callers.manager.drops.get({ id: created.id });
    expect(planned.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 2, shortBy: 3 });
    const raised = await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    expect(raised).toMatchObject({ status: "raised", quantity: 3, lineQuantity: 5, arrivesAt: delivery.arrivesAt });
    expect((await openLines("BOX-4")).map((l) => [l.quantity, l.windowAt])).toEqual([[5, delivery.arrivesAt]]);
    expect((await a.callers.manager.drops.get({ id: created.id })).feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 5, shortBy: 0 });
    await a.callers.manager.drops.cancel({ id: created.id });
    await cancelOpen("BOX-4");
  });

  it("does not double when two clicks race", async () => {
    await rule("GLAZE", { cadence: "TWICE_DAILY", windows: ["06:00", "14:00"], leadTimeHours: 12 });
    // 60 glazed need 900 g glaze, 600 on hand.
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.GLAZED ?? "", cap: 60 }] }));
    const input = { dropId: created.id, componentId: ids.GLAZE ?? "" };
    const answers = await Promise.all([a.callers.manager.drops.raiseShortfall(input), a.callers.manager.drops.raiseShortfall(input)]);
    expect(answers.map((r) => r.status)).toContain("raised");
    const lines = await openLines("GLAZE");
    expect(lines.reduce((s, l) => s + l.quantity, 0)).toBe(300);
    expect((await a.callers.manager.drops.get({ id: created.id })).feasibility?.lines.find((l) => l.component.code === "GLAZE")).toMatchObject({ planned: 300, shortBy: 0 });
    await a.callers.manager.drops.cancel({ id: created.id });
    await cancelOpen("GLAZE");
  });

  it("orders for a window before the start when the open draft lands after it, and leaves that draft alone", async () => {
    await rule("BOX-4", { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 24 });
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const detail = await a.callers.manager.drops.get({ id: created.id });
    const late = await a.callers.manager.resupply.raise({ locationId: a.main.id, componentId: ids["BOX-4"] ?? "", quantity: 8, neededBy: new Date(detail.startsAt.getTime() + DAY), reason: "Weekly boxes" });
    // The late draft is not counted: the drop is still 5 boxes short.
    const before = await a.callers.manager.drops.get({ id: created.id });
    expect(before.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 0, shortBy: 5 });

    const raised = await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    expect(raised).toMatchObject({ status: "raised", quantity: 5, lineQuantity: 5 });
    await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    const lines = await openLines("BOX-4");
    expect(lines.map((l) => [l.quantity, l.windowAt.getTime() < detail.startsAt.getTime()])).toEqual([
      [5, true],
      [8, false],
    ]);
    expect(lines[1]?.id).toBe(late.lineId);
    expect((await a.callers.manager.drops.get({ id: created.id })).feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ planned: 5, shortBy: 0 });
    await a.callers.manager.drops.cancel({ id: created.id });
    await cancelOpen("BOX-4");
  });

  it("raises a draft before the start when the order already sent lands after it", async () => {
    await rule("BOX-4", { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 24 });
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const detail = await a.callers.manager.drops.get({ id: created.id });
    const late = await a.callers.manager.resupply.raise({ locationId: a.main.id, componentId: ids["BOX-4"] ?? "", quantity: 20, neededBy: new Date(detail.startsAt.getTime() + 2 * DAY), reason: "Big order" });
    await a.callers.manager.resupply.markSent({ id: late.suggestionId });
    const raised = await a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" });
    expect(raised).toMatchObject({ status: "raised", quantity: 5 });
    expect((await openLines("BOX-4")).map((l) => [l.status, l.quantity])).toEqual([
      ["DRAFT", 5],
      ["SENT", 20],
    ]);
    await a.callers.manager.drops.cancel({ id: created.id });
    await cancelOpen("BOX-4");
  });

  it("says why it cannot order instead of raising: no rule, or no window before the start", async () => {
    await db.resupplyRule.deleteMany({ where: { shopId: a.shop.id, componentId: ids["BOX-4"] ?? "" } });
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.BOX ?? "", cap: 10 }] }));
    const detail = await a.callers.manager.drops.get({ id: created.id });
    expect(detail.feasibility?.lines.find((l) => l.component.code === "BOX-4")).toMatchObject({ shortBy: 5, delivery: { kind: "no-rule" }, orderBy: null });
    await expect(a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("BOX-4 has no resupply rule at this location"),
    });
    // A week's lead time cannot land before a drop three days out.
    await rule("BOX-4", { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 7 * 24 });
    const slow = await a.callers.manager.drops.get({ id: created.id });
    expect(slow.feasibility?.lines.find((l) => l.component.code === "BOX-4")?.delivery).toMatchObject({ kind: "too-late", leadTimeHours: 168 });
    await expect(a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids["BOX-4"] ?? "" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^Too late to order BOX-4: with its 168 h lead time the earliest delivery is .+, after .+/),
    });
    expect(await openLines("BOX-4")).toEqual([]);
    await a.callers.manager.drops.cancel({ id: created.id });
  });
});

describe("competing drops and other channels' buffers", () => {
  async function preview(startsAt: Date, caps: number, channels = ["online"]) {
    return a.callers.manager.drops.feasibility({
      locationId: loc.hub ?? "",
      startsLocal: nyLocal(startsAt),
      endsLocal: nyLocal(new Date(startsAt.getTime() + 2 * HOUR)),
      items: [{ productId: ids.GLAZED ?? "", cap: caps }],
      channels,
    });
  }

  it("takes Friday's drop off Saturday's plan, names it, and ignores drops after the window", async () => {
    await recordMovements(db, a.shop.id, [
      { locationId: loc.hub ?? "", componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 8000 },
      { locationId: loc.hub ?? "", componentId: ids.GLAZE ?? "", type: "RECEIPT", quantity: 3000 },
    ]);
    const friday = fromNow(3 * DAY);
    const saturday = new Date(friday.getTime() + DAY);
    const first = await a.callers.manager.drops.create({ ...draft({ locationId: loc.hub, startsAt: friday, items: [{ productId: ids.GLAZED ?? "", cap: 60 }] }), name: "Friday night" });
    const sunday = await a.callers.manager.drops.create({ ...draft({ locationId: loc.hub, startsAt: new Date(saturday.getTime() + DAY), items: [{ productId: ids.GLAZED ?? "", cap: 90 }] }), name: "Sunday" });
    const plan = await preview(saturday, 50);
    expect(plan.conflicts).toEqual([expect.objectContaining({ dropId: first.id, name: "Friday night", relation: "before", components: ["DOUGH", "GLAZE"], remaining: [{ sku: "GLAZED", cap: 60 }] })]);
    // 100 glazed of dough; Friday takes 60 → 40 left for Saturday's 50.
    expect(plan.lines.find((l) => l.component.code === "DOUGH")).toMatchObject({ competing: 4800, available: 3200, shortBy: 800 });
    expect(plan.products).toEqual([expect.objectContaining({ maxUnits: 40 })]);
    await a.callers.manager.drops.cancel({ id: first.id });
    await a.callers.manager.drops.cancel({ id: sunday.id });
    expect((await preview(saturday, 50)).conflicts).toEqual([]);
  });

  it("takes only the unsold remainder of a live drop, since what it sold already left on-hand", async () => {
    const live = await db.drop.create({
      data: {
        shopId: a.shop.id,
        locationId: loc.hub ?? "",
        name: "Live at the hub",
        startsAt: new Date(Date.now() - HOUR),
        endsAt: new Date(Date.now() + 3 * DAY),
        status: "LIVE",
        channels: JSON.stringify(["event"]),
        items: { create: [{ productId: ids.GLAZED ?? "", cap: 30 }] },
      },
    });
    await recordTestOrder(db, a.shop.id, { externalId: "hub-live-1", location: "hub", channel: "event", lines: [{ sku: "GLAZED", quantity: 10, unitPriceMinor: 250 }] });
    const plan = await preview(fromNow(DAY), 50);
    expect(plan.conflicts).toEqual([expect.objectContaining({ dropId: live.id, status: "LIVE", relation: "overlap", remaining: [{ sku: "GLAZED", cap: 20 }] })]);
    // On hand 8000 − 800 sold; the live drop still holds 20 × 80.
    expect(plan.lines.find((l) => l.component.code === "DOUGH")).toMatchObject({ onHand: 7200, competing: 1600, available: 5600 });
    await db.drop.update({ where: { id: live.id }, data: { status: "CANCELLED" } });
  });

  it("warns about, and keeps back, buffers of channels the drop does not sell on", async () => {
    await a.callers.manager.channels.setAllocation({ locationId: loc.hub ?? "", productId: ids.GLAZED ?? "", channel: "walk-in", quantity: 10 });
    await a.callers.manager.channels.setAllocation({ locationId: loc.hub ?? "", componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 1000 });
    const online = await preview(fromNow(DAY), 50, ["online"]);
    expect(online.bufferWarnings).toEqual([
      { channel: "preorder-qr", channelName: "Preorder QR", components: ["DOUGH"], holds: [{ kind: "component", code: "DOUGH", quantity: 1000, unit: "g" }] },
      { channel: "walk-in", channelName: "Walk-in", components: ["DOUGH", "GLAZE"], holds: [{ kind: "product", code: "GLAZED", quantity: 10, unit: null }] },
    ]);
    expect(online.lines.find((l) => l.component.code === "DOUGH")).toMatchObject({ heldForOtherChannels: 1800 });
    const both = await preview(fromNow(DAY), 50, ["online", "walk-in", "preorder-qr"]);
    expect(both.bufferWarnings).toEqual([]);
    expect(both.lines.find((l) => l.component.code === "DOUGH")).toMatchObject({ heldForOtherChannels: 0 });
    await a.callers.manager.channels.setAllocation({ locationId: loc.hub ?? "", productId: ids.GLAZED ?? "", channel: "walk-in", quantity: 0 });
    await a.callers.manager.channels.setAllocation({ locationId: loc.hub ?? "", componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 0 });
  });
});

describe("status from the window", () => {
  it("shows a drop whose start passed as live in the list and detail before the job runs, and stops editing it", async () => {
    const created = await a.callers.manager.drops.create(
      draft({ locationId: loc.kiosk, startsAt: fromNow(-10 * 60_000), endsAt: fromNow(50 * 60_000), items: [{ productId: ids.GLAZED ?? "", cap: 3 }] }),
    );
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("SCHEDULED");
    expect((await a.callers.manager.drops.list()).find((d) => d.id === created.id)?.status).toBe("LIVE");
    const detail = await a.callers.manager.drops.get({ id: created.id });
    expect(detail).toMatchObject({ status: "LIVE", feasibility: null });
    await expect(a.callers.manager.drops.update({ id: created.id, ...draft({ locationId: loc.kiosk }) })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(a.callers.manager.drops.raiseShortfall({ dropId: created.id, componentId: ids.DOUGH ?? "" })).rejects.toMatchObject({ code: "CONFLICT" });
    await a.callers.manager.drops.cancel({ id: created.id });
    expect((await a.callers.manager.drops.list()).find((d) => d.id === created.id)?.status).toBe("CANCELLED");
  });

  it("edits only drops that have not started", async () => {
    const created = await a.callers.manager.drops.create(draft({ items: [{ productId: ids.GLAZED ?? "", cap: 3 }] }));
    await a.callers.manager.drops.update({ id: created.id, ...draft({ items: [{ productId: ids.GLAZED ?? "", cap: 4 }] }), name: "Renamed" });
    const got = await a.callers.manager.drops.get({ id: created.id });
    expect(got).toMatchObject({ name: "Renamed", status: "SCHEDULED", items: [expect.objectContaining({ cap: 4 })] });
    await a.callers.manager.drops.cancel({ id: created.id });
    await expect(a.callers.manager.drops.update({ id: created.id, ...draft() })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("drop lifecycle job", () => {
  it("starts, detects the sell-out once and ends the drop, with one outbound event each", async () => {
    const popup = loc.popup ?? "";
    await recordMovements(db, a.shop.id, [{ locationId: popup, componentId: ids.DOUGH ?? "", type: "RECEIPT", quantity: 8000 }]);
    const startsAt = fromNow(-30 * 60_000);
    const endsAt = fromNow(30 * 60_000);
    const created = await a.callers.owner.drops.create({
      ...draft({ startsAt, endsAt, channels: ["event"], campaign: "sat-popup", items: [{ productId: ids.GLAZED ?? "", cap: 5 }] }),
      name: "Pop-up Saturday",
      locationId: popup,
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
    // The same campaign code at another location is that location's business, not the drop's.
    await recordTestOrder(db, a.shop.id, {
      externalId: "main-campaign",
      location: "main",
      channel: "online",
      campaign: "sat-popup",
      placedAt: t(6),
      lines: [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }],
    });
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
      { locationId: popup, componentId: ids.DOUGH ?? "", type: "WASTE", quantity: -160, reason: "Dropped tray", occurredAt: t(20) },
      { locationId: popup, componentId: ids.DOUGH ?? "", type: "WASTE", quantity: -999, reason: "Close", occurredAt: new Date(endsAt.getTime() + 60_000) },
    ]);
    const detail = await a.callers.owner.drops.get({ id: created.id });
    expect(detail.report?.waste).toEqual([expect.objectContaining({ code: "DOUGH", quantity: 160 })]);
    expect(detail).toMatchObject({ status: "LIVE", sellOutMinutes: 12, totals: { units: 5, cap: 5, revenueMinor: 1350, orders: 2 } });
    expect(detail.items[0]).toMatchObject({ sku: "GLAZED", sold: 5, leftover: 0, perChannel: { event: 3, "walk-in": 2 } });
    expect(detail.report?.campaign).toEqual({ code: "sat-popup", orders: 1, revenueMinor: 600, byChannel: [{ channel: "walk-in", orders: 1, revenueMinor: 600 }] });

    await runDropLifecycle(db, new Date(endsAt.getTime() + 1000));
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("ENDED");
    expect((await events()).filter((e) => e.type === "drop.started")).toHaveLength(1);
  });

  it("ends a drop whose window passed unseen without announcing a start", async () => {
    const created = await a.callers.owner.drops.create(
      draft({ locationId: loc.kiosk, startsAt: fromNow(-3 * HOUR), endsAt: fromNow(-2 * HOUR), items: [{ productId: ids.GLAZED ?? "", cap: 1 }] }),
    );
    const before = await db.outboxEvent.count({ where: { shopId: a.shop.id, type: "drop.started" } });
    await runDropLifecycle(db, new Date());
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("ENDED");
    expect(await db.outboxEvent.count({ where: { shopId: a.shop.id, type: "drop.started" } })).toBe(before);
  });

  it("runs through the scheduler as the server does: the registered job moves the drop once, a second instance skips", async () => {
    const job = findJob("drop-lifecycle");
    if (!job) throw new Error("drop-lifecycle is not registered");
    const created = await a.callers.owner.drops.create(
      draft({ locationId: loc.kiosk, startsAt: fromNow(-2 * 60_000), endsAt: fromNow(HOUR), channels: ["walk-in"], items: [{ productId: ids.GLAZED ?? "", cap: 2 }] }),
    );
    const started = () => db.outboxEvent.findMany({ where: { shopId: a.shop.id, type: "drop.started" } });
    const before = (await started()).length;
    const one = new Scheduler(db, [job], "instance-1");
    const two = new Scheduler(db, [job], "instance-2");
    expect(await one.tick(job)).toBe(true);
    expect(await two.tick(job)).toBe(false);
    expect((await db.drop.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("LIVE");
    const events = await started();
    expect(events).toHaveLength(before + 1);
    expect(JSON.parse(events.at(-1)?.payload ?? "{}")).toMatchObject({ dropId: created.id, location: "kiosk", channels: ["walk-in"] });
    const run = await db.jobRun.findFirstOrThrow({ where: { name: "drop-lifecycle" }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ status: "SUCCEEDED", summary: expect.stringContaining("1 started") });
    await one.stop();
    await two.stop();
    await a.callers.owner.drops.cancel({ id: created.id });
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

  it("sets, changes and clears product and component buffers", async () => {
    const m = a.callers.manager;
    const input = { locationId: a.main.id, productId: ids.GLAZED ?? "", channel: "preorder-qr" };
    await m.channels.setAllocation({ ...input, quantity: 12 });
    await m.channels.setAllocation({ ...input, quantity: 8 });
    await m.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 2000 });
    await m.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "event", quantity: 2_500_000 });
    await m.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "event", quantity: 500 });
    expect(await m.channels.allocations({ locationId: a.main.id })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: ids.GLAZED, componentId: null, channel: "preorder-qr", quantity: 8 }),
        expect.objectContaining({ productId: null, componentId: ids.DOUGH, channel: "preorder-qr", quantity: 2000 }),
        expect.objectContaining({ productId: null, componentId: ids.DOUGH, channel: "event", quantity: 500 }),
      ]),
    );
    expect(await m.channels.allocations({ locationId: a.main.id })).toHaveLength(3);
    await expect(m.channels.setAllocation({ ...input, channel: "telepathy", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(m.channels.setAllocation({ ...input, quantity: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(m.channels.setAllocation({ ...input, componentId: ids.DOUGH ?? "", quantity: 1 })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { item: "Hold either a product or a component, not both." } } },
    });
    await expect(m.channels.setAllocation({ locationId: a.main.id, channel: "online", quantity: 1 })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await m.channels.setAllocation({ ...input, quantity: 0 });
    await m.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "preorder-qr", quantity: 0 });
    expect(await m.channels.allocations({ locationId: a.main.id })).toEqual([expect.objectContaining({ componentId: ids.DOUGH, channel: "event", quantity: 500 })]);
    await m.channels.setAllocation({ locationId: a.main.id, componentId: ids.DOUGH ?? "", channel: "event", quantity: 0 });
  });
});
