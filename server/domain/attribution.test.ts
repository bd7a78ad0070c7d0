import { describe, expect, test } from "vitest";
import { attributeOrder, attributionSegments, windowEnd } from "./attribution";

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

describe("attributionSegments", () => {
  test("overlapping windows become disjoint stretches, the latest send owning its window", () => {
    expect(attributionSegments(campaigns).map((s) => [s.code, s.start.toISOString(), s.end.toISOString()])).toEqual([
      ["nl-1", "2026-11-20T14:00:00.000Z", "2026-11-21T20:00:00.000Z"],
      ["sms-1", "2026-11-21T20:00:00.000Z", "2026-11-21T22:00:00.000Z"],
      ["nl-1", "2026-11-21T22:00:00.000Z", "2026-11-22T14:00:00.000Z"],
    ]);
  });

  test("agree with attributeOrder at every minute of a tangle of windows", () => {
    const t0 = Date.parse("2026-11-01T00:00:00Z");
    const tangle = [
      { code: "a", sentAt: new Date(t0), attributionWindowHours: 48 },
      { code: "b", sentAt: new Date(t0 + 3_600_000 * 5), attributionWindowHours: 2 },
      { code: "c", sentAt: new Date(t0 + 3_600_000 * 6), attributionWindowHours: 60 },
      { code: "d", sentAt: new Date(t0 + 3_600_000 * 6), attributionWindowHours: 1 }, // same send as c: c is listed first
      { code: "e", sentAt: new Date(t0 + 3_600_000 * 70), attributionWindowHours: 3 },
      { code: "f", sentAt: null, attributionWindowHours: 5 },
    ];
    const segments = attributionSegments(tangle);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start.getTime()).toBeGreaterThanOrEqual(segments[i - 1]!.end.getTime());
    for (let m = -60; m < 80 * 60; m += 7) {
      const placedAt = new Date(t0 + m * 60_000);
      const owner = segments.find((s) => placedAt >= s.start && placedAt < s.end)?.code ?? null;
      expect(owner).toBe(attributeOrder({ campaign: null, placedAt }, tangle)?.code ?? null);
    }
  });
});
