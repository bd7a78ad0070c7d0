import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { validateNote, type NoteTag } from "../domain/note-format";
import { canSeeLocation, requireActorLocation, visibleLocationIds, type Actor } from "./shifts";

export type NoteInput = {
  locationId: string;
  shiftId?: string | null;
  body: string;
  tags: string[];
  mentionUserId?: string | null;
  mentionComponentId?: string | null;
};

/** Writes a handoff note; the author has obviously read it, so it never shows as unread to them. */
export async function createNote(db: DbTx, actor: Actor, input: NoteInput) {
  const { body, tags } = validateNote(input);
  await requireActorLocation(db, actor, input.locationId);
  if (input.shiftId) {
    const shift = await db.shift.findFirst({ where: { id: input.shiftId, shopId: actor.shopId, locationId: input.locationId }, select: { id: true } });
    if (!shift) throw invalidFields("Unknown shift", { shiftId: "Pick a shift of this location." });
  }
  if (input.mentionUserId) {
    const member = await db.membership.findFirst({ where: { shopId: actor.shopId, userId: input.mentionUserId }, select: { id: true } });
    if (!member) throw invalidFields("Unknown person", { mentionUserId: "Pick someone from this shop." });
  }
  if (input.mentionComponentId) {
    const component = await db.component.findFirst({ where: { shopId: actor.shopId, id: input.mentionComponentId }, select: { id: true } });
    if (!component) throw invalidFields("Unknown component", { mentionComponentId: "Pick a component of this shop." });
  }
  const now = new Date();
  return db.shiftNote.create({
    data: {
      shopId: actor.shopId,
      locationId: input.locationId,
      shiftId: input.shiftId ?? null,
      authorId: actor.userId,
      body,
      tags: JSON.stringify(tags),
      mentionUserId: input.mentionUserId ?? null,
      mentionComponentId: input.mentionComponentId ?? null,
      reads: { create: { userId: actor.userId, readAt: now, acknowledgedAt: now } },
    },
    select: { id: true },
  });
}

function parseTags(raw: string): NoteTag[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? (value.filter((t) => typeof t === "string") as NoteTag[]) : [];
  } catch {
    return [];
  }
}

export type ReaderState = "acknowledged" | "read" | "not-read";

/**
 * Notes of one location, newest first, with the reader's own state; unread ones (not yet
 * acknowledged by this user) come first. Owners and managers also get, for each note, where
 * every staff member of the location stands (acknowledged, read but not acknowledged, not read
 * yet), plus anyone else who opened it.
 */
export async function listNotes(db: DbTx, actor: Actor, input: { locationId: string; days?: number; now?: Date }) {
  await requireActorLocation(db, actor, input.locationId);
  const since = new Date((input.now ?? new Date()).getTime() - (input.days ?? 14) * 86_400_000);
  const seeReaders = actor.role !== "STAFF";
  const [rows, staff] = await Promise.all([
    db.shiftNote.findMany({
      where: { shopId: actor.shopId, locationId: input.locationId, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: {
        id: true,
        body: true,
        tags: true,
        createdAt: true,
        mentionUserId: true,
        mentionComponentId: true,
        author: { select: { id: true, name: true } },
        shift: { select: { id: true, name: true } },
        reads: { select: { userId: true, readAt: true, acknowledgedAt: true, user: { select: { name: true } } } },
      },
    }),
    seeReaders
      ? db.membership.findMany({
          where: { shopId: actor.shopId, role: "STAFF", locations: { some: { locationId: input.locationId } } },
          select: { userId: true, user: { select: { name: true } } },
          orderBy: { createdAt: "asc" },
        })
      : Promise.resolve([]),
  ]);
  const userIds = [...new Set(rows.map((r) => r.mentionUserId).filter((id): id is string => !!id))];
  const componentIds = [...new Set(rows.map((r) => r.mentionComponentId).filter((id): id is string => !!id))];
  const [users, components] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds }, memberships: { some: { shopId: actor.shopId } } }, select: { id: true, name: true } }) : [],
    componentIds.length ? db.component.findMany({ where: { shopId: actor.shopId, id: { in: componentIds } }, select: { id: true, name: true, code: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const component = new Map(components.map((c) => [c.id, c]));
  const notes = rows.map((r) => {
    const mine = r.reads.find((x) => x.userId === actor.userId);
    return {
      id: r.id,
      body: r.body,
      tags: parseTags(r.tags),
      createdAt: r.createdAt,
      author: r.author,
      shift: r.shift,
      mentionUser: r.mentionUserId ? { id: r.mentionUserId, name: userName.get(r.mentionUserId) ?? "Former member" } : null,
      mentionComponent: r.mentionComponentId ? (component.get(r.mentionComponentId) ?? null) : null,
      /** When this reader was first shown the note (null: never). */
      seenAt: mine?.readAt ?? null,
      acknowledgedAt: mine?.acknowledgedAt ?? null,
      unread: !mine?.acknowledgedAt,
      mentionsMe: r.mentionUserId === actor.userId,
      readers: seeReaders ? readersOf(r, staff, actor.userId) : [],
    };
  });
  // Stable: unread first, each group newest first.
  return [...notes.filter((n) => n.unread), ...notes.filter((n) => !n.unread)];
}

type NoteReads = { author: { id: string }; reads: { userId: string; readAt: Date; acknowledgedAt: Date | null; user: { name: string } }[] };

/** The location's staff, each with their state, then anyone else who opened the note; never the author or the viewer. */
function readersOf(note: NoteReads, staff: { userId: string; user: { name: string } }[], viewerId: string) {
  const readOf = new Map(note.reads.map((x) => [x.userId, x]));
  const people = new Map<string, { userId: string; name: string; readAt: Date | null; acknowledgedAt: Date | null }>();
  for (const m of staff) {
    if (m.userId === note.author.id || m.userId === viewerId) continue;
    const read = readOf.get(m.userId);
    people.set(m.userId, { userId: m.userId, name: m.user.name, readAt: read?.readAt ?? null, acknowledgedAt: read?.acknowledgedAt ?? null });
  }
  for (const x of note.reads) {
    if (x.userId === note.author.id || x.userId === viewerId || people.has(x.userId)) continue;
    people.set(x.userId, { userId: x.userId, name: x.user.name, readAt: x.readAt, acknowledgedAt: x.acknowledgedAt });
  }
  const rank: Record<ReaderState, number> = { acknowledged: 0, read: 1, "not-read": 2 };
  return [...people.values()]
    .map((p) => ({ ...p, state: (p.acknowledgedAt ? "acknowledged" : p.readAt ? "read" : "not-read") as ReaderState }))
    .sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
}

/**
 * Records that notes were shown to the reader (read, not yet acknowledged). Only notes of a
 * location the actor may see count; repeating it keeps the first time.
 */
export async function markNotesSeen(db: DbTx, actor: Actor, input: { locationId: string; noteIds: string[] }, now = new Date()) {
  await requireActorLocation(db, actor, input.locationId);
  if (input.noteIds.length === 0) return { seen: 0 };
  const notes = await db.shiftNote.findMany({
    where: { id: { in: input.noteIds }, shopId: actor.shopId, locationId: input.locationId, reads: { none: { userId: actor.userId } } },
    select: { id: true },
  });
  // Upsert one by one: two tabs showing the same note at once must not trip the unique key.
  for (const n of notes) {
    await db.shiftNoteRead.upsert({
      where: { noteId_userId: { noteId: n.id, userId: actor.userId } },
      create: { noteId: n.id, userId: actor.userId, readAt: now, acknowledgedAt: null },
      update: {},
    });
  }
  return { seen: notes.length };
}

/** The reader confirms they have seen a note; repeating it keeps the first acknowledgement time. */
export async function acknowledgeNote(db: DbTx, actor: Actor, noteId: string, now = new Date()) {
  const note = await db.shiftNote.findFirst({ where: { id: noteId, shopId: actor.shopId }, select: { id: true, locationId: true } });
  if (!note || !canSeeLocation(actor, note.locationId)) throw new DomainError("NOT_FOUND", "Note not found.");
  const existing = await db.shiftNoteRead.findUnique({ where: { noteId_userId: { noteId, userId: actor.userId } } });
  if (existing?.acknowledgedAt) return { id: noteId, acknowledgedAt: existing.acknowledgedAt };
  const read = await db.shiftNoteRead.upsert({
    where: { noteId_userId: { noteId, userId: actor.userId } },
    create: { noteId, userId: actor.userId, readAt: now, acknowledgedAt: now },
    // Keeps readAt: when it was first shown, which may be long before the acknowledgement.
    update: { acknowledgedAt: now },
    select: { acknowledgedAt: true },
  });
  return { id: noteId, acknowledgedAt: read.acknowledgedAt };
}

/** Unread notes per location the actor can see (for the location picker and the nav badge). */
export async function countUnreadNotes(db: DbTx, actor: Actor, now = new Date()) {
  const since = new Date(now.getTime() - 14 * 86_400_000);
  const ids = visibleLocationIds(actor);
  const rows = await db.shiftNote.groupBy({
    by: ["locationId"],
    where: {
      shopId: actor.shopId,
      createdAt: { gte: since },
      ...(ids ? { locationId: ids } : {}),
      reads: { none: { userId: actor.userId, acknowledgedAt: { not: null } } },
    },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.locationId, r._count._all]));
}

/** People and components a note may mention, for the note form. */
export async function listMentionOptions(db: DbTx, actor: Actor) {
  const [members, components] = await Promise.all([
    db.membership.findMany({ where: { shopId: actor.shopId }, select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    db.component.findMany({ where: { shopId: actor.shopId, active: true }, select: { id: true, code: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { people: members.map((m) => m.user), components };
}
