import { requireApiKey } from "@/server/http/api-key-auth";
import { answerWrite } from "@/server/http/idempotency";
import { decodePathSegment, handleRoute, parseJsonBody, readBodyText } from "@/server/http/responses";
import { recordLocationMovements } from "@/server/services/stock";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1024 * 1024;

/** Receipts, waste and counts at one location; all-or-nothing (DESIGN.md contract). */
export const POST = handleRoute(async (request: Request, context: { params: Promise<{ code: string }> }) => {
  const caller = await requireApiKey(request, { write: true });
  const code = decodePathSegment((await context.params).code);
  const text = await readBodyText(request, MAX_BODY_BYTES);
  return answerWrite(request, caller, text, async (tx) => ({
    status: 201,
    body: await recordLocationMovements(tx, caller.shopId, code, parseJsonBody(text)),
  }));
});
