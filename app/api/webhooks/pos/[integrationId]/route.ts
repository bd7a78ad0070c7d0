import { db } from "@/server/db";
import { receivePosWebhook } from "@/server/services/ingest";

export const dynamic = "force-dynamic";

/** POS order webhooks (DESIGN.md "POS webhook contract"): verify, store raw, answer; processed after. */
export async function POST(request: Request, context: { params: Promise<{ integrationId: string }> }) {
  const { integrationId } = await context.params;
  try {
    const answer = await receivePosWebhook(db, integrationId, request);
    // no-transform: a 30-byte answer is not worth gzip's CPU under load.
    return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store, no-transform", ...answer.headers } });
  } catch (error) {
    // Only a storage failure gets here: the delivery was not stored, so the POS must retry.
    console.error("Webhook could not be stored", error);
    return Response.json(
      { error: { code: "UNAVAILABLE", message: "The delivery could not be stored; retry shortly." } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
}
