import type { Db } from "../../server/db";
import { DEMO_USERS } from "./demo-users";
import type { DemoShop } from "./foundation";
import { addDays, businessDateOf } from "../../server/domain/shift-time";
import { createNote } from "../../server/services/notes";
import { setMemberPin } from "../../server/services/pin-sign-in";
import { nightlyBusinessDate, reconcileShop } from "../../server/services/reconciliation";
import { closeDay } from "../../server/services/daily-close";
import type { Actor } from "../../server/services/shifts";

/**
 * Tablet PINs of the demo staff (demo data only): once a manager has registered a browser as the
 * main store's counter tablet, Sam signs in there with 2580 (Kim with 1357 on the kiosk's).
 */
export const DEMO_PINS = { staff: "2580", staffKiosk: "1357" } as const;

const SHIFTS: Record<string, { name: string; startTime: string; endTime: string }[]> = {
  main: [
    { name: "Morning", startTime: "06:00", endTime: "14:00" },
    { name: "Evening", startTime: "14:00", endTime: "22:00" },
    { name: "Midnight", startTime: "22:00", endTime: "02:00" },
  ],
  kiosk: [
    { name: "Early", startTime: "05:30", endTime: "13:00" },
    { name: "Late", startTime: "13:00", endTime: "20:30" },
  ],
  hub: [{ name: "Bake", startTime: "02:00", endTime: "10:00" }],
  popup: [{ name: "Market", startTime: "08:00", endTime: "15:00" }],
};

/**
 * Shifts for every location, a handful of handoff notes (some acknowledged, some not), staff PINs
 * for the counter tablets, one reconciliation run and the last week's daily closes.
 */
export async function seedShifts(db: Db, demo: DemoShop, now = new Date()): Promise<void> {
  const { shopId, locations } = demo;
  for (const [code, shifts] of Object.entries(SHIFTS)) {
    const locationId = locations[code];
    if (!locationId) continue;
    await db.shift.createMany({ data: shifts.map((s) => ({ shopId, locationId, ...s })) });
  }

  // Staff only see the locations they are assigned to: Sam works the main store (Kim the kiosk,
  // assigned with the foundation data).
  const samMembership = await db.membership.findFirst({ where: { shopId, user: { email: DEMO_USERS.staff.email } }, select: { id: true, locations: { select: { locationId: true } } } });
  if (samMembership && samMembership.locations.length === 0 && locations.main) {
    await db.membershipLocation.create({ data: { membershipId: samMembership.id, locationId: locations.main } });
  }

  const members = await db.membership.findMany({
    where: { shopId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } }, locations: { select: { locationId: true } } },
  });
  const byEmail = new Map(members.map((m) => [m.user.email, m]));
  const actor = (email: string): Actor => {
    const m = byEmail.get(email);
    if (!m) throw new Error(`Demo member ${email} missing`);
    return { shopId, userId: m.userId, role: m.role as Actor["role"], assignedLocationIds: m.locations.map((l) => l.locationId) };
  };
  const sam = actor(DEMO_USERS.staff.email);
  const kim = actor(DEMO_USERS.staffKiosk.email);
  const marco = actor(DEMO_USERS.manager.email);
  const shiftId = async (code: string, name: string) =>
    (await db.shift.findFirst({ where: { shopId, locationId: locations[code], name }, select: { id: true } }))?.id ?? null;
  const components = new Map(
    (await db.component.findMany({ where: { shopId }, select: { id: true, code: true } })).map((c) => [c.code, c.id]),
  );

  const notes: { who: Actor; code: string; shift: string; hoursAgo: number; body: string; tags: string[]; component?: string; mention?: Actor }[] = [
    {
      who: marco,
      code: "main",
      shift: "Morning",
      hoursAgo: 26,
      body: "Health inspection went fine. **Keep the walk-in log filled in** every two hours.",
      tags: ["cleaning"],
    },
    {
      who: sam,
      code: "main",
      shift: "Evening",
      hoursAgo: 15,
      body: "Busy night, Midnight Box sold out at 23:40.\n\n- Glaze bucket almost empty, used the backup\n- Fryer 2 **smokes on high** — use fryer 1 until the tech comes Thursday",
      tags: ["low-stock", "equipment"],
      component: "GLAZE",
    },
    {
      who: marco,
      code: "main",
      shift: "Morning",
      hoursAgo: 3,
      body: "Mrs. Alvarez picks up **two dozen** at 16:00 (pre-order, paid). Boxes are on the top shelf.",
      tags: ["customer"],
      mention: sam,
    },
    {
      who: kim,
      code: "kiosk",
      shift: "Early",
      hoursAgo: 20,
      body: "Card reader dropped the connection twice. Restarting it fixed it.\n- Cups: one sleeve left",
      tags: ["equipment", "low-stock"],
      component: "CUP",
    },
    {
      who: kim,
      code: "kiosk",
      shift: "Late",
      hoursAgo: 4,
      body: "Commuter rush was short today, **9 glazed left** at close — logged as waste.",
      tags: ["low-stock"],
    },
  ];
  for (const n of notes) {
    const locationId = locations[n.code];
    if (!locationId) continue;
    const { id } = await createNote(db, n.who, {
      locationId,
      shiftId: await shiftId(n.code, n.shift),
      body: n.body,
      tags: n.tags,
      mentionUserId: n.mention?.userId ?? null,
      mentionComponentId: n.component ? (components.get(n.component) ?? null) : null,
    });
    const at = new Date(now.getTime() - n.hoursAgo * 3_600_000);
    await db.shiftNote.update({ where: { id }, data: { createdAt: at } });
    await db.shiftNoteRead.updateMany({ where: { noteId: id }, data: { readAt: at, acknowledgedAt: at } });
  }
  // The owner and manager have caught up with yesterday's notes; today's are still unread for them.
  const older = await db.shiftNote.findMany({ where: { shopId, createdAt: { lt: new Date(now.getTime() - 12 * 3_600_000) } }, select: { id: true, authorId: true, createdAt: true } });
  for (const userId of [actor(DEMO_USERS.owner.email).userId, marco.userId]) {
    for (const note of older) {
      if (note.authorId === userId) continue;
      const at = new Date(note.createdAt.getTime() + 2 * 3_600_000);
      await db.shiftNoteRead.upsert({
        where: { noteId_userId: { noteId: note.id, userId } },
        create: { noteId: note.id, userId, readAt: at, acknowledgedAt: at },
        update: {},
      });
    }
  }

  // Sam acknowledged yesterday's inspection note and has opened, not yet acknowledged, today's pick-up note.
  for (const n of await db.shiftNote.findMany({ where: { shopId, locationId: locations.main, authorId: marco.userId }, select: { id: true, createdAt: true } })) {
    const old = n.createdAt < new Date(now.getTime() - 12 * 3_600_000);
    const at = new Date(n.createdAt.getTime() + (old ? 3 : 1) * 3_600_000);
    await db.shiftNoteRead.upsert({
      where: { noteId_userId: { noteId: n.id, userId: sam.userId } },
      create: { noteId: n.id, userId: sam.userId, readAt: at, acknowledgedAt: old ? at : null },
      update: {},
    });
  }

  for (const [key, pin] of Object.entries(DEMO_PINS)) {
    const m = byEmail.get(DEMO_USERS[key as keyof typeof DEMO_PINS].email);
    if (m) await setMemberPin(db, { shopId, membershipId: m.id, pin });
  }

  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  // As the nightly run would have: its anomalies belong to yesterday, whose close lists them.
  await reconcileShop(db, shopId, now, { businessDate: nightlyBusinessDate(now, shop.timeZone) });
  const today = businessDateOf(now, shop.timeZone);
  for (let d = 7; d >= 1; d--) {
    for (const locationId of Object.values(locations)) await closeDay(db, shopId, locationId, addDays(today, -d), now);
  }
}
