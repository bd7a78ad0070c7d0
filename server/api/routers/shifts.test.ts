import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { hashSecret } from "../../auth/password";
import { callerFor, createTestShop, type TestShop } from "../../testing/fixtures";
import { getShiftSummary } from "../../services/shift-summary";

let a: TestShop;
let b: TestShop;
let kioskId: string;
/** A second staff member of shop A, assigned to the kiosk only. */
let kioskStaff: ReturnType<typeof callerFor>;
/** A third staff member of shop A nobody has assigned to a location yet. */
let floater: ReturnType<typeof callerFor>;
/** Two more staff members of the main store, for the read/acknowledge flow. */
let pat: { caller: ReturnType<typeof callerFor>; id: string };
let lee: { caller: ReturnType<typeof callerFor>; id: string };

async function addStaff(shop: TestShop, name: string, locationIds: string[]) {
  const user = await db.user.create({ data: { email: `${name.toLowerCase().replace(/\s/g, "")}-${Date.now()}@test.local`, name, passwordHash: await hashSecret("x-password") } });
  const membership = await db.membership.create({ data: { userId: user.id, shopId: shop.shop.id, role: "STAFF" } });
  for (const locationId of locationIds) await db.membershipLocation.create({ data: { membershipId: membership.id, locationId } });
  return { user, caller: callerFor({ id: user.id, email: user.email, name: user.name, shopId: shop.shop.id, shopName: shop.shop.name, role: "STAFF" }) };
}

beforeAll(async () => {
  a = await createTestShop("Notes A");
  b = await createTestShop("Notes B");
  kioskId = (await db.location.create({ data: { shopId: a.shop.id, code: "kiosk", name: "Kiosk", kind: "kiosk" } })).id;
  // The fixture's staff member works at main only.
  kioskStaff = (await addStaff(a, "Kim Kiosk", [kioskId])).caller;
  floater = (await addStaff(a, "Fay Floater", [])).caller;
  const p = await addStaff(a, "Pat Baker", [a.main.id]);
  const l = await addStaff(a, "Lee Counter", [a.main.id, kioskId]);
  pat = { caller: p.caller, id: p.user.id };
  lee = { caller: l.caller, id: l.user.id };
});

describe("shift notes: read and acknowledge", () => {
  it("two staff readers each see a note unread until they acknowledge it; the owner sees who read what", async () => {
    const { id } = await a.callers.manager.shifts.writeNote({ locationId: a.main.id, body: "Fryer 2 **smokes**\n- glaze low", tags: ["equipment", "low-stock"] });
    const second = await a.callers.manager.shifts.writeNote({ locationId: a.main.id, body: "Mrs. Lee picks up a dozen at 9", tags: ["customer"], mentionUserId: lee.id });
    // The author has read their own notes.
    expect((await a.callers.manager.shifts.notes({ locationId: a.main.id })).filter((n) => [id, second.id].includes(n.id)).map((n) => n.unread)).toEqual([false, false]);

    const readersOf = async (noteId: string) =>
      Object.fromEntries((await a.callers.owner.shifts.notes({ locationId: a.main.id })).find((n) => n.id === noteId)!.readers.map((r) => [r.name, r.state]));
    // Nobody opened it yet: every staff member of the main store is listed as not read, the kiosk-only one is not.
    expect(await readersOf(id)).toEqual({ "Lee Counter": "not-read", "Pat Baker": "not-read", [a.users.staff.name]: "not-read" });

    // Pat opens the page: both notes unread, newest first; the page reports them as shown.
    const forPat = await pat.caller.shifts.notes({ locationId: a.main.id });
    expect(forPat.filter((n) => n.unread).map((n) => n.id)).toEqual([second.id, id]);
    expect(forPat.find((n) => n.id === id)).toMatchObject({ tags: ["equipment", "low-stock"], seenAt: null });
    expect(await pat.caller.shifts.markSeen({ locationId: a.main.id, noteIds: [id, second.id] })).toEqual({ seen: 2 });
    expect(await pat.caller.shifts.markSeen({ locationId: a.main.id, noteIds: [id, second.id] })).toEqual({ seen: 0 });
    expect(await readersOf(id)).toMatchObject({ "Pat Baker": "read", "Lee Counter": "not-read" });
    // Opened is not acknowledged: still unread for Pat.
    expect((await pat.caller.shifts.notes({ locationId: a.main.id })).find((n) => n.id === id)).toMatchObject({ unread: true, seenAt: expect.any(Date) });

    const ack = await pat.caller.shifts.acknowledge({ noteId: id });
    const again = await pat.caller.shifts.acknowledge({ noteId: id });
    expect(again.acknowledgedAt).toEqual(ack.acknowledgedAt);
    const afterAck = await pat.caller.shifts.notes({ locationId: a.main.id });
    // Unread first: the acknowledged note drops below the one still unread.
    expect(afterAck.filter((n) => [id, second.id].includes(n.id)).map((n) => [n.id, n.unread])).toEqual([
      [second.id, true],
      [id, false],
    ]);
    // Staff do not get the reader list.
    expect(afterAck.every((n) => n.readers.length === 0)).toBe(true);

    // Pat's acknowledgement is Pat's only: Lee still has both unread, and sees the mention.
    const forLee = await lee.caller.shifts.notes({ locationId: a.main.id });
    expect(forLee.filter((n) => n.unread).map((n) => n.id)).toEqual(expect.arrayContaining([second.id, id]));
    expect(forLee.find((n) => n.id === second.id)?.mentionsMe).toBe(true);
    expect((await lee.caller.shifts.locations()).find((l) => l.id === a.main.id)?.unread).toBeGreaterThanOrEqual(2);
    await lee.caller.shifts.acknowledge({ noteId: id });

    const owner = (await a.callers.owner.shifts.notes({ locationId: a.main.id })).find((n) => n.id === id)!;
    expect(owner.readers.map((r) => [r.name, r.state])).toEqual([
      ["Lee Counter", "acknowledged"],
      ["Pat Baker", "acknowledged"],
      [a.users.staff.name, "not-read"],
    ]);
    // The read time is when it was first shown, not when it was acknowledged.
    const patRow = owner.readers.find((r) => r.name === "Pat Baker")!;
    expect(patRow.readAt!.getTime()).toBeLessThan(patRow.acknowledgedAt!.getTime());
    // Lee acknowledged without the page reporting it shown first: read and acknowledged at once.
    const leeRow = owner.readers.find((r) => r.name === "Lee Counter")!;
    expect(leeRow.readAt).toEqual(leeRow.acknowledgedAt);
    expect(await readersOf(second.id)).toEqual({ "Lee Counter": "not-read", "Pat Baker": "read", [a.users.staff.name]: "not-read" });
    // Others who opened it are listed too, but never the viewer themselves (nor the author).
    await a.callers.owner.shifts.markSeen({ locationId: a.main.id, noteIds: [id] });
    expect(Object.keys(await readersOf(id))).not.toContain(a.users.owner.name);
    const managerView = (await a.callers.manager.shifts.notes({ locationId: a.main.id })).find((n) => n.id === id)!;
    expect(managerView.readers.find((r) => r.name === a.users.owner.name)?.state).toBe("read");
    expect(managerView.readers.map((r) => r.name)).not.toContain(a.users.manager.name);
    expect((await pat.caller.shifts.locations()).find((l) => l.id === a.main.id)?.unread).toBe(1);
  });

  it("only marks notes of a location the reader may see as shown", async () => {
    const { id } = await kioskStaff.shifts.writeNote({ locationId: kioskId, body: "Kiosk only", tags: [] });
    await expect(pat.caller.shifts.markSeen({ locationId: kioskId, noteIds: [id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A kiosk note id passed with the main store's location is ignored.
    expect(await pat.caller.shifts.markSeen({ locationId: a.main.id, noteIds: [id] })).toEqual({ seen: 0 });
    expect(await db.shiftNoteRead.count({ where: { noteId: id, userId: pat.id } })).toBe(0);
  });

  it("rejects an empty note and unknown tags with field errors", async () => {
    await expect(a.callers.staff.shifts.writeNote({ locationId: a.main.id, body: "   ", tags: [] })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(
      a.callers.staff.shifts.writeNote({ locationId: a.main.id, body: "x", tags: ["bogus" as "other"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("shift notes: locations and tenancy", () => {
  it("staff only see notes of the locations they are assigned to", async () => {
    const { id } = await kioskStaff.shifts.writeNote({ locationId: kioskId, body: "Kiosk card reader offline", tags: ["equipment"] });
    expect((await kioskStaff.shifts.locations()).map((l) => l.id)).toEqual([kioskId]);
    expect((await a.callers.staff.shifts.locations()).map((l) => l.id)).toEqual([a.main.id]);
    await expect(a.callers.staff.shifts.notes({ locationId: kioskId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.staff.shifts.acknowledge({ noteId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.callers.staff.shifts.writeNote({ locationId: kioskId, body: "x", tags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(kioskStaff.shifts.notes({ locationId: a.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await lee.caller.shifts.locations()).map((l) => l.id)).toEqual([a.main.id, kioskId]);
    // Owners and managers see every location.
    expect((await a.callers.manager.shifts.notes({ locationId: kioskId })).map((n) => n.id)).toContain(id);
    expect((await a.callers.owner.shifts.locations()).map((l) => l.id)).toEqual([a.main.id, kioskId]);
  });

  it("a staff member nobody assigned sees no location at all, here or in other staff pages", async () => {
    expect(await floater.shifts.locations()).toEqual([]);
    for (const locationId of [a.main.id, kioskId]) {
      await expect(floater.shifts.notes({ locationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(floater.shifts.summary({ locationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(floater.shifts.writeNote({ locationId, body: "x", tags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(floater.stock.atLocation({ locationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const note = (await a.callers.owner.shifts.notes({ locationId: a.main.id }))[0]!;
    await expect(floater.shifts.acknowledge({ noteId: note.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The stock page's location picker is empty too (it shows "ask to be assigned").
    expect(await floater.catalog.locations()).toEqual([]);
    const component = await db.component.create({ data: { shopId: a.shop.id, code: "FLOATCUP", name: "Cup", unit: "pc" } });
    await expect(floater.stock.record({ locationId: a.main.id, componentId: component.id, type: "receipt", quantity: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Assigned staff still get their own location there.
    expect((await a.callers.staff.catalog.locations()).map((l) => l.id)).toEqual([a.main.id]);
    expect((await a.callers.staff.stock.atLocation({ locationId: a.main.id })).location.id).toBe(a.main.id);
  });

  it("another shop's ids read as not found", async () => {
    const { id } = await a.callers.owner.shifts.writeNote({ locationId: a.main.id, body: "Owner note", tags: [] });
    await expect(b.callers.owner.shifts.notes({ locationId: a.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.staff.shifts.acknowledge({ noteId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.owner.shifts.writeNote({ locationId: a.main.id, body: "x", tags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.owner.shifts.summary({ locationId: a.main.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.callers.owner.shifts.create({ locationId: a.main.id, name: "X", startTime: "06:00", endTime: "10:00" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      b.callers.owner.shifts.writeNote({ locationId: b.main.id, body: "x", tags: [], mentionUserId: a.users.staff.id }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(await b.callers.owner.shifts.notes({ locationId: b.main.id })).toEqual([]);
  });

  it("refuses signed-out callers and staff managing shifts", async () => {
    await expect(a.callers.anonymous.shifts.notes({ locationId: a.main.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(a.callers.staff.shifts.create({ locationId: a.main.id, name: "Morning", startTime: "06:00", endTime: "14:00" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(a.callers.staff.shifts.setMemberPin({ membershipId: "x", pin: "2580" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("shifts and the shift summary", () => {
  it("managers define shifts; bad times are field errors; notes can name a shift", async () => {
    await expect(a.callers.manager.shifts.create({ locationId: a.main.id, name: "Bad", startTime: "25:00", endTime: "14:00" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    const morning = await a.callers.manager.shifts.create({ locationId: a.main.id, name: "Morning", startTime: "06:00", endTime: "14:00" });
    await a.callers.manager.shifts.create({ locationId: a.main.id, name: "Late", startTime: "14:00", endTime: "02:00" });
    await expect(a.callers.manager.shifts.create({ locationId: a.main.id, name: "Morning", startTime: "07:00", endTime: "08:00" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    expect((await a.callers.staff.shifts.list({ locationId: a.main.id })).map((s) => s.name)).toEqual(["Morning", "Late"]);
    const note = await a.callers.staff.shifts.writeNote({ locationId: a.main.id, shiftId: morning.id, body: "From the morning", tags: [] });
    expect((await a.callers.owner.shifts.notes({ locationId: a.main.id })).find((n) => n.id === note.id)?.shift?.name).toBe("Morning");
    // Renaming onto another shift's name is refused like creating it; keeping one's own name is fine.
    const late = (await a.callers.staff.shifts.list({ locationId: a.main.id })).find((x) => x.name === "Late")!;
    await expect(a.callers.manager.shifts.update({ id: late.id, name: "Morning", startTime: "14:00", endTime: "02:00" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { name: "This location already has a shift with that name." } } },
    });
    await expect(a.callers.manager.shifts.update({ id: late.id, name: "Late", startTime: "15:00", endTime: "02:00" })).resolves.toMatchObject({ startTime: "15:00" });
    await expect(b.callers.owner.shifts.update({ id: late.id, name: "X", startTime: "15:00", endTime: "02:00" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await a.callers.manager.shifts.update({ id: late.id, name: "Late", startTime: "14:00", endTime: "02:00" });
    await a.callers.manager.shifts.archive({ id: morning.id });
    expect((await a.callers.staff.shifts.list({ locationId: a.main.id })).map((s) => s.name)).toEqual(["Late"]);
  });

  it("summarises sales, low and negative stock and open anomalies for the location", async () => {
    const shopId = a.shop.id;
    const integration = await db.integration.findFirstOrThrow({ where: { shopId } });
    const dough = await db.component.create({ data: { shopId, code: "DOUGH", name: "Dough", unit: "g" } });
    const glaze = await db.component.create({ data: { shopId, code: "GLAZE", name: "Glaze", unit: "g" } });
    await db.product.create({ data: { shopId, sku: "GLAZED", name: "Glazed donut", priceMinor: 250 } });
    await db.stockBalance.createMany({
      data: [
        { shopId, locationId: a.main.id, componentId: dough.id, onHand: -40 },
        { shopId, locationId: a.main.id, componentId: glaze.id, onHand: 300 },
      ],
    });
    await db.resupplyRule.create({ data: { shopId, locationId: a.main.id, componentId: glaze.id, reorderPoint: 500, targetLevel: 2000 } });
    await db.anomaly.create({ data: { shopId, locationId: a.main.id, kind: "NEGATIVE_STOCK", key: "t:1", message: "Dough below zero" } });
    // Fixed clock: 10:30 in New York, between yesterday's Late shift (ended 02:00) and today's.
    const now = new Date("2026-11-24T15:30:00Z");
    const businessDate = "2026-11-24";
    await db.order.create({
      data: {
        shopId,
        integrationId: integration.id,
        externalId: "S-1",
        locationId: a.main.id,
        locationCode: "main",
        channel: "walk-in",
        currency: "USD",
        subtotalMinor: 750,
        placedAt: new Date("2026-11-24T15:00:00Z"),
        stateAt: now,
        businessDate,
        localHour: 0,
        weekday: 0,
        lines: { create: [{ shopId, lineNo: 1, sku: "GLAZED", quantity: 3, unitPriceMinor: 250, businessDate, locationId: a.main.id, channel: "walk-in" }] },
      },
    });
    const summary = await getShiftSummary(db, { shopId, userId: pat.id, role: "STAFF", assignedLocationIds: [a.main.id] }, { locationId: a.main.id, now });
    expect(summary.sales.map((s) => [s.label, s.orders, s.revenueMinor])).toEqual([
      ["Since last shift", 1, 750],
      ["Late", 0, 0],
    ]);
    expect(summary.sales[0]?.topProducts).toEqual([{ sku: "GLAZED", name: "Glazed donut", quantity: 3 }]);
    // The procedure answers the same shape for the signed-in staff member.
    expect((await pat.caller.shifts.summary({ locationId: a.main.id })).stockAlerts).toHaveLength(2);
    expect(summary.stockAlerts.map((s) => [s.code, s.level])).toEqual([
      ["DOUGH", "negative"],
      ["GLAZE", "low"],
    ]);
    expect(summary.openAnomalies.map((x) => x.message)).toContain("Dough below zero");
    expect((await b.callers.owner.shifts.summary({ locationId: b.main.id })).stockAlerts).toEqual([]);
  });

  it("lists the location's open resupply and the drops of the next three days", async () => {
    const shopId = a.shop.id;
    const now = new Date("2026-11-24T15:30:00Z");
    const day = 86_400_000;
    const supplier = await db.supplier.create({ data: { shopId, name: "Flour & Co" } });
    const suggestion = (status: string, windowAt: Date, locationId = a.main.id) =>
      db.resupplySuggestion.create({ data: { shopId, locationId, supplierId: supplier.id, status, windowAt }, select: { id: true } });
    const sent = await suggestion("SENT", new Date(now.getTime() + 2 * 3_600_000));
    const draft = await suggestion("DRAFT", new Date(now.getTime() + day));
    const partial = await suggestion("PARTIAL", new Date(now.getTime() - 3_600_000));
    await suggestion("RECEIVED", new Date(now.getTime() - day));
    await suggestion("CANCELLED", new Date(now.getTime() + day));
    await suggestion("SENT", new Date(now.getTime() + day), kioskId);
    const drop = (name: string, status: string, startsAt: Date, locationId = a.main.id) =>
      db.drop.create({ data: { shopId, locationId, name, status, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3_600_000), channels: "[]" }, select: { id: true } });
    const live = await drop("Pumpkin week", "LIVE", new Date(now.getTime() - 3_600_000));
    // The lifecycle job has not run yet: the window decides what the shift is told.
    const started = await drop("Opened a minute ago", "SCHEDULED", new Date(now.getTime() - 60_000));
    await drop("Should have ended", "LIVE", new Date(now.getTime() - 4 * 3_600_000));
    const soon = await drop("Midnight box", "SCHEDULED", new Date(now.getTime() + 2 * day));
    await drop("Too far", "SCHEDULED", new Date(now.getTime() + 4 * day));
    await drop("Over", "ENDED", new Date(now.getTime() - day));
    await drop("Kiosk drop", "SCHEDULED", new Date(now.getTime() + day), kioskId);

    const summary = await getShiftSummary(db, { shopId, userId: pat.id, role: "STAFF", assignedLocationIds: [a.main.id] }, { locationId: a.main.id, now });
    expect(summary.openResupply.map((r) => [r.id, r.status, r.supplier])).toEqual([
      [partial.id, "PARTIAL", "Flour & Co"],
      [sent.id, "SENT", "Flour & Co"],
      [draft.id, "DRAFT", "Flour & Co"],
    ]);
    expect(summary.upcomingDrops.map((d) => [d.id, d.status])).toEqual([
      [live.id, "LIVE"],
      [started.id, "LIVE"],
      [soon.id, "SCHEDULED"],
    ]);
  });
});
