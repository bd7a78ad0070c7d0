import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { generateApiKey, hashApiKey, isApiKeyScope, type ApiKeyScope } from "../domain/secrets";

const publicKeyFields = { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listApiKeys(db: DbTx, shopId: string) {
  return db.apiKey.findMany({ where: { shopId }, select: publicKeyFields, orderBy: { createdAt: "desc" } });
}

/**
 * Creates a key; the full key is returned this once and never again. `scope` "read" keys can call
 * the GET endpoints only (`admin apikey:create --scope read`); the default can write too.
 */
export async function createApiKey(db: DbTx, shopId: string, name: string, scope: ApiKeyScope = "write") {
  if (!isApiKeyScope(scope)) throw invalidFields("Unknown scope", { scope: "Scope must be write or read." });
  const { key, prefix, hash } = generateApiKey();
  const row = await db.apiKey.create({ data: { shopId, name, prefix, hash, scope }, select: publicKeyFields });
  return { ...row, key };
}

export async function revokeApiKey(db: DbTx, shopId: string, id: string) {
  const existing = await db.apiKey.findFirst({ where: { id, shopId }, select: { id: true, revokedAt: true } });
  if (!existing) throw new DomainError("NOT_FOUND", "API key not found.");
  if (existing.revokedAt) return db.apiKey.findUniqueOrThrow({ where: { id }, select: publicKeyFields });
  return db.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: publicKeyFields });
}

export type ApiCaller = { shopId: string; keyId: string; scope: ApiKeyScope };

/** Resolves a bearer key to its shop and scope; revoked and unknown keys are refused alike. */
export async function authenticateApiKey(db: DbTx, key: string): Promise<ApiCaller> {
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: { id: true, shopId: true, scope: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) throw new DomainError("UNAUTHORIZED", "Invalid or revoked API key.");
  // Touch at most once a minute: a write per request would cost the hot paths.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  // An unknown stored scope reads as the narrower one.
  return { shopId: row.shopId, keyId: row.id, scope: row.scope === "write" ? "write" : "read" };
}
