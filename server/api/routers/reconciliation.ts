import { z } from "zod";
import { closeDayOnDemand, getDailyClose, listDailyCloses } from "../../services/daily-close";
import { getReconciliationOverview, listReconciliationRuns, reconcileShop } from "../../services/reconciliation";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-23.");

export const reconciliationRouter = createTRPCRouter({
  /** On-demand run of the same reconciliation the overnight job does (idempotent); its anomalies count for today. */
  runNow: managerProcedure.mutation(({ ctx }) => reconcileShop(ctx.db, ctx.shopId)),
  runs: managerProcedure.query(({ ctx }) => listReconciliationRuns(ctx.db, ctx.shopId)),
  overview: managerProcedure.query(({ ctx }) => getReconciliationOverview(ctx.db, ctx.shopId)),
  closes: managerProcedure
    .input(z.object({ locationId: id.nullish(), from: date.optional(), to: date.optional() }))
    .query(({ ctx, input }) => listDailyCloses(ctx.db, ctx.shopId, input)),
  close: managerProcedure.input(z.object({ id })).query(({ ctx, input }) => getDailyClose(ctx.db, ctx.shopId, input.id)),
  /** Computes (or recomputes) the close of a location for a past or current business date. */
  closeDay: managerProcedure
    .input(z.object({ locationId: id, businessDate: date }))
    .mutation(({ ctx, input }) => closeDayOnDemand(ctx.db, ctx.shopId, input)),
});
