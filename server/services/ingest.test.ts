import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { childEnv } from "../env";
import { POST } from "../../app/api/webhooks/pos/[integrationId]/route";
import { applyCatalog } from "./catalog";
import { drainInbox } from "./ingest";
import { genericOrder, signedGenericRequest } from "./ingest-signing";
import { findBalanceDrift, getBalances, recordMovements } from "./ledger";
import { createTestShop, type TestShop } from "../testing/fixtures";

let t: TestShop;
let generic: { id: string; secret: string };
let codes: Record<string, string>;

beforeAll(async () => {
  t = await createTestShop();
  generic = t.created.integrations.generic;
  await applyCatalog(db, t.shop.id, {
    components: [
      { code: "DOUGH", name: "Dough", unit: "g" },
      { code: "GLAZE", name: "Glaze", unit: "g" },
      { code: "BOX-4", name: "Box", unit: "pc" },
    ],
    products: [
      { sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 20 }] },
      { sku: "BOX", name: "Box of 4", priceMinor: 900, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX-4", quantity: 1 }] },
    ],
  });
  const rows = await db.component.findMany({ where: { shopId: t.shop.id }, select: { id: true, code: true } });
  codes = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  await recordMovements(db, t.shop.id, Object.values(codes).map((componentId) => ({ locationId: t.main.id, componentId, type: "RECEIPT" as const, quantity: 1_000_000 })));
});

async function onHand(code: string) {
  return (await getBalances(db, t.shop.id, t.main.id)).get(codes[code] ?? "") ?? 0;
}

describe("ingestion under concurrency", () => {
  it("200 concurrent orders on shared components leave on-hand exactly initial − Σ usage", async () => {
    const start = { DOUGH: await onHand("DOUGH"), GLAZE: await onHand("GLAZE"), BOX: await onHand("BOX-4") };
    const orders = Array.from({ length: 200 }, (_, i) => ({ glazed: (i % 5) + 1, boxes: i % 3 }));
    const answers = await Promise.all(
      orders.map((o, i) => {
        const lines = [{ sku: "GLAZED", quantity: o.glazed, unitPriceMinor: 250 }, ...(o.boxes ? [{ sku: "BOX", quantity: o.boxes, unitPriceMinor: 900 }] : [])];
        const req = signedGenericRequest(`http://localhost/api/webhooks/pos/${generic.id}`, generic.secret, { type: "order.created", data: genericOrder(`C-${i}`, lines) });
        return POST(new Request(req.url, req.init), { params: Promise.resolve({ integrationId: generic.id }) }).then((r) => r.status);
      }),
    );
    expect(answers.every((s) => s === 202)).toBe(true);
    await drainInbox(db);
    const donuts = orders.reduce((sum, o) => sum + o.glazed + 4 * o.boxes, 0);
    const boxes = orders.reduce((sum, o) => sum + o.boxes, 0);
    expect(start.DOUGH - (await onHand("DOUGH"))).toBe(donuts * 80);
    expect(start.GLAZE - (await onHand("GLAZE"))).toBe(donuts * 20);
    expect(start.BOX - (await onHand("BOX-4"))).toBe(boxes);
    expect(await db.order.count({ where: { shopId: t.shop.id, externalId: { startsWith: "C-" } } })).toBe(200);
    expect(await findBalanceDrift(db, t.shop.id)).toEqual([]);
  });
});

// The same promise on the real production server (`next start`, kill -9 of its process group) is
// e2e/ingest-durability.spec.ts; this one restarts in well under a second, so it runs with the unit tests.
describe("durability", () => {
  function startServer(): Promise<{ child: ChildProcess; port: number; drained: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.resolve("server/services/ingest-standalone.ts")], {
        env: childEnv({ JOBS_ENABLED: "false" }),
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      let drained = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const d = /drained (.*)\n/.exec(out);
        if (d?.[1]) drained = d[1];
        const m = /listening (\d+)/.exec(out);
        if (m) resolve({ child, port: Number(m[1]), drained });
      });
      child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
  }

  it("an event answered 2xx survives kill -9 of the server right after, and is processed on restart", async () => {
    const before = await onHand("DOUGH");
    const first = await startServer();
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const req = signedGenericRequest(`http://127.0.0.1:${first.port}/api/webhooks/pos/${generic.id}`, generic.secret, {
          type: "order.created",
          data: genericOrder(`K-${i}`, [{ sku: "GLAZED", quantity: 1, unitPriceMinor: 250 }]),
        });
        return fetch(req.url, req.init).then((r) => r.status);
      }),
    );
    first.child.kill("SIGKILL");
    expect(statuses.every((s) => s === 202)).toBe(true);
    await new Promise((resolve) => first.child.once("exit", resolve));
    // Every answered delivery is in the inbox, whatever the killed process had time to process.
    expect(await db.webhookDelivery.count({ where: { integrationId: generic.id, externalId: { startsWith: "K-" } } })).toBe(30);

    const second = await startServer();
    second.child.kill("SIGKILL");
    expect(second.drained).toMatch(/processed/);
    expect(await db.webhookDelivery.count({ where: { integrationId: generic.id, externalId: { startsWith: "K-" }, status: { not: "PROCESSED" } } })).toBe(0);
    expect(await db.order.count({ where: { shopId: t.shop.id, externalId: { startsWith: "K-" } } })).toBe(30);
    expect(before - (await onHand("DOUGH"))).toBe(30 * 80);
    expect(await findBalanceDrift(db, t.shop.id)).toEqual([]);
  });
});
