import { z } from "zod";
import { getOrderDetail, listOrderChannels, listOrders, ORDER_STATUSES } from "../../services/orders-query";
import { listSkuAliases, listUnmappedSkus, mapSku } from "../../services/unmapped";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);

export const ordersRouter = createTRPCRouter({
  list: managerProcedure
    .input(
      z.object({
        status: z.enum(ORDER_STATUSES).optional(),
        channel: z.string().trim().min(1).max(60).optional(),
        unmappedOnly: z.boolean().optional(),
        search: z.string().trim().max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.shopId, input)),
  get: managerProcedure.input(z.object({ id })).query(({ ctx, input }) => getOrderDetail(ctx.db, ctx.shopId, input.id)),
  channels: managerProcedure.query(({ ctx }) => listOrderChannels(ctx.db, ctx.shopId)),
  unmapped: managerProcedure.query(({ ctx }) => listUnmappedSkus(ctx.db, ctx.shopId)),
  aliases: managerProcedure.query(({ ctx }) => listSkuAliases(ctx.db, ctx.shopId)),
  mapSku: managerProcedure
    .input(z.object({ sku: z.string().trim().min(1).max(120), productId: z.string().min(1, "Choose a product").max(64) }))
    .mutation(({ ctx, input }) => mapSku(ctx.db, ctx.shopId, input)),
});
