import { db } from "../db";
import { DomainError } from "../domain/errors";
import { authenticateApiKey, type ApiCaller } from "../services/api-keys";
import { limitApiKey } from "./rate-limit";

/**
 * The caller of an `/api/v1` request: 401 without a valid `Authorization: Bearer <api key>`,
 * 429 (with Retry-After) past the key's rate, 403 when a read-only key calls a write endpoint.
 */
export async function requireApiKey(request: Request, access: { write?: boolean } = {}): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new DomainError("UNAUTHORIZED", "Send Authorization: Bearer <api key>.");
  const caller = await authenticateApiKey(db, match[1]);
  limitApiKey(caller.keyId);
  if (access.write && caller.scope !== "write") {
    throw new DomainError("FORBIDDEN", "This API key is read-only; create a key with write access to change data.", { scope: caller.scope });
  }
  return caller;
}
