import { db } from "@/server/db";
import { handleRoute } from "@/server/http/responses";
import { requireApiKey } from "@/server/http/api-key-auth";
import { getAvailabilityFeed } from "@/server/services/availability";

export const dynamic = "force-dynamic";

/** GET /api/v1/locations/{code}/availability?channel=online — what a channel may still sell. */
export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ code: string }> }) => {
  const { shopId } = await requireApiKey(request);
  const { code } = await params;
  const channel = new URL(request.url).searchParams.get("channel");
  const feed = await getAvailabilityFeed(db, shopId, code, channel?.trim() || null);
  return Response.json(feed, { headers: { "Cache-Control": "no-store" } });
});
