import { db } from "@/server/db";
import { requireApiKey } from "@/server/http/api-key-auth";
import { handleRoute, readJsonBody } from "@/server/http/responses";
import { applyCatalog } from "@/server/services/catalog";

export const dynamic = "force-dynamic";

/** Idempotent bulk upsert of locations, components, products and kits (DESIGN.md contract). */
export const PUT = handleRoute(async (request: Request) => {
  const { shopId } = await requireApiKey(request);
  const body = await readJsonBody(request);
  const result = await applyCatalog(db, shopId, body);
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
