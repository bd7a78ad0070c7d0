import { describe, expect, it } from "vitest";
import { tomorrowLocalDate, utcToZonedLocal, zonedDate, zonedLocalToUtc } from "./drop-time";

const NY = "America/New_York";

describe("shop-local drop times", () => {
  it.each([
    ["winter (EST, UTC−5)", "2026-11-27T22:00", "2026-11-28T03:00:00.000Z"],
    ["summer (EDT, UTC−4)", "2026-07-04T09:00", "2026-07-04T13:00:00.000Z"],
    ["the day DST starts, after the jump", "2026-03-08T03:30", "2026-03-08T07:30:00.000Z"],
    ["the day DST ends, after the repeat", "2026-11-01T02:30", "2026-11-01T07:30:00.000Z"],
    ["midnight", "2026-12-31T00:00", "2026-12-31T05:00:00.000Z"],
  ])("converts %s", (_n, local, utc) => {
    expect(zonedLocalToUtc(local, NY).toISOString()).toBe(utc);
    expect(utcToZonedLocal(new Date(utc), NY)).toBe(local);
  });

  it("works in UTC and east of it", () => {
    expect(zonedLocalToUtc("2026-11-27T22:00", "UTC").toISOString()).toBe("2026-11-27T22:00:00.000Z");
    expect(zonedLocalToUtc("2026-11-27T22:00", "Asia/Tokyo").toISOString()).toBe("2026-11-27T13:00:00.000Z");
  });

  it.each(["", "2026-11-27", "2026-11-27 22:00", "tomorrow"])("refuses %j", (bad) => {
    expect(() => zonedLocalToUtc(bad, NY)).toThrow(/local time/);
  });

  it("gives the shop-local date, which differs from UTC's late in the evening", () => {
    expect(zonedDate(new Date("2026-11-28T03:00:00Z"), NY)).toBe("2026-11-27");
    expect(tomorrowLocalDate(NY, new Date("2026-11-28T03:00:00Z"))).toBe("2026-11-28");
  });
});
