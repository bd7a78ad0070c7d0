import { describe, expect, it } from "vitest";
import { generateApiKey, generateIntegrationSecret, hashApiKey, maskSecret } from "./secrets";
import { hasRole, isRole, MANAGERS, OWNERS } from "./roles";

describe("secrets", () => {
  it("stores only a hash of an API key and keeps a recognisable prefix", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^brk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(4, 20));
    expect(generateApiKey().key).not.toBe(key);
  });

  it("gives Standard Webhooks secrets to generic integrations and text secrets to Shopify", () => {
    const generic = generateIntegrationSecret("generic");
    expect(generic).toMatch(/^whsec_/);
    expect(Buffer.from(generic.slice(6), "base64")).toHaveLength(24);
    expect(generateIntegrationSecret("shopify")).toMatch(/^shpss_[0-9a-f]{32}$/);
  });

  it("masks all but the last four characters", () => {
    expect(maskSecret("whsec_abcdefgh")).toBe("…efgh");
  });
});

describe("roles", () => {
  it.each([
    ["OWNER", OWNERS, true],
    ["MANAGER", OWNERS, false],
    ["MANAGER", MANAGERS, true],
    ["STAFF", MANAGERS, false],
  ] as const)("%s in %j is %s", (role, allowed, expected) => {
    expect(hasRole(role, allowed)).toBe(expected);
  });

  it.each([["OWNER", true], ["owner", false], ["ADMIN", false], [undefined, false]])("isRole(%s) is %s", (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});
