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
/** A third staff member of shop A with no assignment (works everywhere). */
let floater: ReturnType<typeof callerFor>;
let floaterId: string;

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
  const staffMembership = await db.membership.findFirstOrThrow({ where: { userId: a.users.staff.id, shopId: a.shop.id } });
  await db.membershipLocation.create({ data: { membershipId: staffMembership.id, locationId: a.main.id } });
  kioskStaff = (await addStaff(a, "Kim Kiosk", [kioskId])).caller;
  const f = await addStaff(a, "Fay Floater", []);
  floater = f.caller;
  floaterId = f.user.id;
});

describe("shift notes: read and acknowledge", () => {
  it("two staff members each see a note unread until they acknowledge it", async () => {
    const { id } = await a.callers.staff.shifts.writeNote({ locationId: a.main.id, body: "Fryer 2 **smokes**\n- glaze low", tags: ["equipment", "low-stock"] });
    // The author has read their own note.
    expect((await a.callers.staff.shifts.notes({ locationId: a.main.id })).find((n) => n.id === id)?.unread).toBe(false);

    const second = await a.callers.staff.shifts.writeNote({ locationId: a.main.id, body: "Mrs. Lee picks up a dozen at 9", tags: ["customer"], mentionUserId: floaterId });
    const forFloater = await floater.shifts.notes({ locationId: a.main.id });
    expect(forFloater.filter((n) => n.unread).map((n) => n.id)).toEqual([second.id, id]);
    expect(forFloater.find((n) => n.id === second.id)?.mentionsMe).toBe(true);
    expect(forFloater.find((n) => n.id === id)?.tags).toEqual(["equipment", "low-stock"]);

    const ownerView = await a.callers.owner.shifts.notes({ locationId: a.main.id });
    expect(ownerView.find((n) => n.id === id)?.readers).toEqual([]);

    await floater.shifts.acknowledge({ noteId: id });
    const again = await floater.shifts.acknowledge({ noteId: id });
    const afterAck = await floater.shifts.notes({ locationId: a.main.id });
    // Unread first: the acknowledged note drops below the one still unread.
    expect(afterAck.map((n) => [n.id, n.unread])).toEqual([
      [second.id, true],
      [id, false],
    ]);
    expect(afterAck[1]?.acknowledgedAt).toEqual(again.acknowledgedAt);

    // The owner sees who has read what; the other reader is still unread for the manager.
    const owner = await a.callers.owner.shifts.notes({ locationId: a.main.id });
    expect(owner.find((n) => n.id === id)?.readers.map((r) => r.name)).toEqual(["Fay Floater"]);
    expect((await a.callers.manager.shifts.notes({ locationId: a.main.id })).filter((n) => n.unread)).toHaveLength(2);
    // Staff do not get the reader list.
    expect(afterAck[1]?.readers).toEqual([]);

    const locations = await floater.shifts.locations();
    expect(locations.find((l) => l.id === a.main.id)?.unread).toBe(1);
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
    // Unassigned staff and managers see every location.
    expect((await floater.shifts.notes({ locationId: kioskId })).map((n) => n.id)).toContain(id);
    expect((await a.callers.manager.shifts.notes({ locationId: kioskId })).map((n) => n.id)).toContain(id);
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
    const summary = await getShiftSummary(db, { shopId, userId: floaterId, role: "STAFF", assignedLocationIds: [] }, { locationId: a.main.id, now });
    expect(summary.sales.map((s) => [s.label, s.orders, s.revenueMinor])).toEqual([
      ["Since last shift", 1, 750],
      ["Late", 0, 0],
    ]);
    expect(summary.sales[0]?.topProducts).toEqual([{ sku: "GLAZED", name: "Glazed donut", quantity: 3 }]);
    // The procedure answers the same shape for the signed-in staff member.
    expect((await floater.shifts.summary({ locationId: a.main.id })).stockAlerts).toHaveLength(2);
    expect(summary.stockAlerts.map((s) => [s.code, s.level])).toEqual([
      ["DOUGH", "negative"],
      ["GLAZE", "low"],
    ]);
    expect(summary.openAnomalies.map((x) => x.message)).toContain("Dough below zero");
    expect((await b.callers.owner.shifts.summary({ locationId: b.main.id })).stockAlerts).toEqual([]);
  });
});
