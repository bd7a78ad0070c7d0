import { z } from "zod";
import { ANOMALY_STATUSES } from "../../domain/anomaly";
import { listAnomalies, setAnomalyStatus } from "../../services/anomalies";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);

export const anomaliesRouter = createTRPCRouter({
  list: managerProcedure
    .input(z.object({ status: z.enum([...ANOMALY_STATUSES, "ACTIVE"]).optional() }))
    .query(({ ctx, input }) => listAnomalies(ctx.db, ctx.shopId, input)),
  setStatus: managerProcedure
    .input(z.object({ id, status: z.enum(ANOMALY_STATUSES) }))
    .mutation(({ ctx, input }) => setAnomalyStatus(ctx.db, { shopId: ctx.shopId, userId: ctx.userId, ...input })),
});
