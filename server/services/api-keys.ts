import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { generateApiKey, hashApiKey } from "../domain/secrets";

const publicKeyFields = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listApiKeys(db: DbTx, shopId: string) {
  return db.apiKey.findMany({ where: { shopId }, select: publicKeyFields, orderBy: { createdAt: "desc" } });
}

/** Creates a key; the full key is returned this once and never again. */
export async function createApiKey(db: DbTx, shopId: string, name: string) {
  const { key, prefix, hash } = generateApiKey();
  const row = await db.apiKey.create({ data: { shopId, name, prefix, hash }, select: publicKeyFields });
  return { ...row, key };
}

export async function revokeApiKey(db: DbTx, shopId: string, id: string) {
  const existing = await db.apiKey.findFirst({ where: { id, shopId }, select: { id: true, revokedAt: true } });
  if (!existing) throw new DomainError("NOT_FOUND", "API key not found.");
  if (existing.revokedAt) return db.apiKey.findUniqueOrThrow({ where: { id }, select: publicKeyFields });
  return db.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: publicKeyFields });
}

/** Resolves a bearer key to its shop; revoked and unknown keys are refused alike. */
export async function authenticateApiKey(db: DbTx, key: string): Promise<{ shopId: string; keyId: string }> {
  const row = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: { id: true, shopId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) throw new DomainError("UNAUTHORIZED", "Invalid or revoked API key.");
  // Touch at most once a minute: a write per request would cost the hot paths.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { shopId: row.shopId, keyId: row.id };
}
