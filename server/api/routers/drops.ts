import { z } from "zod";
import {
  cancelDrop,
  createDrop,
  getDropDetail,
  listDrops,
  loadDropOptions,
  previewFeasibility,
  raiseDropShortfall,
  updateDrop,
} from "../../services/drops";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const local = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Pick a date and time");
const item = z.object({
  productId: z.string().min(1, "Pick a product").max(64),
  cap: z.number().int("Cap must be a whole number").min(1, "Cap must be at least 1").max(100_000, "Cap is too large"),
});
const draft = z.object({
  name: z.string().trim().min(1, "Give the drop a name").max(120),
  locationId: id,
  startsLocal: local,
  endsLocal: local,
  channels: z.array(z.string().min(1).max(40)).min(1, "Pick at least one channel").max(20),
  announcement: z.string().max(2000).optional(),
  campaign: z.string().trim().max(80).nullish(),
  items: z.array(item).min(1, "Add at least one product with a cap").max(50),
});

export const dropsRouter = createTRPCRouter({
  options: managerProcedure.query(({ ctx }) => loadDropOptions(ctx.db, ctx.shopId)),
  list: managerProcedure
    .input(z.object({ from: z.date().optional(), to: z.date().optional() }).optional())
    .query(({ ctx, input }) => listDrops(ctx.db, ctx.shopId, input ?? {})),
  get: managerProcedure.input(z.object({ id })).query(({ ctx, input }) => getDropDetail(ctx.db, ctx.shopId, input.id)),
  /** Live feasibility while the planning form is typed; incomplete rows are ignored. */
  feasibility: managerProcedure
    .input(
      z.object({
        locationId: id,
        startsLocal: local,
        endsLocal: local,
        items: z.array(z.object({ productId: z.string().max(64), cap: z.number().int().min(0).max(100_000) })).max(50),
        channels: z.array(z.string().min(1).max(40)).max(20).optional(),
        excludeDropId: id.nullish(),
      }),
    )
    .query(({ ctx, input }) => previewFeasibility(ctx.db, ctx.shopId, input)),
  create: managerProcedure.input(draft).mutation(({ ctx, input }) => createDrop(ctx.db, ctx.shopId, input)),
  update: managerProcedure
    .input(draft.extend({ id }))
    .mutation(({ ctx, input }) => {
      const { id: dropId, ...rest } = input;
      return updateDrop(ctx.db, ctx.shopId, dropId, rest);
    }),
  cancel: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => cancelDrop(ctx.db, ctx.shopId, input.id)),
  raiseShortfall: managerProcedure
    .input(z.object({ dropId: id, componentId: id }))
    .mutation(({ ctx, input }) => raiseDropShortfall(ctx.db, ctx.shopId, input)),
});
