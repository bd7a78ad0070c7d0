import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { findBalanceDrift } from "@/server/services/ledger";
import { applyCatalog } from "@/server/services/catalog";
import { createApiKey } from "@/server/services/api-keys";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { POST } from "./route";
import { GET } from "../stock/route";

let a: TestShop;
let b: TestShop;

function post(code: string, body: unknown, key: string | null) {
  return POST(
    new Request(`http://test/api/v1/locations/${code}/movements`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ code }) },
  );
}

function stock(code: string, key: string | null) {
  return GET(new Request(`http://test/api/v1/locations/${code}/stock`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({ code }),
  });
}

async function onHand(key: string, component: string, code = "main") {
  const json = (await (await stock(code, key)).json()) as { components: { code: string; onHand: number }[] };
  return json.components.find((c) => c.code === component)?.onHand;
}

beforeAll(async () => {
  a = await createTestShop("Movements A");
  b = await createTestShop("Movements B");
  const catalog = {
    components: [
      { code: "DOUGH", name: "Dough", unit: "g" },
      { code: "BOX-4", name: "Box", unit: "pc" },
    ],
  };
  await applyCatalog(db, a.shop.id, catalog);
  await applyCatalog(db, b.shop.id, catalog);
});

describe("POST /api/v1/locations/{code}/movements", () => {
  it("401 without a key, 404 for an unknown location or another shop's location", async () => {
    expect((await post("main", { movements: [] }, null)).status).toBe(401);
    expect((await post("nowhere", { movements: [{ type: "receipt", component: "DOUGH", quantity: 1 }] }, a.created.apiKey)).status).toBe(404);
    await db.location.create({ data: { shopId: b.shop.id, code: "b-only", name: "B only", kind: "kiosk" } });
    const res = await post("b-only", { movements: [{ type: "receipt", component: "DOUGH", quantity: 1 }] }, a.created.apiKey);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("400 for malformed JSON, 413 for a huge body", async () => {
    expect((await post("main", "{", a.created.apiKey)).status).toBe(400);
    expect((await post("main", `{"movements":"${"x".repeat(1024 * 1024 + 10)}"}`, a.created.apiKey)).status).toBe(413);
  });

  it("applies receipt, waste and count in order and answers 201", async () => {
    const res = await post(
      "main",
      {
        movements: [
          { type: "receipt", component: "DOUGH", quantity: 5000 },
          { type: "waste", component: "DOUGH", quantity: 200, reason: "dropped" },
          { type: "count", component: "DOUGH", quantity: 4700 },
          { type: "receipt", component: "BOX-4", quantity: 10 },
        ],
      },
      a.created.apiKey,
    );
    expect(res.status).toBe(201);
    const json = (await res.json()) as { location: string; movements: { component: string; delta: number; onHand: number }[] };
    expect(json.location).toBe("main");
    expect(json.movements.map((m) => [m.component, m.delta, m.onHand])).toEqual([
      ["DOUGH", 5000, 5000],
      ["DOUGH", -200, 4800],
      ["DOUGH", -100, 4700],
      ["BOX-4", 10, 10],
    ]);
    expect(await onHand(a.created.apiKey, "DOUGH")).toBe(4700);
    const count = await db.stockCount.findFirstOrThrow({ where: { shopId: a.shop.id } });
    expect([count.expected, count.counted]).toEqual([4800, 4700]);
    const adjustment = await db.stockMovement.findFirstOrThrow({ where: { shopId: a.shop.id, type: "COUNT_ADJUSTMENT" } });
    expect(adjustment.countId).toBe(count.id);
    // Shop B's stock never moved.
    expect(await onHand(b.created.apiKey, "DOUGH")).toBe(0);
  });

  it("422 naming the offending movement, and nothing is half-applied", async () => {
    const before = await onHand(a.created.apiKey, "DOUGH");
    const unknown = await post(
      "main",
      { movements: [{ type: "receipt", component: "DOUGH", quantity: 10 }, { type: "receipt", component: "NOPE", quantity: 1 }] },
      a.created.apiKey,
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: "UNPROCESSABLE", details: { entry: "movements[1]" } } });
    const badType = await post(
      "main",
      { movements: [{ type: "receipt", component: "DOUGH", quantity: 10 }, { type: "steal", component: "DOUGH", quantity: 1 }] },
      a.created.apiKey,
    );
    expect(badType.status).toBe(422);
    expect(((await badType.json()) as { error: { message: string } }).error.message).toMatch(/movements\[1\]/);
    const fractional = await post("main", { movements: [{ type: "waste", component: "DOUGH", quantity: 1.5 }] }, a.created.apiKey);
    expect(fractional.status).toBe(422);
    const zeroReceipt = await post("main", { movements: [{ type: "receipt", component: "DOUGH", quantity: 3 }, { type: "receipt", component: "DOUGH", quantity: 0 }] }, a.created.apiKey);
    expect(zeroReceipt.status).toBe(422);
    expect(await onHand(a.created.apiKey, "DOUGH")).toBe(before);
  });

  it("lets waste drive stock negative (flagged, never blocked)", async () => {
    const res = await post("main", { movements: [{ type: "waste", component: "BOX-4", quantity: 15, reason: "damaged" }] }, a.created.apiKey);
    expect(res.status).toBe(201);
    expect(await onHand(a.created.apiKey, "BOX-4")).toBe(-5);
  });

  it("keeps the ledger exact under 100 concurrent requests on one component", async () => {
    const before = (await onHand(a.created.apiKey, "DOUGH")) ?? 0;
    // Spread over four keys: one key's burst budget (60) is not what this test is about.
    const keys = await Promise.all(Array.from({ length: 4 }, (_, i) => createApiKey(db, a.shop.id, `concurrency ${i}`).then((k) => k.key)));
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post("main", { movements: [{ type: i % 4 === 0 ? "waste" : "receipt", component: "DOUGH", quantity: i + 1, reason: "test" }] }, keys[i % 4] ?? null),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const expected = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? -(i + 1) : i + 1)).reduce((s, v) => s + v, before);
    expect(await onHand(a.created.apiKey, "DOUGH")).toBe(expected);
    expect(await findBalanceDrift(db, a.shop.id)).toEqual([]);
  });
});

describe("GET /api/v1/locations/{code}/stock", () => {
  it("401, 404 and the contract shape", async () => {
    expect((await stock("main", null)).status).toBe(401);
    expect((await stock("main", "br_bad")).status).toBe(401);
    expect((await stock("nope", a.created.apiKey)).status).toBe(404);
    const res = await stock("main", a.created.apiKey);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { location: string; components: unknown[] };
    expect(json.location).toBe("main");
    expect(json.components).toContainEqual({ code: "BOX-4", name: "Box", unit: "pc", onHand: -5 });
  });
});
