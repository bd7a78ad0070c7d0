/**
 * The integrator API's status codes, endpoint by endpoint, with the exact error shape
 * `{"error":{"code","message","details"}}` (DESIGN.md "Integrator API"). Real route handlers,
 * real SQLite, real keys.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applyCatalog } from "@/server/services/catalog";
import { createApiKey } from "@/server/services/api-keys";
import { IDEMPOTENCY_TTL_MS, pruneIdempotencyKeys } from "@/server/services/api-idempotency";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { PUT as putCatalog } from "./catalog/route";
import { POST as postMovements } from "./locations/[code]/movements/route";
import { GET as getStock } from "./locations/[code]/stock/route";

let a: TestShop;
let b: TestShop;
let writeKey: string;
let readKey: string;

type Headers = Record<string, string>;

function auth(key: string | null, extra: Headers = {}): Headers {
  return { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

function catalog(body: unknown, key: string | null, headers: Headers = {}) {
  return putCatalog(
    new Request("http://test/api/v1/catalog", { method: "PUT", headers: auth(key, headers), body: typeof body === "string" ? body : JSON.stringify(body) }),
  );
}

function movements(code: string, body: unknown, key: string | null, headers: Headers = {}) {
  return postMovements(
    new Request(`http://test/api/v1/locations/${encodeURIComponent(code)}/movements`, {
      method: "POST",
      headers: auth(key, headers),
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ code: encodeURIComponent(code) }) },
  );
}

function stock(code: string, key: string | null) {
  return getStock(new Request(`http://test/api/v1/locations/${encodeURIComponent(code)}/stock`, { headers: auth(key) }), {
    params: Promise.resolve({ code: encodeURIComponent(code) }),
  });
}

/** Asserts the status and the exact error contract, returning the error for further checks. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const json = (await res.json()) as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).sort()).toEqual(["code", "details", "message"]);
  expect(json.error.code).toBe(code);
  expect(typeof json.error.message).toBe("string");
  expect(json.error.message.length).toBeGreaterThan(0);
  return json.error;
}

async function onHand(component: string, key = writeKey) {
  const json = (await (await stock("main", key)).json()) as { components: { code: string; onHand: number }[] };
  return json.components.find((c) => c.code === component)?.onHand;
}

/** A fresh key, so one test's request budget never bleeds into another's. */
async function freshKey(shop: TestShop, scope: "read" | "write" = "write") {
  return (await createApiKey(db, shop.shop.id, `contract-${scope}-${Math.random()}`, scope)).key;
}

const receipt = { movements: [{ type: "receipt", component: "DOUGH", quantity: 100 }] };

beforeAll(async () => {
  a = await createTestShop("Contract A");
  b = await createTestShop("Contract B");
  writeKey = await freshKey(a);
  readKey = await freshKey(a, "read");
  await applyCatalog(db, a.shop.id, { components: [{ code: "DOUGH", name: "Dough", unit: "g" }] });
  await applyCatalog(db, b.shop.id, { components: [{ code: "DOUGH", name: "Dough", unit: "g" }] });
});

describe("PUT /api/v1/catalog", () => {
  const body = { components: [{ code: "GLAZE", name: "Glaze", unit: "g" }] };

  it("200 with the plan summary", async () => {
    const res = await catalog(body, writeKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ summary: { components: { create: 1 } } });
  });

  it("400 for malformed JSON and for an unusable Idempotency-Key", async () => {
    const error = await expectError(await catalog("{nope", writeKey), 400, "BAD_REQUEST");
    expect(error).toEqual({ code: "BAD_REQUEST", message: "Request body is not valid JSON.", details: null });
    await expectError(await catalog("", writeKey), 400, "BAD_REQUEST");
    const badKey = await expectError(await catalog(body, writeKey, { "Idempotency-Key": "x".repeat(256) }), 400, "BAD_REQUEST");
    expect(badKey.details).toEqual({ header: "Idempotency-Key" });
  });

  it("401 without a key, with a bad one and with a revoked one", async () => {
    expect(await expectError(await catalog(body, null), 401, "UNAUTHORIZED")).toMatchObject({ details: null });
    await expectError(await catalog(body, "brk_not-a-key"), 401, "UNAUTHORIZED");
    const revoked = await createApiKey(db, a.shop.id, "to revoke");
    await db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    await expectError(await catalog(body, revoked.key), 401, "UNAUTHORIZED");
  });

  it("403 for a read-only key, changing nothing", async () => {
    const error = await expectError(await catalog({ components: [{ code: "READ-ONLY", name: "x", unit: "g" }] }, readKey), 403, "FORBIDDEN");
    expect(error).toEqual({ code: "FORBIDDEN", message: expect.stringMatching(/read-only/), details: { scope: "read" } });
    expect(await db.component.count({ where: { shopId: a.shop.id, code: "READ-ONLY" } })).toBe(0);
  });

  it("409 when an Idempotency-Key is reused for a different body", async () => {
    const key = "catalog-409";
    expect((await catalog({ components: [{ code: "SUGAR", name: "Sugar", unit: "g" }] }, writeKey, { "Idempotency-Key": key })).status).toBe(200);
    const error = await expectError(await catalog({ components: [{ code: "SALT", name: "Salt", unit: "g" }] }, writeKey, { "Idempotency-Key": key }), 409, "CONFLICT");
    expect(error.details).toEqual({ idempotencyKey: key });
    expect(await db.component.count({ where: { shopId: a.shop.id, code: "SALT" } })).toBe(0);
  });

  it("413 over 1 MiB", async () => {
    const error = await expectError(await catalog(`{"x":"${"a".repeat(1024 * 1024)}"}`, writeKey), 413, "PAYLOAD_TOO_LARGE");
    expect(error.details).toBeNull();
  });

  it("422 naming the offending entry", async () => {
    const error = await expectError(await catalog({ components: [{ code: "OK", name: "Ok", unit: "g" }, { code: "BAD", name: "Bad", unit: "kg" }] }, writeKey), 422, "UNPROCESSABLE");
    expect(error.message).toBe("components[1] (BAD) unit: Unit must be one of g, ml, pc");
    expect(error.details).toMatchObject({ entry: "components[1] (BAD)", path: "components.1.unit" });
  });

  it("429 with Retry-After past the key's burst", async () => {
    const key = await freshKey(a);
    const answers = await Promise.all(Array.from({ length: 75 }, () => catalog({}, key)));
    const limited = answers.filter((r) => r.status === 429);
    // Default budget: bursts of 60 at 20/s; a few tokens may refill while the batch runs.
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(60);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    const first = limited[0] as Response;
    expect(Number(first.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const error = await expectError(first, 429, "RATE_LIMITED");
    expect(error.details).toEqual({ retryAfterSeconds: Number(first.headers.get("retry-after")) });
    // Another key of the same shop has its own budget.
    expect((await catalog({}, await freshKey(a))).status).toBe(200);
  });
});

describe("POST /api/v1/locations/{code}/movements", () => {
  it("201 with each movement's delta and on-hand", async () => {
    const res = await movements("main", receipt, writeKey);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ location: "main", movements: [{ type: "receipt", component: "DOUGH", delta: 100, onHand: expect.any(Number) }] });
  });

  it("400 for malformed JSON, an impossible location code and a bad Idempotency-Key", async () => {
    await expectError(await movements("main", "{", writeKey), 400, "BAD_REQUEST");
    const code = await expectError(await movements("not a code!", receipt, writeKey), 400, "BAD_REQUEST");
    expect(code.details).toEqual({ location: "not a code!" });
    await expectError(await movements("main", receipt, writeKey, { "Idempotency-Key": "" }), 400, "BAD_REQUEST");
    await expectError(await movements("main", receipt, writeKey, { "Idempotency-Key": "clé" }), 400, "BAD_REQUEST");
  });

  it("401 without or with a bad key", async () => {
    await expectError(await movements("main", receipt, null), 401, "UNAUTHORIZED");
    await expectError(await movements("main", receipt, "brk_bad"), 401, "UNAUTHORIZED");
  });

  it("403 for a read-only key, recording nothing", async () => {
    const before = await onHand("DOUGH");
    await expectError(await movements("main", receipt, readKey), 403, "FORBIDDEN");
    expect(await onHand("DOUGH")).toBe(before);
  });

  it("404 for an unknown location and for another shop's", async () => {
    const error = await expectError(await movements("nowhere", receipt, writeKey), 404, "NOT_FOUND");
    expect(error).toEqual({ code: "NOT_FOUND", message: "Location nowhere not found.", details: null });
    await db.location.create({ data: { shopId: b.shop.id, code: "b-only", name: "B only", kind: "kiosk" } });
    await expectError(await movements("b-only", receipt, writeKey), 404, "NOT_FOUND");
  });

  it("409 when an Idempotency-Key is reused for a different body", async () => {
    const key = "movements-409";
    expect((await movements("main", receipt, writeKey, { "Idempotency-Key": key })).status).toBe(201);
    const before = await onHand("DOUGH");
    const other = { movements: [{ type: "receipt", component: "DOUGH", quantity: 7 }] };
    expect(await expectError(await movements("main", other, writeKey, { "Idempotency-Key": key }), 409, "CONFLICT")).toMatchObject({
      details: { idempotencyKey: key },
    });
    // Same key on another endpoint is a different request too.
    await expectError(await catalog({}, writeKey, { "Idempotency-Key": key }), 409, "CONFLICT");
    expect(await onHand("DOUGH")).toBe(before);
  });

  it("413 for a huge body", async () => {
    await expectError(await movements("main", `{"movements":"${"x".repeat(1024 * 1024 + 10)}"}`, writeKey), 413, "PAYLOAD_TOO_LARGE");
  });

  it("422 naming the movement, for bad fields, unknown components and on-hand the ledger cannot hold", async () => {
    const bad = await expectError(await movements("main", { movements: [receipt.movements[0], { type: "steal", component: "DOUGH", quantity: 1 }] }, writeKey), 422, "UNPROCESSABLE");
    expect(bad).toMatchObject({ message: "movements[1]: type must be receipt, waste or count", details: { entry: "movements[1]" } });
    const unknown = await expectError(await movements("main", { movements: [{ type: "receipt", component: "NOPE", quantity: 1 }] }, writeKey), 422, "UNPROCESSABLE");
    expect(unknown).toEqual({ code: "UNPROCESSABLE", message: "movements[0]: unknown component NOPE", details: { entry: "movements[0]", component: "NOPE" } });
    // Three receipts of a billion would take on-hand past 2,147,483,647: refused, none recorded.
    const before = await onHand("DOUGH");
    const huge = { movements: Array.from({ length: 3 }, () => ({ type: "receipt", component: "DOUGH", quantity: 1_000_000_000 })) };
    const overflow = await expectError(await movements("main", huge, writeKey), 422, "UNPROCESSABLE");
    expect(overflow.message).toMatch(/^movements\[2\]: On-hand of DOUGH at main would become \d+, outside what the ledger holds/);
    expect(await onHand("DOUGH")).toBe(before);
  });

  it("429 with Retry-After past the key's burst", async () => {
    const key = await freshKey(a);
    const answers = await Promise.all(Array.from({ length: 75 }, () => movements("main", { movements: [{ type: "receipt", component: "DOUGH", quantity: 1 }] }, key)));
    const created = answers.filter((r) => r.status === 201).length;
    const limited = answers.filter((r) => r.status === 429);
    expect(created).toBeGreaterThanOrEqual(60);
    expect(limited.length).toBe(75 - created);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    await expectError(limited[0] as Response, 429, "RATE_LIMITED");
    expect(limited[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("GET /api/v1/locations/{code}/stock", () => {
  it("200 in the contract shape, for read and write keys", async () => {
    for (const key of [readKey, writeKey]) {
      const res = await stock("main", key);
      expect(res.status).toBe(200);
      const json = (await res.json()) as { location: string; components: unknown[] };
      expect(Object.keys(json)).toEqual(["location", "components"]);
      expect(json.components).toContainEqual({ code: "DOUGH", name: "Dough", unit: "g", onHand: expect.any(Number) });
    }
  });

  it("400 for a code no location can have", async () => {
    for (const code of ["has space", "x".repeat(65), "-leading-dash", "a/b"]) {
      const error = await expectError(await stock(code, writeKey), 400, "BAD_REQUEST");
      expect(error.message).toMatch(/Location code must be/);
    }
  });

  it("401 without, with a bad or a revoked key", async () => {
    await expectError(await stock("main", null), 401, "UNAUTHORIZED");
    await expectError(await stock("main", "brk_bad"), 401, "UNAUTHORIZED");
    const revoked = await createApiKey(db, a.shop.id, "revoked reader", "read");
    await db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    await expectError(await stock("main", revoked.key), 401, "UNAUTHORIZED");
  });

  it("404 for an unknown location and another shop's", async () => {
    expect(await expectError(await stock("nowhere", writeKey), 404, "NOT_FOUND")).toEqual({
      code: "NOT_FOUND",
      message: "Location nowhere not found.",
      details: null,
    });
    await expectError(await stock("b-only", writeKey), 404, "NOT_FOUND");
  });

  it("429 with Retry-After past the key's burst", async () => {
    const key = await freshKey(a, "read");
    const answers = await Promise.all(Array.from({ length: 75 }, () => stock("main", key)));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    await expectError(limited[0] as Response, 429, "RATE_LIMITED");
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer of a retried movement (same status and body) and records it once", async () => {
    const key = await freshKey(a);
    const before = (await onHand("DOUGH")) ?? 0;
    const body = { movements: [{ type: "receipt", component: "DOUGH", quantity: 25 }] };
    const first = await movements("main", body, key, { "Idempotency-Key": "retry-1" });
    const firstJson = await first.json();
    // A retry with the body re-serialised differently is the same request.
    const retry = await movements("main", JSON.stringify(body, null, 2), key, { "Idempotency-Key": "retry-1" });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(await retry.json()).toEqual(firstJson);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await onHand("DOUGH")).toBe(before + 25);
    // Without the key, the same body is a new request.
    expect((await movements("main", body, key)).status).toBe(201);
    expect(await onHand("DOUGH")).toBe(before + 50);
  });

  it("has exactly one effect when the same request races itself 20 times", async () => {
    const key = await freshKey(a);
    const before = (await onHand("DOUGH")) ?? 0;
    const body = { movements: [{ type: "receipt", component: "DOUGH", quantity: 3 }] };
    const answers = await Promise.all(Array.from({ length: 20 }, () => movements("main", body, key, { "Idempotency-Key": "race-1" })));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((j) => JSON.stringify(j))).size).toBe(1);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(19);
    expect(await onHand("DOUGH")).toBe(before + 3);
  });

  it("replays a refused request's error too, and keys belong to one API key", async () => {
    const key = await freshKey(a);
    const bad = { movements: [{ type: "receipt", component: "LATER", quantity: 1 }] };
    const first = await movements("main", bad, key, { "Idempotency-Key": "refused-1" });
    const firstError = await expectError(first, 422, "UNPROCESSABLE");
    // Even once the component exists, the retry gets the first answer.
    await applyCatalog(db, a.shop.id, { components: [{ code: "LATER", name: "Later", unit: "pc" }] });
    const retry = await movements("main", bad, key, { "Idempotency-Key": "refused-1" });
    expect(await expectError(retry, 422, "UNPROCESSABLE")).toEqual(firstError);
    // The same Idempotency-Key under another API key is that key's own.
    expect((await movements("main", bad, await freshKey(a), { "Idempotency-Key": "refused-1" })).status).toBe(201);
  });

  it("forgets keys after 24 hours", async () => {
    const key = await freshKey(a);
    const body = { movements: [{ type: "receipt", component: "DOUGH", quantity: 1 }] };
    expect((await movements("main", body, key, { "Idempotency-Key": "old-1" })).status).toBe(201);
    const row = await db.apiIdempotencyKey.findFirstOrThrow({ where: { key: "old-1", apiKey: { shopId: a.shop.id } }, orderBy: { createdAt: "desc" } });
    await db.apiIdempotencyKey.update({ where: { id: row.id }, data: { createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000) } });
    // An expired key starts over: a different body is accepted, not a 409.
    const other = { movements: [{ type: "receipt", component: "DOUGH", quantity: 2 }] };
    expect((await movements("main", other, key, { "Idempotency-Key": "old-1" })).status).toBe(201);
    const stale = await db.apiIdempotencyKey.create({
      data: { apiKeyId: row.apiKeyId, key: "stale", requestHash: "x", status: 201, response: "{}", createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1) },
    });
    expect(await pruneIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);
    expect(await db.apiIdempotencyKey.findUnique({ where: { id: stale.id } })).toBeNull();
    expect(await db.apiIdempotencyKey.count({ where: { apiKeyId: row.apiKeyId, key: "old-1" } })).toBe(1);
  });
});
