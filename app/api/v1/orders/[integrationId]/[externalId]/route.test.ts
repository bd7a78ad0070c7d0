import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applyCatalog } from "@/server/services/catalog";
import { recordTestOrder } from "@/server/services/orders";
import { genericOrder, signedGenericRequest } from "@/server/services/ingest-signing";
import { drainInbox } from "@/server/services/ingest";
import { POST } from "@/app/api/webhooks/pos/[integrationId]/route";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { GET } from "./route";

let a: TestShop;
let b: TestShop;

function get(integrationId: string, externalId: string, key: string | null) {
  return GET(new Request(`http://test/api/v1/orders/${integrationId}/${externalId}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({ integrationId, externalId }),
  });
}

beforeAll(async () => {
  a = await createTestShop("Orders API A");
  b = await createTestShop("Orders API B");
  await applyCatalog(db, a.shop.id, { components: [{ code: "DOUGH", name: "Dough", unit: "g" }], products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }] });
  await recordTestOrder(db, a.shop.id, { externalId: "API-1", tags: ["preorder"], lines: [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }, { sku: "NEW-THING", quantity: 1, unitPriceMinor: 400 }] });
});

describe("GET /api/v1/orders/{integrationId}/{externalId}", () => {
  it("returns the order with mapped and unmapped lines and totals", async () => {
    const res = await get(a.created.integrations.generic.id, "API-1", a.created.apiKey);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      externalId: "API-1",
      status: "OPEN",
      location: "main",
      tags: ["preorder"],
      totals: { subtotalMinor: 900, refundedMinor: 0, netMinor: 900 },
      lines: [
        { sku: "GLAZED", mapped: true, product: { sku: "GLAZED", name: "Glazed" }, quantity: 2, totalMinor: 500 },
        { sku: "NEW-THING", mapped: false, product: null, quantity: 1, totalMinor: 400 },
      ],
    });
  });

  it("401 without a key, 404 for unknown orders and for another shop's integration", async () => {
    expect((await get(a.created.integrations.generic.id, "API-1", null)).status).toBe(401);
    expect((await get(a.created.integrations.generic.id, "NOPE", a.created.apiKey)).status).toBe(404);
    const cross = await get(a.created.integrations.generic.id, "API-1", b.created.apiKey);
    expect(cross.status).toBe(404);
    expect(await cross.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("reads its own writes: an order still in the inbox is processed before the answer", async () => {
    const integrationId = a.created.integrations.generic.id;
    // What the inbox holds right after a 2xx (or after a restart), before any drain has run.
    const body = JSON.stringify({ type: "order.created", data: genericOrder("RYW-1", [{ sku: "GLAZED", quantity: 3, unitPriceMinor: 250 }], { fulfilledAt: new Date().toISOString() }) });
    await db.webhookDelivery.create({
      data: { shopId: a.shop.id, integrationId, deliveryId: "msg_ryw_1", deliveryKey: "msg_ryw_1", dedupeKey: "RYW-1|order.created", externalId: "RYW-1", topic: "order.created", body, eventAt: new Date() },
    });
    const res = await get(integrationId, "RYW-1", a.created.apiKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ externalId: "RYW-1", status: "OPEN", fulfilledAt: expect.any(String), totals: { subtotalMinor: 750 } });
    expect((await db.webhookDelivery.findFirstOrThrow({ where: { deliveryId: "msg_ryw_1" } })).status).toBe("PROCESSED");
  });

  it("POST then GET at once sees the order, every time", async () => {
    const integration = a.created.integrations.generic;
    for (let i = 0; i < 5; i++) {
      const req = signedGenericRequest(`http://test/api/webhooks/pos/${integration.id}`, integration.secret, {
        type: "order.created",
        data: genericOrder(`RYW-POST-${i}`, [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]),
      });
      const posted = await POST(new Request(req.url, req.init), { params: Promise.resolve({ integrationId: integration.id }) });
      expect(posted.status).toBe(202);
      const res = await get(integration.id, `RYW-POST-${i}`, a.created.apiKey);
      expect(res.status).toBe(200);
    }
    // Let the background drain the POSTs started finish before the test database goes away.
    await drainInbox(db);
  });
});

