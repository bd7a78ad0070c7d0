import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { DEMO_CATALOG } from "@/prisma/seed/catalog";
import { PUT } from "./route";

let a: TestShop;
let b: TestShop;

function put(body: unknown, key: string | null) {
  return PUT(
    new Request("http://test/api/v1/catalog", {
      method: "PUT",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  a = await createTestShop("Catalog A");
  b = await createTestShop("Catalog B");
});

describe("PUT /api/v1/catalog", () => {
  it("401 without or with a bad key", async () => {
    expect((await put(DEMO_CATALOG, null)).status).toBe(401);
    const res = await put(DEMO_CATALOG, "br_nope");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("400 for malformed JSON, 413 over 1 MiB", async () => {
    expect((await put("{nope", a.created.apiKey)).status).toBe(400);
    expect((await put(`{"x":"${"a".repeat(1024 * 1024)}"}`, a.created.apiKey)).status).toBe(413);
  });

  it("creates the catalog, then is idempotent", async () => {
    const body = { ...DEMO_CATALOG, locations: [{ code: "kiosk", name: "Kiosk", kind: "kiosk" }] };
    const first = await put(body, a.created.apiKey);
    expect(first.status).toBe(200);
    const json = (await first.json()) as { summary: Record<string, Record<string, number>> };
    expect(json.summary.products).toEqual({ create: DEMO_CATALOG.products.length, update: 0, unchanged: 0 });
    expect(json.summary.locations).toEqual({ create: 1, update: 0, unchanged: 0 });
    const second = (await (await put(body, a.created.apiKey)).json()) as typeof json;
    expect(second.summary.products).toEqual({ create: 0, update: 0, unchanged: DEMO_CATALOG.products.length });
    expect(second.summary.components?.unchanged).toBe(DEMO_CATALOG.components.length);
    const dozen = await db.product.findFirstOrThrow({ where: { shopId: a.shop.id, sku: "DOZEN-BOX" }, include: { kit: true } });
    expect(dozen.kit).toHaveLength(3);
    const dough = await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } });
    expect(dough.costPerUnitMilli).toBe(350);
    // Shop B is untouched.
    expect(await db.product.count({ where: { shopId: b.shop.id } })).toBe(0);
  });

  it("keeps a product's kit when the kit is left out, and replaces it when given", async () => {
    const res = await put({ products: [{ sku: "DOZEN-BOX", name: "Classic dozen", priceMinor: 2599 }] }, a.created.apiKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changes: [{ key: "DOZEN-BOX", action: "update", changes: ["price: 2499 → 2599"] }] });
    const dozen = await db.product.findFirstOrThrow({ where: { shopId: a.shop.id, sku: "DOZEN-BOX" }, include: { kit: true } });
    expect(dozen.kit).toHaveLength(3);
    await put({ products: [{ sku: "DOZEN-BOX", name: "Classic dozen", priceMinor: 2599, kit: [{ product: "GLAZED", quantity: 12 }] }] }, a.created.apiKey);
    expect(await db.kitLine.count({ where: { productId: dozen.id } })).toBe(1);
  });

  it("422 naming the entry for a cycle, and nothing is half-applied", async () => {
    const res = await put(
      {
        components: [{ code: "NEW-THING", name: "New", unit: "pc" }],
        products: [
          { sku: "GLAZED", name: "Renamed", priceMinor: 1, kit: [{ product: "DOZEN-BOX", quantity: 1 }] },
        ],
      },
      a.created.apiKey,
    );
    expect(res.status).toBe(422);
    const json = (await res.json()) as { error: { code: string; message: string; details: { entry: string; cycle: string[] } } };
    expect(json.error.code).toBe("UNPROCESSABLE");
    expect(json.error.details.entry).toBe("products[0] (GLAZED)");
    expect(json.error.message).toMatch(/cycle/);
    expect(await db.component.count({ where: { shopId: a.shop.id, code: "NEW-THING" } })).toBe(0);
    expect((await db.product.findFirstOrThrow({ where: { shopId: a.shop.id, sku: "GLAZED" } })).name).toBe("Original glazed");
  });

  it("422 for an unknown reference and a bad unit, naming the entry", async () => {
    const unknown = await put({ products: [{ sku: "X", name: "X", priceMinor: 1, kit: [{ component: "NOPE", quantity: 1 }] }] }, a.created.apiKey);
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/products\[0\] \(X\).*NOPE/);
    const unit = await put({ components: [{ code: "OK" , name: "ok", unit: "g" }, { code: "BAD", name: "Bad", unit: "kg" }] }, a.created.apiKey);
    expect(unit.status).toBe(422);
    const json = (await unit.json()) as { error: { message: string; details: { entry: string } } };
    expect(json.error.details.entry).toBe("components[1] (BAD)");
    expect(await db.component.count({ where: { shopId: a.shop.id, code: "OK" } })).toBe(0);
  });

  it("does not let one shop's key refer to another shop's catalog", async () => {
    const res = await put({ products: [{ sku: "Y", name: "Y", priceMinor: 1, kit: [{ product: "GLAZED", quantity: 1 }] }] }, b.created.apiKey);
    expect(res.status).toBe(422);
  });
});

describe("PUT /api/v1/catalog: odd bodies", () => {
  it.each([["null"], ["[]"], ['"text"'], ['{"products":{}}'], ['{"products":[{"sku":"A","name":"A","priceMinor":"12"}]}']])("answers 422 for %s, never 5xx", async (body) => {
    const res = await put(body, a.created.apiKey);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "UNPROCESSABLE" } });
  });
});
