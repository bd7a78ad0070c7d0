import { db } from "@/server/db";
import { requireApiKey } from "@/server/http/api-key-auth";
import { handleRoute } from "@/server/http/responses";
import { getOrderForApi } from "@/server/services/orders-query";

export const dynamic = "force-dynamic";

/** The recorded order: status, lines (mapped or not), totals (DESIGN.md integrator API). */
export const GET = handleRoute(async (request: Request, context: { params: Promise<{ integrationId: string; externalId: string }> }) => {
  const { shopId } = await requireApiKey(request);
  const { integrationId, externalId } = await context.params;
  return Response.json(await getOrderForApi(db, shopId, integrationId, decodeSegment(externalId)), { headers: { "Cache-Control": "no-store" } });
});

/** External ids may contain reserved characters; a malformed escape is taken literally, never a 500. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
