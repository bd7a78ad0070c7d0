import { z } from "zod";
import { CADENCES } from "../../domain/resupply";
import {
  cancelSuggestion,
  deleteRule,
  listBoard,
  listRuleOptions,
  listRules,
  loadLineForecast,
  markSuggestionSent,
  raiseManualSuggestion,
  receiveSuggestion,
  saveRule,
  scanShop,
  suggestRule,
  updateLineQuantity,
} from "../../services/resupply";
import { createTRPCRouter, managerProcedure, memberProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const qty = z.number().int("Use a whole number").min(0, "Use zero or more").max(1_000_000_000, "That is too large");
const windows = z.array(z.string().trim().max(80)).max(24);

export const resupplyRouter = createTRPCRouter({
  board: managerProcedure.query(({ ctx }) => listBoard(ctx.db, ctx.shopId)),

  /** Chart series for one line: on-hand history, projection, incoming, reorder point. */
  forecast: managerProcedure
    .input(z.object({ locationId: id, componentId: id }))
    .query(({ ctx, input }) => loadLineForecast(ctx.db, ctx.shopId, input)),

  markSent: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => markSuggestionSent(ctx.db, ctx.shopId, input.id)),
  cancel: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => cancelSuggestion(ctx.db, ctx.shopId, input.id)),
  updateLine: managerProcedure
    .input(z.object({ lineId: id, quantity: qty.min(1, "Use a whole number above zero") }))
    .mutation(({ ctx, input }) => updateLineQuantity(ctx.db, ctx.shopId, input.lineId, input.quantity)),
  /** Staff record deliveries too (at their assigned locations). */
  receive: memberProcedure
    .input(z.object({ id, lines: z.array(z.object({ lineId: id, quantity: qty })).min(1).max(200), closeRemaining: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      receiveSuggestion(ctx.db, ctx.shopId, {
        ...input,
        userId: ctx.userId,
        allowedLocationIds: ctx.role === "STAFF" ? ctx.assignedLocationIds : [],
      }),
    ),
  raise: managerProcedure
    .input(
      z.object({
        locationId: id,
        componentId: id,
        quantity: qty.min(1, "Use a whole number above zero"),
        neededBy: z.date(),
        reason: z.string().trim().max(500).default(""),
      }),
    )
    .mutation(({ ctx, input }) => raiseManualSuggestion(ctx.db, ctx.shopId, input)),
  scanNow: managerProcedure.mutation(({ ctx }) => scanShop(ctx.db, ctx.shopId)),

  rules: managerProcedure.query(({ ctx }) => listRules(ctx.db, ctx.shopId)),
  /** Locations and components to pick from in the rule form. */
  options: managerProcedure.query(({ ctx }) => listRuleOptions(ctx.db, ctx.shopId)),
  saveRule: managerProcedure
    .input(
      z.object({
        locationId: id,
        componentId: id,
        supplierName: z.string().trim().max(100).nullable().default(null),
        reorderPoint: qty,
        targetLevel: qty,
        leadTimeHours: z.number().int("Use whole hours").min(0).max(720, "At most 720 hours"),
        cadence: z.enum(CADENCES),
        windows,
        active: z.boolean().default(true),
      }),
    )
    .mutation(({ ctx, input }) => saveRule(ctx.db, ctx.shopId, input)),
  deleteRule: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.shopId, input.id)),
  suggestRule: managerProcedure
    .input(
      z.object({
        locationId: id,
        componentId: id,
        leadTimeHours: z.number().int().min(0).max(720),
        cadence: z.enum(CADENCES),
        windows,
      }),
    )
    .query(({ ctx, input }) => suggestRule(ctx.db, ctx.shopId, input)),
});
