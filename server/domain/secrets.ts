import { createHash, randomBytes } from "node:crypto";

/** Integrator API key: `brk_` + 32 random bytes. Only its SHA-256 is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `brk_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** What an API key may do: `read` keys are refused (403) on endpoints that change data. */
export const API_KEY_SCOPES = ["write", "read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === "string" && (API_KEY_SCOPES as readonly string[]).includes(value);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Shopify signs with the app's shared secret as UTF-8 text. */
export function generateShopifySecret(): string {
  return `shpss_${randomBytes(16).toString("hex")}`;
}

export function generateIntegrationSecret(kind: "generic" | "shopify"): string {
  return kind === "generic" ? generateWebhookSecret() : generateShopifySecret();
}

/** A readable temporary password for invited users (shown once). */
export function generateTemporaryPassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Last characters only, for recognising a secret in the UI without revealing it. */
export function maskSecret(secret: string): string {
  return `…${secret.slice(-4)}`;
}
