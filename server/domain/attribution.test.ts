import { describe, expect, test } from "vitest";
import { attributeOrder, windowEnd } from "./attribution";

const at = (s: string) => new Date(s);
const campaigns = [
  { code: "nl-1", sentAt: at("2026-11-20T14:00:00Z"), attributionWindowHours: 48 },
  { code: "sms-1", sentAt: at("2026-11-21T20:00:00Z"), attributionWindowHours: 2 },
  { code: "draft", sentAt: null, attributionWindowHours: 24 },
];

describe("attributeOrder", () => {
  test.each([
    { name: "explicit code wins even outside every window", order: { campaign: "old-promo", placedAt: at("2026-10-01T10:00:00Z") }, out: { code: "old-promo", via: "explicit" } },
    { name: "explicit code wins inside another campaign's window", order: { campaign: "nl-1", placedAt: at("2026-11-21T20:30:00Z") }, out: { code: "nl-1", via: "explicit" } },
    { name: "before the send: nothing", order: { campaign: null, placedAt: at("2026-11-20T13:59:59Z") }, out: null },
    { name: "at the send instant: inside", order: { campaign: null, placedAt: at("2026-11-20T14:00:00Z") }, out: { code: "nl-1", via: "window" } },
    { name: "overlap goes to the most recent send", order: { campaign: null, placedAt: at("2026-11-21T21:00:00Z") }, out: { code: "sms-1", via: "window" } },
    { name: "after the short window, back to the long one", order: { campaign: null, placedAt: at("2026-11-21T22:00:00Z") }, out: { code: "nl-1", via: "window" } },
    { name: "window end is exclusive", order: { campaign: null, placedAt: at("2026-11-22T14:00:00Z") }, out: null },
    { name: "unsent campaigns have no window", order: { campaign: null, placedAt: at("2026-11-25T10:00:00Z") }, out: null },
  ])("$name", ({ order, out }) => {
    expect(attributeOrder(order, campaigns)).toEqual(out);
  });

  test("2 h versus 48 h windows", () => {
    const placedAt = at("2026-11-20T17:00:00Z"); // three hours after sending
    expect(attributeOrder({ campaign: null, placedAt }, [{ code: "x", sentAt: at("2026-11-20T14:00:00Z"), attributionWindowHours: 2 }])).toBeNull();
    expect(attributeOrder({ campaign: null, placedAt }, [{ code: "x", sentAt: at("2026-11-20T14:00:00Z"), attributionWindowHours: 48 }])).toEqual({ code: "x", via: "window" });
    expect(windowEnd({ code: "x", sentAt: at("2026-11-20T14:00:00Z"), attributionWindowHours: 2 })?.toISOString()).toBe("2026-11-20T16:00:00.000Z");
  });
});
