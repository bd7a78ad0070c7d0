import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

/**
 * Signature checks for POS webhooks, run over the raw body before anything parses it.
 * Each check takes every secret that may currently sign (the live one and, during a rotation's
 * grace period, the previous one) and succeeds if any of them does.
 */

export type SignatureResult = { ok: true } | { ok: false; reason: string };

/** Standard Webhooks v1 (the `standardwebhooks` library: HMAC-SHA256, constant-time, 5-minute tolerance). */
export function verifyStandardWebhook(
  secrets: readonly string[],
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  rawBody: string,
): SignatureResult {
  if (!headers.id || !headers.timestamp || !headers.signature) {
    return { ok: false, reason: "Missing webhook-id, webhook-timestamp or webhook-signature header." };
  }
  let reason = "Signature does not match.";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(rawBody, {
        "webhook-id": headers.id,
        "webhook-timestamp": headers.timestamp,
        "webhook-signature": headers.signature,
      }, { jsonParse: false });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      // The library says "timestamp too old/new" for a stale timestamp; keep that so the POS can tell.
      if (/timestamp/i.test(error.message)) return { ok: false, reason: "Timestamp is more than 5 minutes off." };
      reason = error.message === "Invalid Signature Headers" ? "Malformed webhook-timestamp header." : "Signature does not match.";
    }
  }
  return { ok: false, reason };
}

/** Signs like a Standard Webhooks sender (used by the simulator, the bench and "send test event"). */
export function signStandardWebhook(secret: string, id: string, at: Date, rawBody: string): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, rawBody),
  };
}

/** Shopify: base64 HMAC-SHA256 of the raw body keyed with the shared secret as text. */
export function shopifyHmac(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export function verifyShopifyWebhook(secrets: readonly string[], hmacHeader: string | null, rawBody: string): SignatureResult {
  if (!hmacHeader) return { ok: false, reason: "Missing X-Shopify-Hmac-Sha256 header." };
  const given = Buffer.from(hmacHeader.trim(), "base64");
  for (const secret of secrets) {
    const expected = Buffer.from(shopifyHmac(secret, rawBody), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "Signature does not match." };
}

/** The secrets that verify right now: the live one, plus the previous one until its grace period ends. */
export function activeSecrets(
  integration: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const secrets = [integration.secret];
  if (integration.previousSecret && integration.previousSecretExpiresAt && integration.previousSecretExpiresAt > now) {
    secrets.push(integration.previousSecret);
  }
  return secrets;
}
