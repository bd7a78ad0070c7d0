import { requireApiKey } from "@/server/http/api-key-auth";
import { answerWrite } from "@/server/http/idempotency";
import { handleRoute, parseJsonBody, readBodyText } from "@/server/http/responses";
import { upsertCatalog } from "@/server/services/catalog";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1024 * 1024;

/** Idempotent bulk upsert of locations, components, products and kits (DESIGN.md contract). */
export const PUT = handleRoute(async (request: Request) => {
  const caller = await requireApiKey(request, { write: true });
  const text = await readBodyText(request, MAX_BODY_BYTES);
  return answerWrite(request, caller, text, async (tx) => ({ status: 200, body: await upsertCatalog(tx, caller.shopId, parseJsonBody(text)) }));
});
