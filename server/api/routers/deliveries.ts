import { z } from "zod";
import { DELIVERY_STATUSES, getDeliveryBody, getIntegrationOverview, listDeliveries, replayDelivery, sendTestEvent } from "../../services/deliveries";
import { getIntegrationLocations, setIntegrationDefaultLocation, setLocationPosRef } from "../../services/integrations";
import { createTRPCRouter, ownerProcedure } from "../trpc";

const id = z.string().min(1).max(64);

/** POS delivery log per integration: owner only, like the integrations themselves. */
export const deliveriesRouter = createTRPCRouter({
  integration: ownerProcedure.input(z.object({ integrationId: id })).query(({ ctx, input }) => getIntegrationOverview(ctx.db, ctx.shopId, input.integrationId)),
  list: ownerProcedure
    .input(z.object({ integrationId: id, status: z.enum(DELIVERY_STATUSES).optional() }))
    .query(({ ctx, input }) => listDeliveries(ctx.db, ctx.shopId, input.integrationId, { status: input.status })),
  body: ownerProcedure.input(z.object({ id })).query(({ ctx, input }) => getDeliveryBody(ctx.db, ctx.shopId, input.id)),
  replay: ownerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.shopId, input.id)),
  locations: ownerProcedure.input(z.object({ integrationId: id })).query(({ ctx, input }) => getIntegrationLocations(ctx.db, ctx.shopId, input.integrationId)),
  setDefaultLocation: ownerProcedure
    .input(z.object({ integrationId: id, locationId: id.nullable() }))
    .mutation(({ ctx, input }) => setIntegrationDefaultLocation(ctx.db, ctx.shopId, input.integrationId, input.locationId)),
  setLocationPosRef: ownerProcedure
    .input(z.object({ locationId: id, posRef: z.string().max(200).nullable() }))
    .mutation(({ ctx, input }) => setLocationPosRef(ctx.db, ctx.shopId, input.locationId, input.posRef)),
  sendTest: ownerProcedure.input(z.object({ integrationId: id })).mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.shopId, input.integrationId)),
});
