import { z } from "zod";
import { createChannel, listAllocations, listChannels, setAllocation, updateChannel } from "../../services/allocations";
import { previewAvailability } from "../../services/availability";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #2563eb");

export const channelsRouter = createTRPCRouter({
  list: managerProcedure.query(({ ctx }) => listChannels(ctx.db, ctx.shopId)),
  create: managerProcedure
    .input(
      z.object({
        code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Use lowercase letters, digits and dashes"),
        name: z.string().trim().min(1, "Give the channel a name").max(60),
        color,
      }),
    )
    .mutation(({ ctx, input }) => createChannel(ctx.db, ctx.shopId, input)),
  update: managerProcedure
    .input(z.object({ id, name: z.string().trim().min(1, "Give the channel a name").max(60), color }))
    .mutation(({ ctx, input }) => updateChannel(ctx.db, ctx.shopId, input)),
  allocations: managerProcedure.input(z.object({ locationId: id })).query(({ ctx, input }) => listAllocations(ctx.db, ctx.shopId, input.locationId)),
  setAllocation: managerProcedure
    .input(
      z.object({
        locationId: id,
        productId: id.nullish(),
        componentId: id.nullish(),
        channel: z.string().min(1).max(40),
        // Component buffers are in the smallest unit (g, ml): 10 t of flour is still a valid number.
        quantity: z.number().int("Enter a whole number").min(0, "Enter 0 or more").max(10_000_000, "Too large"),
      }),
    )
    .mutation(({ ctx, input }) => setAllocation(ctx.db, ctx.shopId, input)),
  /** What each channel may sell at a location right now (the availability feed, previewed). */
  availability: managerProcedure
    .input(z.object({ locationId: id }))
    .query(({ ctx, input }) => previewAvailability(ctx.db, ctx.shopId, input.locationId)),
});
