import { z } from "zod";
import { RANGE_PRESETS } from "../../domain/date-range";
import {
  deleteCampaign,
  getCampaignRevenue,
  getChannelRevenue,
  getCustomerKpis,
  getFilterOptions,
  getOperations,
  getStockouts,
  getSummary,
  getTagRevenue,
  listCampaigns,
  saveCampaign,
} from "../../services/dashboard";
import { createTRPCRouter, managerProcedure } from "../trpc";

const id = z.string().min(1).max(64);
const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

/** The dashboard's filters; the same shape is mirrored in the page URL. */
export const dashboardFilters = z.object({
  preset: z.enum(RANGE_PRESETS).default("30d"),
  from: businessDate.optional(),
  to: businessDate.optional(),
  locationId: id.nullish(),
  channel: z.string().trim().min(1).max(40).nullish(),
  granularity: z.enum(["day", "week"]).optional(),
});

export const dashboardRouter = createTRPCRouter({
  filterOptions: managerProcedure.query(({ ctx }) => getFilterOptions(ctx.db, ctx.shopId)),
  summary: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getSummary(ctx.db, ctx.shopId, input)),
  customers: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getCustomerKpis(ctx.db, ctx.shopId, input)),
  operations: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getOperations(ctx.db, ctx.shopId, input)),
  channelRevenue: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getChannelRevenue(ctx.db, ctx.shopId, input)),
  tagRevenue: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getTagRevenue(ctx.db, ctx.shopId, input)),
  campaignRevenue: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getCampaignRevenue(ctx.db, ctx.shopId, input)),
  stockouts: managerProcedure.input(dashboardFilters).query(({ ctx, input }) => getStockouts(ctx.db, ctx.shopId, input)),
  campaigns: managerProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.shopId)),
  saveCampaign: managerProcedure
    .input(
      z.object({
        id: id.optional(),
        code: z.string().trim().min(1, "Enter the code the POS sends").max(64),
        name: z.string().trim().min(1, "Give the campaign a name").max(120),
        sentAt: z.coerce.date().nullable().optional(),
        // The shop's wall clock ("2026-11-20T09:00"), what the campaign editor sends.
        sentAtLocal: z.string().trim().max(32).nullable().optional(),
        attributionWindowHours: z.number().int("Whole hours only").min(1, "At least 1 hour").max(720, "At most 720 hours (30 days)"),
      }),
    )
    .mutation(({ ctx, input }) => saveCampaign(ctx.db, ctx.shopId, input)),
  deleteCampaign: managerProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteCampaign(ctx.db, ctx.shopId, input.id)),
});
