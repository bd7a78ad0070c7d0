import { z } from "zod";
import { DomainError } from "../../domain/errors";
import { businessDateOf } from "../../domain/shift-time";
import { closeDay, getDailyClose, listDailyCloses } from "../../services/daily-close";
import { listReconciliationRuns, reconcileShop } from "../../services/reconciliation";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-23.");

export const reconciliationRouter = createTRPCRouter({
  /** On-demand run of the same reconciliation the overnight job does (idempotent). */
  runNow: managerProcedure.mutation(({ ctx }) => reconcileShop(ctx.db, ctx.shopId)),
  runs: managerProcedure.query(({ ctx }) => listReconciliationRuns(ctx.db, ctx.shopId)),
  overview: managerProcedure.query(async ({ ctx }) => {
    const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: ctx.shopId }, select: { timeZone: true } });
    const locations = await ctx.db.location.findMany({
      where: { shopId: ctx.shopId, active: true },
      select: { id: true, code: true, name: true },
      orderBy: { createdAt: "asc" },
    });
    return { timeZone: shop.timeZone, today: businessDateOf(new Date(), shop.timeZone), locations };
  }),
  closes: managerProcedure
    .input(z.object({ locationId: id.nullish(), from: date.optional(), to: date.optional() }))
    .query(({ ctx, input }) => listDailyCloses(ctx.db, ctx.shopId, input)),
  close: managerProcedure.input(z.object({ id })).query(({ ctx, input }) => getDailyClose(ctx.db, ctx.shopId, input.id)),
  /** Computes (or recomputes) the close of a location for a past or current business date. */
  closeDay: managerProcedure.input(z.object({ locationId: id, businessDate: date })).mutation(async ({ ctx, input }) => {
    const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: ctx.shopId }, select: { timeZone: true } });
    if (input.businessDate > businessDateOf(new Date(), shop.timeZone)) {
      throw new DomainError("UNPROCESSABLE", "That day has not happened yet.", { fields: { businessDate: "Pick today or an earlier day." } });
    }
    const { id: closeId } = await closeDay(ctx.db, ctx.shopId, input.locationId, input.businessDate);
    return { id: closeId };
  }),
});
