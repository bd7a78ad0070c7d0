import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("Shop A");
  b = await createTestShop("Shop B");
});

describe("subscriptions router", () => {
  it("is the owner's alone", async () => {
    for (const caller of [a.callers.manager, a.callers.staff]) {
      await expect(caller.subscriptions.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.subscriptions.create({ url: "https://example.com/x", eventTypes: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(a.callers.anonymous.subscriptions.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows the secret once, then only a hint; rotates; validates input", async () => {
    const { owner } = a.callers;
    const created = await owner.subscriptions.create({ url: "https://hooks.example.com/backroom", description: "Newsletter", eventTypes: ["stock.low"] });
    expect(created.secret).toMatch(/^whsec_/);
    const list = await owner.subscriptions.list();
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(list[0]).toMatchObject({ url: "https://hooks.example.com/backroom", eventTypes: ["stock.low"], secretHint: `…${created.secret.slice(-4)}` });
    const rotated = await owner.subscriptions.rotateSecret({ id: created.id });
    expect(rotated.secret).not.toBe(created.secret);
    await expect(owner.subscriptions.create({ url: "ftp://x", eventTypes: [] })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(owner.subscriptions.create({ url: "https://x.example", eventTypes: ["nope"] })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });

  it("refuses another shop's subscription and deliveries", async () => {
    const created = await b.callers.owner.subscriptions.create({ url: "https://b.example/hook", eventTypes: [] });
    const { owner } = a.callers;
    await expect(owner.subscriptions.update({ id: created.id, url: "https://evil.example", eventTypes: [], active: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.subscriptions.rotateSecret({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.subscriptions.delete({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.subscriptions.deliveries({ subscriptionId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.subscriptions.sendTest({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const event = await db.outboxEvent.create({ data: { shopId: b.shop.id, type: "stock.low", payload: "{}" } });
    const delivery = await db.outboundDelivery.create({ data: { shopId: b.shop.id, subscriptionId: created.id, eventId: event.id } });
    await expect(owner.subscriptions.replay({ deliveryId: delivery.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.subscriptions.list()).some((s) => s.id === created.id)).toBe(false);
  });
});
