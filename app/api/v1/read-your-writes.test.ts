/**
 * Integrator reads after a POS webhook: a tool that gets a 2xx for an order and then reads stock
 * or availability sees the order's consumption, even though processing runs after the answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applyCatalog } from "@/server/services/catalog";
import { recordMovements } from "@/server/services/ledger";
import { drainInbox } from "@/server/services/ingest";
import { genericOrder, signedGenericRequest } from "@/server/services/ingest-signing";
import { POST as postWebhook } from "@/app/api/webhooks/pos/[integrationId]/route";
import { createTestShop, type TestShop } from "@/server/testing/fixtures";
import { GET as getStock } from "./locations/[code]/stock/route";
import { GET as getAvailability } from "./locations/[code]/availability/route";

let a: TestShop;

const auth = () => ({ authorization: `Bearer ${a.created.apiKey}` });

async function doughOnHand(): Promise<number | undefined> {
  const res = await getStock(new Request("http://test/api/v1/locations/main/stock", { headers: auth() }), { params: Promise.resolve({ code: "main" }) });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { components: { code: string; onHand: number }[] };
  return json.components.find((c) => c.code === "DOUGH")?.onHand;
}

async function glazedAvailable(): Promise<number | undefined> {
  const res = await getAvailability(new Request("http://test/api/v1/locations/main/availability?channel=walk-in", { headers: auth() }), {
    params: Promise.resolve({ code: "main" }),
  });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { products: { sku: string; available: number }[] };
  return json.products.find((p) => p.sku === "GLAZED")?.available;
}

function inboxRow(externalId: string, quantity: number) {
  const body = JSON.stringify({ type: "order.created", data: genericOrder(externalId, [{ sku: "GLAZED", quantity, unitPriceMinor: 250 }]) });
  return db.webhookDelivery.create({
    data: {
      shopId: a.shop.id,
      integrationId: a.created.integrations.generic.id,
      deliveryId: `msg_${externalId}`,
      deliveryKey: `msg_${externalId}`,
      dedupeKey: `${externalId}|order.created`,
      externalId,
      topic: "order.created",
      body,
      eventAt: new Date(),
    },
  });
}

beforeAll(async () => {
  a = await createTestShop("Read your writes");
  await applyCatalog(db, a.shop.id, {
    components: [{ code: "DOUGH", name: "Dough", unit: "g" }],
    products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }],
  });
  const dough = await db.component.findFirstOrThrow({ where: { shopId: a.shop.id, code: "DOUGH" } });
  await recordMovements(db, a.shop.id, [{ locationId: a.main.id, componentId: dough.id, type: "RECEIPT", quantity: 8000 }]);
});

describe("reads after a 2xx", () => {
  it("stock counts an order still waiting in the inbox", async () => {
    const before = await doughOnHand();
    await inboxRow("RYW-STOCK", 5);
    expect(await doughOnHand()).toBe((before ?? 0) - 5 * 80);
  });

  it("availability counts an order still waiting in the inbox", async () => {
    const before = (await glazedAvailable()) ?? 0;
    await inboxRow("RYW-AVAIL", 4);
    expect(await glazedAvailable()).toBe(before - 4);
  });

  it("POST a signed order, then GET stock at once, sees its consumption every time", async () => {
    const integration = a.created.integrations.generic;
    for (let i = 0; i < 5; i++) {
      const before = (await doughOnHand()) ?? 0;
      const req = signedGenericRequest(`http://test/api/webhooks/pos/${integration.id}`, integration.secret, {
        type: "order.created",
        data: genericOrder(`RYW-POST-${i}`, [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }]),
      });
      const posted = await postWebhook(new Request(req.url, req.init), { params: Promise.resolve({ integrationId: integration.id }) });
      expect(posted.status).toBe(202);
      expect(await doughOnHand()).toBe(before - 160);
    }
    await drainInbox(db);
  });
});
