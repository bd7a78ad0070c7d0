import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { POST } from "../../app/api/webhooks/pos/[integrationId]/route";
import { createDb, db } from "../db";
import { env } from "../env";
import { createTestShop } from "../testing/fixtures";
import { applyCatalog } from "./catalog";
import { drainInbox } from "./ingest";
import { genericOrder, signedGenericRequest } from "./ingest-signing";
import { getBalances } from "./ledger";
import { deliverDue, fanOutEvents, OUTBOX_RETENTION_MS, pruneOutbox, runOutboundDelivery } from "./outbound";
import { enqueueEvent } from "./outbox";
import { createSubscription, replayDelivery, rotateSubscriptionSecret, sendTestEvent, updateSubscription } from "./subscriptions";

type Received = { headers: IncomingMessage["headers"]; body: string; path: string };

/** A real local HTTP subscriber whose answer per path is scripted. */
let server: Server;
let base: string;
const received: Received[] = [];
const answers = new Map<string, number | "hang" | { status: number; delayMs: number }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ headers: req.headers, body, path });
      const answer = answers.get(path) ?? 200;
      if (answer === "hang") return; // never answers
      if (typeof answer === "object") setTimeout(() => res.writeHead(answer.status).end("ok"), answer.delayMs);
      else res.writeHead(answer).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const headersOf = (r: Received) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
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

  it("disables a subscription that answers 410 Gone, closes its backlog, and sends none of it when turned back on", async () => {
    const t = await createTestShop();
    answers.set("/gone", 410);
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/gone`, description: null, eventTypes: [] });
    for (const orderId of ["A-3", "A-4", "A-5"]) await emit(t.shop.id, "order.recorded", { orderId });
    await fanOutEvents(db);
    expect(await deliverDue(db, new Date(), { concurrency: 1 })).toMatchObject({ attempted: 1, dead: 1, skipped: 2 });
    const row = await db.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.active).toBe(false);
    expect(row.disabledReason).toMatch(/410/);
    expect(received.filter((r) => r.path === "/gone")).toHaveLength(1);
    const log = await db.outboundDelivery.findMany({ where: { subscriptionId: sub.id }, select: { status: true, lastError: true } });
    expect(log.map((d) => d.status).sort()).toEqual(["CANCELLED", "CANCELLED", "DEAD"]);
    expect(log.find((d) => d.status === "CANCELLED")?.lastError).toMatch(/^Not sent: the subscription was disabled after a 410 Gone/);
    // New events no longer fan out to it.
    await emit(t.shop.id, "order.recorded", { orderId: "A-6" });
    expect((await fanOutEvents(db)).deliveries).toBe(0);

    // The owner fixes the receiver and turns it back on: the closed backlog is not blasted.
    answers.set("/gone", 200);
    await updateSubscription(db, t.shop.id, sub.id, { url: `${base}/gone`, description: null, eventTypes: [], active: true });
    await runOutboundDelivery(db);
    expect(received.filter((r) => r.path === "/gone")).toHaveLength(1);
    // Past the retention the closed deliveries' events are pruned like any finished ones.
    await db.outboxEvent.updateMany({ where: { shopId: t.shop.id }, data: { dispatchedAt: new Date(Date.now() - OUTBOX_RETENTION_MS - 60_000) } });
    expect(await pruneOutbox(db)).toBeGreaterThanOrEqual(4);
    expect(await db.outboundDelivery.count({ where: { subscriptionId: sub.id } })).toBe(0);
    await db.webhookSubscription.update({ where: { id: sub.id }, data: { active: false } });
  });

  it("closes pending deliveries when the owner turns a subscription off", async () => {
    const t = await createTestShop();
    answers.set("/paused", 503);
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/paused`, description: null, eventTypes: [] });
    await emit(t.shop.id, "stock.low", { component: "GLAZE" });
    await fanOutEvents(db);
    await deliverDue(db);
    expect(await db.outboundDelivery.findFirstOrThrow({ where: { subscriptionId: sub.id } })).toMatchObject({ status: "FAILED" });
    await updateSubscription(db, t.shop.id, sub.id, { url: `${base}/paused`, description: null, eventTypes: [], active: false });
    expect(await db.outboundDelivery.findFirstOrThrow({ where: { subscriptionId: sub.id } })).toMatchObject({
      status: "CANCELLED",
      lastError: expect.stringMatching(/^Not sent: the subscription was turned off/),
    });
  });

  it("sends each due delivery once when two runners race for it", async () => {
    const t = await createTestShop();
    answers.set("/race", { status: 200, delayMs: 150 });
    await createSubscription(db, t.shop.id, { url: `${base}/race`, description: null, eventTypes: [] });
    const events = [];
    for (const orderId of ["R-1", "R-2", "R-3"]) events.push(await emit(t.shop.id, "order.recorded", { orderId }));
    await fanOutEvents(db);
    // A second client on the same file stands in for a second app instance.
    const other = createDb(env.DATABASE_URL);
    const [one, two] = await Promise.all([deliverDue(db), deliverDue(other)]);
    expect(one.attempted + two.attempted).toBe(3);
    for (const e of events) expect(received.filter((r) => r.path === "/race" && r.headers["webhook-id"] === e.id)).toHaveLength(1);
    expect(await db.outboundDelivery.findMany({ where: { shopId: t.shop.id }, select: { status: true, attempts: true } })).toEqual([
      { status: "SUCCEEDED", attempts: 1 },
      { status: "SUCCEEDED", attempts: 1 },
      { status: "SUCCEEDED", attempts: 1 },
    ]);
    await other.$disconnect();
  });

  it("signs with the old and the new secret for a day after a rotation, so either receiver verifies", async () => {
    const t = await createTestShop();
    const sub = await createSubscription(db, t.shop.id, { url: `${base}/rotated`, description: null, eventTypes: [] });
    const rotated = await rotateSubscriptionSecret(db, t.shop.id, sub.id);
    expect(rotated.previousSecretUntil.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const event = await emit(t.shop.id, "stock.low", { component: "DOUGH" });
    await runOutboundDelivery(db);
    const hit = received.find((r) => r.path === "/rotated" && r.headers["webhook-id"] === event.id);
    if (!hit) throw new Error("not delivered");
    expect(String(hit.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [sub.secret, rotated.secret]) {
      expect(new Webhook(secret).verify(hit.body, headersOf(hit))).toMatchObject({ type: "stock.low", data: { component: "DOUGH" } });
    }
    // Once the grace period is over only the new secret signs.
    await db.webhookSubscription.update({ where: { id: sub.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    const later = await emit(t.shop.id, "stock.low", { component: "DOUGH" });
    await runOutboundDelivery(db);
    const next = received.find((r) => r.path === "/rotated" && r.headers["webhook-id"] === later.id);
    if (!next) throw new Error("not delivered");
    expect(() => new Webhook(sub.secret).verify(next.body, headersOf(next))).toThrow();
    expect(new Webhook(rotated.secret).verify(next.body, headersOf(next))).toMatchObject({ type: "stock.low" });
    await db.webhookSubscription.update({ where: { id: sub.id }, data: { active: false } });
  });

  it("keeps POS ingestion fast while subscribers hang or fail", async () => {
    const t = await createTestShop();
    await applyCatalog(db, t.shop.id, {
      components: [{ code: "DOUGH", name: "Dough", unit: "g" }],
      products: [{ sku: "DONUT", name: "Donut", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }],
    });
    answers.set("/hang", "hang");
    answers.set("/broken", 500);
    await createSubscription(db, t.shop.id, { url: `${base}/hang`, description: null, eventTypes: [] });
    await createSubscription(db, t.shop.id, { url: `${base}/broken`, description: null, eventTypes: [] });
    const generic = t.created.integrations.generic;
    const post = (orderId: string) => {
      const req = signedGenericRequest(`http://localhost/api/webhooks/pos/${generic.id}`, generic.secret, {
        type: "order.created",
        data: genericOrder(orderId, [{ sku: "DONUT", quantity: 2, unitPriceMinor: 250 }]),
      });
      return POST(new Request(req.url, req.init), { params: Promise.resolve({ integrationId: generic.id }) });
    };
    expect((await post("W-1")).status).toBe(202);
    await drainInbox(db);
    await fanOutEvents(db);
    let deliveryDone = false;
    const delivering = deliverDue(db, new Date(), { timeoutMs: 3000 }).then((r) => {
      deliveryDone = true;
      return r;
    });
    // While the delivery run waits on the hanging subscriber, the POS keeps being answered.
    for (let i = 2; i <= 6; i++) {
      const started = Date.now();
      expect((await post(`W-${i}`)).status).toBe(202);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await drainInbox(db);
    expect(deliveryDone).toBe(false);
    expect(await db.order.count({ where: { shopId: t.shop.id } })).toBe(6);
    expect(await db.outboxEvent.count({ where: { shopId: t.shop.id, type: "order.recorded" } })).toBe(6);
    const dough = await db.component.findFirstOrThrow({ where: { shopId: t.shop.id } });
    expect((await getBalances(db, t.shop.id, t.main.id)).get(dough.id)).toBe(-6 * 160);
    expect(await delivering).toMatchObject({ attempted: 2, failed: 2 });
    const errors = (await db.outboundDelivery.findMany({ where: { shopId: t.shop.id }, select: { lastError: true } })).map((d) => d.lastError).sort();
    expect(errors).toEqual(["HTTP 500", "No answer within 3 s"]);
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
