import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "../db";
import { createTestShop } from "../testing/fixtures";
import { recordMovements } from "./ledger";
import { deliverDue, fanOutEvents, OUTBOX_RETENTION_MS, pruneOutbox, runOutboundDelivery } from "./outbound";
import { enqueueEvent } from "./outbox";
import { createSubscription, replayDelivery, sendTestEvent } from "./subscriptions";

type Received = { headers: IncomingMessage["headers"]; body: string; path: string };

/** A real local HTTP subscriber whose answer per path is scripted. */
let server: Server;
let base: string;
const received: Received[] = [];
const answers = new Map<string, number | "hang">();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ headers: req.headers, body, path });
      const answer = answers.get(path) ?? 200;
      if (answer === "hang") return; // never answers
      res.writeHead(answer).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function emit(shopId: string, type: "stock.low" | "order.recorded", payload: Record<string, unknown>) {
  return db.$transaction((tx) => enqueueEvent(tx, shopId, type, payload));
}

describe("outbound delivery", () => {
  it("signs each event so Standard Webhooks verifies it, and filters by event type", async () => {
    const t = await createTestShop();
    const all = await createSubscription(db, t.shop.id, { url: `${base}/all`, description: null, eventTypes: [] });
    await createSubscription(db, t.shop.id, { url: `${base}/orders-only`, description: null, eventTypes: ["order.recorded"] });
    const event = await emit(t.shop.id, "stock.low", { component: "DOUGH", onHand: 120 });
    const summary = await runOutboundDelivery(db);
    expect(summary).toMatch(/1 events fanned out to 1 deliveries; 1 attempted, 1 delivered/);
    const hit = received.filter((r) => r.path === "/all" && r.headers["webhook-id"] === event.id);
    expect(hit).toHaveLength(1);
    expect(received.some((r) => r.path === "/orders-only" && r.headers["webhook-id"] === event.id)).toBe(false);
    const verified = new Webhook(all.secret).verify(hit[0]!.body, {
      "webhook-id": String(hit[0]!.headers["webhook-id"]),
      "webhook-timestamp": String(hit[0]!.headers["webhook-timestamp"]),
      "webhook-signature": String(hit[0]!.headers["webhook-signature"]),
    });
    expect(verified).toMatchObject({ type: "stock.low", data: { component: "DOUGH", onHand: 120 } });
    // A wrong secret does not verify.
    expect(() =>
      new Webhook("whsec_" + Buffer.from("not-the-secret-at-all-xx").toString("base64")).verify(hit[0]!.body, {
        "webhook-id": String(hit[0]!.headers["webhook-id"]),
        "webhook-timestamp": String(hit[0]!.headers["webhook-timestamp"]),
        "webhook-signature": String(hit[0]!.headers["webhook-signature"]),
      }),
    ).toThrow();
    // Fanned out once: a second run sends nothing new.
    expect(await fanOutEvents(db)).toEqual({ events: 0, deliveries: 0 });
  });

  it("retries failures on the backoff schedule, then succeeds on replay", async () => {
    const t = await createTestShop();
    answers.set("/flaky", 500);
    await createSubscription(db, t.shop.id, { url: `${base}/flaky`, description: null, eventTypes: [] });
    await emit(t.shop.id, "order.recorded", { orderId: "A-1" });
    const now = new Date();
    await fanOutEvents(db, now);
    await deliverDue(db, now);
    const d = await db.outboundDelivery.findFirstOrThrow({ where: { shopId: t.shop.id } });
    expect(d).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: 500 });
    const wait = d.nextAttemptAt.getTime() - now.getTime();
    expect(wait).toBeGreaterThanOrEqual(24_000);
    expect(wait).toBeLessThanOrEqual(36_000);
    // Not due yet: nothing is attempted.
    expect((await deliverDue(db, new Date(now.getTime() + 1000))).attempted).toBe(0);
    answers.set("/flaky", 204);
    await deliverDue(db, new Date(d.nextAttemptAt.getTime() + 1));
    expect(await db.outboundDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    await replayDelivery(db, t.shop.id, d.id);
    await deliverDue(db);
    expect(await db.outboundDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("marks a delivery DEAD after the last attempt", async () => {
    const t = await createTestShop();
    answers.set("/down", 503);
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/down`, description: null, eventTypes: [] });
    await emit(t.shop.id, "order.recorded", { orderId: "A-2" });
    await fanOutEvents(db);
    await db.outboundDelivery.updateMany({ where: { subscriptionId: sub.id }, data: { attempts: 9 } });
    await deliverDue(db);
    expect(await db.outboundDelivery.findFirstOrThrow({ where: { subscriptionId: sub.id } })).toMatchObject({ status: "DEAD", attempts: 10 });
  });

  it("disables a subscription that answers 410 Gone", async () => {
    const t = await createTestShop();
    answers.set("/gone", 410);
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/gone`, description: null, eventTypes: [] });
    await emit(t.shop.id, "order.recorded", { orderId: "A-3" });
    await emit(t.shop.id, "order.recorded", { orderId: "A-4" });
    await fanOutEvents(db);
    await deliverDue(db, new Date(), { concurrency: 1 });
    const row = await db.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.active).toBe(false);
    expect(row.disabledReason).toMatch(/410/);
    expect(received.filter((r) => r.path === "/gone")).toHaveLength(1);
    // New events no longer fan out to it.
    await emit(t.shop.id, "order.recorded", { orderId: "A-5" });
    expect((await fanOutEvents(db)).deliveries).toBe(0);
  });

  it("does not block ingestion while a subscriber hangs", async () => {
    const t = await createTestShop();
    answers.set("/hang", "hang");
    const dough = await db.component.create({ data: { shopId: t.shop.id, code: "DOUGH", name: "Dough", unit: "g" } });
    await createSubscription(db, t.shop.id, { url: `${base}/hang`, description: null, eventTypes: [] });
    await emit(t.shop.id, "order.recorded", { orderId: "A-6" });
    await fanOutEvents(db);
    let deliveryDone = false;
    const delivering = deliverDue(db, new Date(), { timeoutMs: 3000 }).then((r) => {
      deliveryDone = true;
      return r;
    });
    // While the delivery waits on the hanging subscriber, stock and outbox writes go through.
    await new Promise((resolve) => setImmediate(resolve));
    await recordMovements(db, t.shop.id, [{ locationId: t.main.id, componentId: dough.id, type: "SALE", quantity: -5 }]);
    await emit(t.shop.id, "order.recorded", { orderId: "A-7" });
    expect(deliveryDone).toBe(false);
    const r = await delivering;
    expect(r).toMatchObject({ attempted: 1, failed: 1 });
    const d = await db.outboundDelivery.findFirstOrThrow({ where: { shopId: t.shop.id } });
    expect(d.lastError).toMatch(/No answer within/);
    await db.webhookSubscription.updateMany({ where: { shopId: t.shop.id }, data: { active: false } });
  });

  it("test-sends to one subscription only", async () => {
    const t = await createTestShop();
    const a = await createSubscription(db, t.shop.id, { url: `${base}/test-a`, description: null, eventTypes: [] });
    await createSubscription(db, t.shop.id, { url: `${base}/test-b`, description: null, eventTypes: [] });
    const result = await sendTestEvent(db, t.shop.id, a.id);
    expect(result).toMatchObject({ status: "SUCCEEDED", statusCode: 200 });
    expect(received.filter((r) => r.path === "/test-a")).toHaveLength(1);
    await runOutboundDelivery(db);
    expect(received.filter((r) => r.path === "/test-b")).toHaveLength(0);
  });

  it("closes events nobody subscribed to in bulk, batch after batch", async () => {
    const t = await createTestShop();
    await db.outboxEvent.createMany({ data: Array.from({ length: 1200 }, (_, i) => ({ shopId: t.shop.id, type: "order.recorded", payload: JSON.stringify({ i }) })) });
    const r = await fanOutEvents(db);
    expect(r.deliveries).toBe(0);
    expect(r.events).toBeGreaterThanOrEqual(1200);
    expect(await db.outboxEvent.count({ where: { shopId: t.shop.id, dispatchedAt: null } })).toBe(0);
  });

  it("prunes finished events past the retention, keeping those still retrying", async () => {
    const t = await createTestShop();
    answers.set("/old", 500);
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/old`, description: null, eventTypes: [] });
    const long = new Date(Date.now() - OUTBOX_RETENTION_MS - 86_400_000);
    const done = await db.outboxEvent.create({ data: { shopId: t.shop.id, type: "stock.low", payload: "{}", createdAt: long, dispatchedAt: long } });
    const retrying = await db.outboxEvent.create({ data: { shopId: t.shop.id, type: "stock.low", payload: "{}", createdAt: long, dispatchedAt: long } });
    await db.outboundDelivery.create({ data: { shopId: t.shop.id, subscriptionId: sub.id, eventId: done.id, status: "SUCCEEDED" } });
    await db.outboundDelivery.create({ data: { shopId: t.shop.id, subscriptionId: sub.id, eventId: retrying.id, status: "FAILED", nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    expect(await pruneOutbox(db)).toBeGreaterThanOrEqual(1);
    expect(await db.outboxEvent.findUnique({ where: { id: done.id } })).toBeNull();
    expect(await db.outboxEvent.findUnique({ where: { id: retrying.id } })).not.toBeNull();
    expect(await db.outboundDelivery.count({ where: { eventId: done.id } })).toBe(0);
    await db.webhookSubscription.update({ where: { id: sub.id }, data: { active: false } });
  });
});
