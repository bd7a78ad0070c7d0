import { describe, expect, test } from "vitest";
import {
  addDays,
  daysBetween,
  formatZonedIso,
  isBusinessDate,
  isSameBusinessDay,
  localParts,
  monthStart,
  parseLocalDateTime,
  startOfBusinessDay,
  toLocalDateTime,
  weekStart,
  zonedInstant,
} from "./business-day";

const NY = "America/New_York";

describe("localParts in the shop's time zone", () => {
  test.each([
    // Winter (EST, UTC−5): local midnight is 05:00Z.
    { at: "2026-11-24T04:59:59Z", tz: NY, out: { businessDate: "2026-11-23", localHour: 23, weekday: 1 } },
    { at: "2026-11-24T05:00:00Z", tz: NY, out: { businessDate: "2026-11-24", localHour: 0, weekday: 2 } },
    // Summer (EDT, UTC−4): local midnight is 04:00Z.
    { at: "2026-07-04T03:59:00Z", tz: NY, out: { businessDate: "2026-07-03", localHour: 23, weekday: 5 } },
    { at: "2026-07-04T04:00:00Z", tz: NY, out: { businessDate: "2026-07-04", localHour: 0, weekday: 6 } },
    // Spring forward 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    { at: "2026-03-08T06:59:00Z", tz: NY, out: { businessDate: "2026-03-08", localHour: 1, weekday: 0 } },
    { at: "2026-03-08T07:00:00Z", tz: NY, out: { businessDate: "2026-03-08", localHour: 3, weekday: 0 } },
    // Fall back 2026-11-01: 01:00–02:00 happens twice.
    { at: "2026-11-01T05:30:00Z", tz: NY, out: { businessDate: "2026-11-01", localHour: 1, weekday: 0 } },
    { at: "2026-11-01T06:30:00Z", tz: NY, out: { businessDate: "2026-11-01", localHour: 1, weekday: 0 } },
    // Other zones: ahead of UTC, and UTC itself.
    { at: "2026-11-23T23:30:00Z", tz: "Europe/Berlin", out: { businessDate: "2026-11-24", localHour: 0, weekday: 2 } },
    { at: "2026-11-23T23:30:00Z", tz: "UTC", out: { businessDate: "2026-11-23", localHour: 23, weekday: 1 } },
  ])("$at in $tz", ({ at, tz, out }) => {
    expect(localParts(new Date(at), tz)).toEqual(out);
  });
});

describe("start of a business day", () => {
  test.each([
    { date: "2026-11-24", tz: NY, utc: "2026-11-24T05:00:00.000Z" },
    { date: "2026-07-04", tz: NY, utc: "2026-07-04T04:00:00.000Z" },
    // The DST days themselves start at midnight before the change.
    { date: "2026-03-08", tz: NY, utc: "2026-03-08T05:00:00.000Z" },
    { date: "2026-03-09", tz: NY, utc: "2026-03-09T04:00:00.000Z" },
    { date: "2026-11-01", tz: NY, utc: "2026-11-01T04:00:00.000Z" },
    { date: "2026-11-02", tz: NY, utc: "2026-11-02T05:00:00.000Z" },
    { date: "2026-11-24", tz: "Asia/Kolkata", utc: "2026-11-23T18:30:00.000Z" },
  ])("$date in $tz", ({ date, tz, utc }) => {
    expect(startOfBusinessDay(date, tz).toISOString()).toBe(utc);
  });

  test("local wall-clock times on either side of DST", () => {
    expect(zonedInstant("2026-03-08", NY, 9, 30).toISOString()).toBe("2026-03-08T13:30:00.000Z");
    expect(zonedInstant("2026-03-07", NY, 9, 30).toISOString()).toBe("2026-03-07T14:30:00.000Z");
    expect(zonedInstant("2026-11-01", NY, 22, 0).toISOString()).toBe("2026-11-02T03:00:00.000Z");
  });

  test("the spring-forward day is 23 hours long and the fall-back day 25", () => {
    const len = (d: string) => (startOfBusinessDay(addDays(d, 1), NY).getTime() - startOfBusinessDay(d, NY).getTime()) / 3_600_000;
    expect(len("2026-03-08")).toBe(23);
    expect(len("2026-11-01")).toBe(25);
    expect(len("2026-11-24")).toBe(24);
  });
});

describe("calendar arithmetic", () => {
  test.each([
    { d: "2026-11-24", n: 1, out: "2026-11-25" },
    { d: "2026-12-31", n: 1, out: "2027-01-01" },
    { d: "2028-03-01", n: -1, out: "2028-02-29" },
    { d: "2026-03-08", n: 1, out: "2026-03-09" },
  ])("addDays($d, $n)", ({ d, n, out }) => expect(addDays(d, n)).toBe(out));

  test.each([
    { d: "2026-11-24", out: "2026-11-23" }, // Tuesday → Monday
    { d: "2026-11-23", out: "2026-11-23" }, // Monday
    { d: "2026-11-29", out: "2026-11-23" }, // Sunday belongs to the week that began on Monday
  ])("weekStart($d)", ({ d, out }) => expect(weekStart(d)).toBe(out));

  test("daysBetween, monthStart and date validation", () => {
    expect(daysBetween("2026-11-01", "2026-11-30")).toBe(29);
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31);
    expect(monthStart("2026-11-24")).toBe("2026-11-01");
    expect(isBusinessDate("2026-02-29")).toBe(false);
    expect(isBusinessDate("2028-02-29")).toBe(true);
    expect(isBusinessDate("2026-1-01")).toBe(false);
  });
});

describe("same business day, wall-clock input and zoned ISO", () => {
  test.each([
    { name: "09:00 → 11:30 the same morning", a: "2026-11-03T14:00:00Z", b: "2026-11-03T16:30:00Z", out: true },
    { name: "23:30 → 00:30 the next local day (same UTC date)", a: "2026-11-05T04:30:00Z", b: "2026-11-05T05:30:00Z", out: false },
    { name: "00:30 → 23:30 the same local day (different UTC dates)", a: "2026-11-05T05:30:00Z", b: "2026-11-06T04:30:00Z", out: true },
    { name: "fall-back day: 00:30 EDT → 23:30 EST, 24 h later", a: "2026-11-01T04:30:00Z", b: "2026-11-02T04:30:00Z", out: true },
    { name: "spring-forward day: 22:00 → 23:59 EDT", a: "2026-03-09T02:00:00Z", b: "2026-03-09T03:59:00Z", out: true },
    { name: "spring-forward day: 22:10 EDT → 00:30 EDT next day", a: "2026-03-09T02:10:00Z", b: "2026-03-09T04:30:00Z", out: false },
  ])("$name", ({ a, b, out }) => {
    expect(isSameBusinessDay(new Date(a), new Date(b), NY)).toBe(out);
  });

  test.each([
    { value: "2026-11-20T09:00", tz: NY, utc: "2026-11-20T14:00:00.000Z" },
    { value: "2026-07-20T09:00", tz: NY, utc: "2026-07-20T13:00:00.000Z" },
    { value: "2026-11-20T09:00", tz: "Europe/Berlin", utc: "2026-11-20T08:00:00.000Z" },
    { value: "2026-11-20T09:00", tz: "Asia/Kolkata", utc: "2026-11-20T03:30:00.000Z" },
    // 02:30 does not exist on 2026-03-08 in New York: read with the offset before the change.
    { value: "2026-03-08T02:30", tz: NY, utc: "2026-03-08T07:30:00.000Z" },
    // 01:30 happens twice on 2026-11-01: the first (EDT) one.
    { value: "2026-11-01T01:30", tz: NY, utc: "2026-11-01T05:30:00.000Z" },
    { value: "2026-11-20T09:00:00", tz: NY, utc: "2026-11-20T14:00:00.000Z" },
  ])("parseLocalDateTime($value, $tz)", ({ value, tz, utc }) => {
    expect(parseLocalDateTime(value, tz)?.toISOString()).toBe(utc);
  });

  test.each(["", "2026-11-20", "2026-02-30T09:00", "2026-11-20T24:00", "2026-11-20T09:60", "yesterday"])("parseLocalDateTime refuses %j", (value) => {
    expect(parseLocalDateTime(value, NY)).toBeNull();
  });

  test("toLocalDateTime and formatZonedIso read the shop's wall clock, not the machine's", () => {
    expect(toLocalDateTime(new Date("2026-11-20T14:00:00Z"), NY)).toBe("2026-11-20T09:00");
    expect(toLocalDateTime(new Date("2026-11-20T14:00:00Z"), "Asia/Tokyo")).toBe("2026-11-20T23:00");
    expect(formatZonedIso(new Date("2026-11-20T14:00:00Z"), NY)).toBe("2026-11-20T09:00:00-05:00");
    expect(formatZonedIso(new Date("2026-07-20T14:00:00Z"), NY)).toBe("2026-07-20T10:00:00-04:00");
    expect(formatZonedIso(new Date("2026-07-20T14:00:00Z"), "Asia/Kolkata")).toBe("2026-07-20T19:30:00+05:30");
    for (const iso of ["2026-03-08T07:30:00Z", "2026-11-01T06:15:00Z"]) {
      const d = new Date(iso);
      expect(parseLocalDateTime(toLocalDateTime(d, "Europe/Berlin"), "Europe/Berlin")?.getTime()).toBe(d.getTime());
    }
  });
});
