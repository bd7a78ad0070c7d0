// First: this file checks the guard itself, with private URLs refused as in production.
import "../testing/refuse-private-urls";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { fanOutEvents, deliverDue, PRIVATE_URL_MESSAGE } from "./outbound";
import { enqueueEvent } from "./outbox";

let server: Server;
let port: number;
let hits = 0;
let t: TestShop;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(200).end("internal");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  t = await createTestShop();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("outbound webhooks never reach the internal network", () => {
  it.each([
    ["loopback", () => `http://127.0.0.1:${port}/hook`],
    ["localhost", () => `http://localhost:${port}/hook`],
    ["IPv6 loopback", () => `http://[::1]:${port}/hook`],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/"],
    ["a private LAN address", () => "https://10.0.0.7/hook"],
    ["IPv4-mapped IPv6", () => "http://[::ffff:127.0.0.1]/hook"],
  ])("refuses a subscription to %s with a message beside the URL field", async (_n, url) => {
    await expect(t.callers.owner.subscriptions.create({ url: url(), eventTypes: [] })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { details: { fields: { url: PRIVATE_URL_MESSAGE } } },
    });
  });

  it("accepts a public address, and refuses to switch it to an internal one", async () => {
    const created = await t.callers.owner.subscriptions.create({ url: "https://hooks.example.com/backroom", eventTypes: [] });
    await expect(
      t.callers.owner.subscriptions.update({ id: created.id, url: `http://127.0.0.1:${port}/`, eventTypes: [], active: true }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await t.callers.owner.subscriptions.delete({ id: created.id });
  });

  it("checks the address again when sending, so a name re-pointed inside gets nothing", async () => {
    // Stored as if it had resolved publicly when subscribed (DNS rebinding), and a literal one.
    for (const url of [`http://localhost:${port}/rebound`, `http://127.0.0.1:${port}/literal`]) {
      await db.webhookSubscription.create({ data: { shopId: t.shop.id, url, secret: "whsec_" + Buffer.from("a-secret-of-24-bytes-xx!").toString("base64"), eventTypes: "[]" } });
    }
    const [rebound] = await db.webhookSubscription.findMany({ where: { shopId: t.shop.id }, orderBy: { createdAt: "asc" } });
    // Test-send shows only that it was refused: no status code or error from the internal host.
    const test = await t.callers.owner.subscriptions.sendTest({ id: rebound?.id ?? "" });
    expect(test).toMatchObject({ status: "FAILED", statusCode: null, error: `Not sent: ${PRIVATE_URL_MESSAGE}` });
    await db.$transaction((tx) => enqueueEvent(tx, t.shop.id, "stock.low", { component: "DOUGH" }));
    await fanOutEvents(db);
    await deliverDue(db);
    const errors = await db.outboundDelivery.findMany({ where: { shopId: t.shop.id }, select: { lastError: true } });
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e.lastError === `Not sent: ${PRIVATE_URL_MESSAGE}`)).toBe(true);
    expect(hits).toBe(0);
  });
});
