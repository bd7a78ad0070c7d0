import { describe, expect, it } from "vitest";
import { activeSecrets, shopifyHmac, signStandardWebhook, verifyShopifyWebhook, verifyStandardWebhook } from "./signature";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const body = '{"type":"order.created","data":{"orderId":"A-1"}}';

function headersFor(secret: string, at = new Date(), id = "msg_1") {
  const h = signStandardWebhook(secret, id, at, body);
  return { id: h["webhook-id"] ?? null, timestamp: h["webhook-timestamp"] ?? null, signature: h["webhook-signature"] ?? null };
}

describe("verifyStandardWebhook", () => {
  it.each([
    ["a valid signature", () => verifyStandardWebhook([SECRET], headersFor(SECRET), body), true],
    ["the previous secret during rotation", () => verifyStandardWebhook([OTHER, SECRET], headersFor(SECRET), body), true],
    ["a wrong secret", () => verifyStandardWebhook([OTHER], headersFor(SECRET), body), false],
    ["a changed body", () => verifyStandardWebhook([SECRET], headersFor(SECRET), body.replace("A-1", "A-2")), false],
    ["a timestamp 6 minutes old", () => verifyStandardWebhook([SECRET], headersFor(SECRET, new Date(Date.now() - 360_000)), body), false],
    ["a timestamp 6 minutes ahead", () => verifyStandardWebhook([SECRET], headersFor(SECRET, new Date(Date.now() + 360_000)), body), false],
    ["missing headers", () => verifyStandardWebhook([SECRET], { id: null, timestamp: null, signature: null }, body), false],
    ["a non-numeric timestamp", () => verifyStandardWebhook([SECRET], { ...headersFor(SECRET), timestamp: "soon" }, body), false],
    ["several signatures, one valid", () => verifyStandardWebhook([SECRET], { ...headersFor(SECRET), signature: `v1,AAAA ${headersFor(SECRET).signature}` }, body), true],
  ])("%s", (_name, run, ok) => {
    expect(run().ok).toBe(ok);
  });

  it("names a stale timestamp", () => {
    const result = verifyStandardWebhook([SECRET], headersFor(SECRET, new Date(Date.now() - 600_000)), body);
    expect(result).toEqual({ ok: false, reason: "Timestamp is more than 5 minutes off." });
  });
});

describe("verifyShopifyWebhook", () => {
  const secret = "shpss_0123456789abcdef";
  it.each([
    ["the right HMAC", shopifyHmac(secret, body), [secret], true],
    ["an HMAC of another secret", shopifyHmac("other", body), [secret], false],
    ["garbage", "not-base64!!", [secret], false],
    ["the previous secret", shopifyHmac(secret, body), ["new", secret], true],
    ["no header", null, [secret], false],
  ])("%s", (_name, header, secrets, ok) => {
    expect(verifyShopifyWebhook(secrets, header, body).ok).toBe(ok);
  });
});

describe("activeSecrets", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it.each([
    ["no previous secret", { secret: "a", previousSecret: null, previousSecretExpiresAt: null }, ["a"]],
    ["previous still in grace", { secret: "a", previousSecret: "b", previousSecretExpiresAt: new Date("2026-11-25T00:00:00Z") }, ["a", "b"]],
    ["previous expired", { secret: "a", previousSecret: "b", previousSecretExpiresAt: new Date("2026-11-24T11:00:00Z") }, ["a"]],
  ])("%s", (_name, integration, expected) => {
    expect(activeSecrets(integration, now)).toEqual(expected);
  });
});
