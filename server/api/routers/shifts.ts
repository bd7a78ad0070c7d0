import { z } from "zod";
import { NOTE_MAX_LENGTH, NOTE_TAGS } from "../../domain/note-format";
import { acknowledgeNote, countUnreadNotes, createNote, listMentionOptions, listNotes, markNotesSeen } from "../../services/notes";
import { getOwnPinState, setMemberPin, setOwnPin } from "../../services/pin-sign-in";
import { getShiftSummary } from "../../services/shift-summary";
import { listTabletDevices, revokeTabletDevice } from "../../services/tablet-devices";
import { archiveShift, createShift, listActorLocations, listShifts, updateShift, type Actor } from "../../services/shifts";
import { createTRPCRouter, managerProcedure, memberProcedure, ownerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const time = z.string().trim().max(5);
const pin = z.string().trim().max(8, "Use 4 to 8 digits.");

function actorOf(ctx: Actor): Actor {
  return { shopId: ctx.shopId, userId: ctx.userId, role: ctx.role, assignedLocationIds: ctx.assignedLocationIds };
}

export const shiftsRouter = createTRPCRouter({
  /** Locations the caller works at, with how many notes they have not acknowledged. */
  locations: memberProcedure.query(async ({ ctx }) => {
    const actor = actorOf(ctx);
    const [locations, unread] = await Promise.all([listActorLocations(ctx.db, actor), countUnreadNotes(ctx.db, actor)]);
    return locations.map((l) => ({ ...l, unread: unread[l.id] ?? 0 }));
  }),
  list: memberProcedure.input(z.object({ locationId: id })).query(({ ctx, input }) => listShifts(ctx.db, actorOf(ctx), input.locationId)),
  create: managerProcedure
    .input(z.object({ locationId: id, name: z.string().trim().max(60), startTime: time, endTime: time }))
    .mutation(({ ctx, input }) => createShift(ctx.db, actorOf(ctx), input)),
  update: managerProcedure
    .input(z.object({ id, name: z.string().trim().max(60), startTime: time, endTime: time }))
    .mutation(({ ctx, input }) => updateShift(ctx.db, actorOf(ctx), input.id, input)),
  archive: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => archiveShift(ctx.db, actorOf(ctx), input.id)),

  notes: memberProcedure.input(z.object({ locationId: id })).query(({ ctx, input }) => listNotes(ctx.db, actorOf(ctx), input)),
  writeNote: memberProcedure
    .input(
      z.object({
        locationId: id,
        shiftId: id.nullish(),
        body: z.string().max(NOTE_MAX_LENGTH, `Keep the note under ${NOTE_MAX_LENGTH} characters.`),
        tags: z.array(z.enum(NOTE_TAGS)).max(NOTE_TAGS.length),
        mentionUserId: id.nullish(),
        mentionComponentId: id.nullish(),
      }),
    )
    .mutation(({ ctx, input }) => createNote(ctx.db, actorOf(ctx), input)),
  /** The page reports which notes it has shown, so owners see "read" apart from "acknowledged". */
  markSeen: memberProcedure
    .input(z.object({ locationId: id, noteIds: z.array(id).max(200) }))
    .mutation(({ ctx, input }) => markNotesSeen(ctx.db, actorOf(ctx), input)),
  acknowledge: memberProcedure.input(z.object({ noteId: id })).mutation(({ ctx, input }) => acknowledgeNote(ctx.db, actorOf(ctx), input.noteId)),
  mentionOptions: memberProcedure.query(({ ctx }) => listMentionOptions(ctx.db, actorOf(ctx))),
  summary: memberProcedure.input(z.object({ locationId: id })).query(({ ctx, input }) => getShiftSummary(ctx.db, actorOf(ctx), input)),

  myPin: memberProcedure.query(({ ctx }) => getOwnPinState(ctx.db, { shopId: ctx.shopId, membershipId: ctx.membershipId })),
  setMyPin: memberProcedure
    .input(z.object({ pin }))
    .mutation(({ ctx, input }) => setOwnPin(ctx.db, { shopId: ctx.shopId, membershipId: ctx.membershipId, pin: input.pin })),
  /** Counter tablets (registering one needs the device itself: see app/(dashboard)/settings/tablets/actions.ts). */
  tablets: managerProcedure.query(({ ctx }) => listTabletDevices(ctx.db, ctx.shopId)),
  revokeTablet: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => revokeTabletDevice(ctx.db, ctx.shopId, input.id)),

  setMemberPin: ownerProcedure
    .input(z.object({ membershipId: id, pin: pin.nullable() }))
    .mutation(({ ctx, input }) => setMemberPin(ctx.db, { shopId: ctx.shopId, ...input })),
});
