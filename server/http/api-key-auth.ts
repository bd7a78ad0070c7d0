import { db } from "../db";
import { DomainError } from "../domain/errors";
import { authenticateApiKey } from "../services/api-keys";

/** Shop of the `Authorization: Bearer <api key>` header, or a 401 DomainError. */
export async function requireApiKey(request: Request): Promise<{ shopId: string }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new DomainError("UNAUTHORIZED", "Send Authorization: Bearer <api key>.");
  const { shopId } = await authenticateApiKey(db, match[1]);
  return { shopId };
}
