import { db } from "@/server/db";
import { requireApiKey } from "@/server/http/api-key-auth";
import { decodePathSegment, handleRoute } from "@/server/http/responses";
import { readLocationStockFeed } from "@/server/services/stock";

export const dynamic = "force-dynamic";

/** On-hand per component at one location (DESIGN.md contract). */
export const GET = handleRoute(async (request: Request, context: { params: Promise<{ code: string }> }) => {
  const { shopId } = await requireApiKey(request);
  const code = decodePathSegment((await context.params).code);
  return Response.json(await readLocationStockFeed(db, shopId, code), { headers: { "Cache-Control": "no-store" } });
});
