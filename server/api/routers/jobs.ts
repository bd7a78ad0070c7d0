import { z } from "zod";
import { listJobs, runJobNow } from "../../services/jobs";
import { createTRPCRouter, managerProcedure, ownerProcedure } from "../trpc";

/**
 * Background jobs run for the whole deployment: a shop sees those runs (counts only) and its own
 * per-shop runs, never another shop's. Managers can read them; only owners can start one.
 */
export const jobsRouter = createTRPCRouter({
  list: managerProcedure.query(({ ctx }) => listJobs(ctx.db, ctx.shopId)),
  runNow: ownerProcedure.input(z.object({ name: z.string().min(1).max(80) })).mutation(({ ctx, input }) => runJobNow(ctx.db, input.name, ctx.userId, ctx.shopId)),
});
