import { z } from "zod";
import { catalogComponentSchema, catalogKitLineSchema, catalogLocationSchema, catalogProductSchema } from "../../domain/catalog";
import { applyCatalog, listComponents, listLocations, listProducts, listSuppliers, previewKit } from "../../services/catalog";
import { applyCsv, CSV_KINDS, exportCsv, previewCsv } from "../../services/csv-import";
import { createTRPCRouter, managerProcedure, memberProcedure } from "../trpc";

const csvInput = z.object({
  kind: z.enum(CSV_KINDS),
  csv: z.string().min(1, "Choose a CSV file").max(1024 * 1024, "The file is larger than 1 MiB"),
});

/** Catalog editors: components, products with kits, locations. Writes reuse applyCatalog's rules. */
export const catalogRouter = createTRPCRouter({
  components: managerProcedure.query(({ ctx }) => listComponents(ctx.db, ctx.shopId)),
  suppliers: managerProcedure.query(({ ctx }) => listSuppliers(ctx.db, ctx.shopId)),
  products: managerProcedure.query(({ ctx }) => listProducts(ctx.db, ctx.shopId)),

  /** Locations the caller may act at (STAFF: their assigned ones when they have any). */
  locations: memberProcedure.query(({ ctx }) =>
    listLocations(ctx.db, ctx.shopId, { allowedLocationIds: ctx.role === "STAFF" ? ctx.assignedLocationIds : [] }),
  ),

  saveComponent: managerProcedure
    .input(catalogComponentSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await applyCatalog(ctx.db, ctx.shopId, { components: [input] });
      return result.changes[0] ?? null;
    }),

  saveProduct: managerProcedure
    .input(catalogProductSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await applyCatalog(ctx.db, ctx.shopId, { products: [input] });
      return result.changes[0] ?? null;
    }),

  saveLocation: managerProcedure
    .input(catalogLocationSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await applyCatalog(ctx.db, ctx.shopId, { locations: [input] });
      return result.changes[0] ?? null;
    }),

  previewKit: managerProcedure
    .input(
      z.object({
        sku: z.string().max(64),
        priceMinor: z.number().int().min(0).max(100_000_000),
        kit: z.array(catalogKitLineSchema).max(200),
      }),
    )
    .query(({ ctx, input }) => previewKit(ctx.db, ctx.shopId, input)),

  /** CSV: export, preview (no writes) and apply (all rows or none). */
  exportCsv: managerProcedure
    .input(z.object({ kind: z.enum(CSV_KINDS) }))
    .query(async ({ ctx, input }) => ({ kind: input.kind, csv: await exportCsv(ctx.db, ctx.shopId, input.kind) })),
  previewCsv: managerProcedure
    .input(csvInput)
    .mutation(({ ctx, input }) => previewCsv(ctx.db, ctx.shopId, input.kind, input.csv)),
  applyCsv: managerProcedure
    .input(csvInput)
    .mutation(({ ctx, input }) => applyCsv(ctx.db, ctx.shopId, input.kind, input.csv, { userId: ctx.userId })),
});
