import { createHash, randomBytes } from "node:crypto";

/** Integrator API key: `brk_` + 32 random bytes. Only its SHA-256 is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `brk_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
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
