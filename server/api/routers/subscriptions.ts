import { z } from "zod";
import { OUTBOUND_EVENT_TYPES } from "../../domain/events";
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  replayDelivery,
  rotateSubscriptionSecret,
  sendTestEvent,
  updateSubscription,
} from "../../services/subscriptions";
import { createTRPCRouter, ownerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const fields = {
  url: z.string().trim().min(1, "Enter the URL to send events to").max(2000),
  description: z.string().trim().max(200).nullable().default(null),
  eventTypes: z.array(z.string().max(60)).max(OUTBOUND_EVENT_TYPES.length),
};

/** Outbound webhook subscriptions hold secrets: the owner's alone. */
export const subscriptionsRouter = createTRPCRouter({
  eventTypes: ownerProcedure.query(() => [...OUTBOUND_EVENT_TYPES]),
  list: ownerProcedure.query(({ ctx }) => listSubscriptions(ctx.db, ctx.shopId)),
  create: ownerProcedure.input(z.object(fields)).mutation(({ ctx, input }) => createSubscription(ctx.db, ctx.shopId, input)),
  update: ownerProcedure
    .input(z.object({ id, ...fields, active: z.boolean() }))
    .mutation(({ ctx, input }) => updateSubscription(ctx.db, ctx.shopId, input.id, input)),
  rotateSecret: ownerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => rotateSubscriptionSecret(ctx.db, ctx.shopId, input.id)),
  delete: ownerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteSubscription(ctx.db, ctx.shopId, input.id)),
  deliveries: ownerProcedure.input(z.object({ subscriptionId: id })).query(({ ctx, input }) => listDeliveries(ctx.db, ctx.shopId, input.subscriptionId)),
  replay: ownerProcedure.input(z.object({ deliveryId: id })).mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.shopId, input.deliveryId)),
  sendTest: ownerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.shopId, input.id)),
});
