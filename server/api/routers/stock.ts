import { z } from "zod";
import { MAX_QUANTITY } from "../../domain/catalog";
import { applyStockActions, findLocation, listMovements, listStock, listStockLevels, transferStock } from "../../services/stock";
import { findBalanceDrift } from "../../services/ledger";
import { createTRPCRouter, managerProcedure, memberProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const quantity = z
  .number({ error: "Enter a number" })
  .int("Enter a whole number")
  .min(0, "Cannot be negative")
  .max(MAX_QUANTITY, "That is too large");

/** Staff are limited to their assigned locations (none assigned = all); managers and owners are not. */
function allowedLocations(ctx: { role: string; assignedLocationIds: string[] }) {
  return ctx.role === "STAFF" ? ctx.assignedLocationIds : [];
}

export const stockRouter = createTRPCRouter({
  /** Stock table: every component at the chosen locations (all by default). */
  levels: managerProcedure
    .input(z.object({ locationId: id.optional(), includeInactive: z.boolean().optional() }).optional())
    .query(({ ctx, input }) =>
      listStockLevels(ctx.db, ctx.shopId, { locationId: input?.locationId, includeInactive: input?.includeInactive ?? false }),
    ),

  /** What a staff member sees at one location on the phone page. */
  atLocation: memberProcedure.input(z.object({ locationId: id })).query(async ({ ctx, input }) => {
    const location = await findLocation(ctx.db, ctx.shopId, input.locationId, { allowedLocationIds: allowedLocations(ctx) });
    const rows = await listStock(ctx.db, ctx.shopId, { locationIds: [location.id] });
    return { location, rows };
  }),

  /** Cached balances vs the ledger sum; any row here is a bug to investigate, never expected. */
  ledgerCheck: managerProcedure.query(async ({ ctx }) => {
    const drift = await findBalanceDrift(ctx.db, ctx.shopId);
    return { ok: drift.length === 0, drift, checkedAt: new Date() };
  }),

  movements: managerProcedure
    .input(z.object({ componentId: id, locationId: id.optional(), cursor: id.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listMovements(ctx.db, ctx.shopId, input)),

  /** Receipt, waste or count at one location; staff only at their assigned locations. */
  record: memberProcedure
    .input(
      z
        .object({
          locationId: id,
          componentId: z.string({ error: "Pick a component" }).min(1, "Pick a component").max(64),
          type: z.enum(["receipt", "waste", "count"]),
          quantity,
          reason: z.string().trim().max(200, "Keep the reason under 200 characters").optional(),
        })
        .superRefine((v, issue) => {
          if (v.type !== "count" && v.quantity < 1) issue.addIssue({ code: "custom", path: ["quantity"], message: "Enter at least 1" });
          if (v.type === "waste" && !v.reason) issue.addIssue({ code: "custom", path: ["reason"], message: "Say why it was wasted" });
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const [result] = await applyStockActions(
        ctx.db,
        ctx.shopId,
        input.locationId,
        [{ type: input.type, componentId: input.componentId, quantity: input.quantity, reason: input.reason ?? null }],
        { userId: ctx.userId, allowedLocationIds: allowedLocations(ctx) },
        () => "Movement",
      );
      return result ?? null;
    }),

  transfer: managerProcedure
    .input(
      z.object({
        fromLocationId: z.string().min(1, "Pick where it leaves").max(64),
        toLocationId: z.string().min(1, "Pick where it arrives").max(64),
        componentId: z.string().min(1, "Pick a component").max(64),
        quantity: quantity.min(1, "Enter at least 1"),
        reason: z.string().trim().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => transferStock(ctx.db, ctx.shopId, input, { userId: ctx.userId })),
});
