import { describe, expect, it } from "vitest";
import { addDays, businessDateOf, businessDayRange, currentAndPreviousShift, isValidDate, isValidTime, localParts, shiftWindow, zonedTimeToUtc } from "./shift-time";

const NY = "America/New_York";

describe("localParts / businessDateOf", () => {
  it.each([
    ["2026-11-24T04:59:00Z", NY, "2026-11-23", 23, 1],
    ["2026-11-24T05:00:00Z", NY, "2026-11-24", 0, 2],
    ["2026-07-01T03:30:00Z", NY, "2026-06-30", 23, 2],
    ["2026-07-01T03:30:00Z", "UTC", "2026-07-01", 3, 3],
    ["2026-07-01T03:30:00Z", "Asia/Kolkata", "2026-07-01", 9, 3],
  ])("%s in %s is %s %i:xx (weekday %i)", (iso, tz, date, hour, weekday) => {
    const p = localParts(new Date(iso), tz);
    expect(p.date).toBe(date);
    expect(p.hour).toBe(hour);
    expect(p.weekday).toBe(weekday);
    expect(businessDateOf(new Date(iso), tz)).toBe(date);
  });
});

describe("zonedTimeToUtc", () => {
  it.each([
    ["2026-11-24", "00:00", NY, "2026-11-24T05:00:00.000Z"],
    ["2026-07-01", "06:30", NY, "2026-07-01T10:30:00.000Z"],
    // Spring forward (2026-03-08): 02:30 does not exist; it resolves to the instant after the gap.
    ["2026-03-08", "02:30", NY, "2026-03-08T07:30:00.000Z"],
    ["2026-03-08", "03:00", NY, "2026-03-08T07:00:00.000Z"],
    // Fall back (2026-11-01): 01:30 happens twice; the first (EDT) one wins.
    ["2026-11-01", "01:30", NY, "2026-11-01T05:30:00.000Z"],
    ["2026-11-01", "03:00", NY, "2026-11-01T08:00:00.000Z"],
    ["2026-01-15", "12:00", "UTC", "2026-01-15T12:00:00.000Z"],
  ])("%s %s %s → %s", (date, time, tz, iso) => {
    expect(zonedTimeToUtc(date, time, tz).toISOString()).toBe(iso);
  });
});

describe("businessDayRange", () => {
  it.each([
    ["2026-11-24", 24],
    ["2026-03-08", 23],
    ["2026-11-01", 25],
  ])("%s in New York lasts %i hours", (date, hours) => {
    const { start, end } = businessDayRange(date, NY);
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(hours);
    expect(businessDateOf(start, NY)).toBe(date);
    expect(businessDateOf(new Date(end.getTime() - 1), NY)).toBe(date);
    expect(businessDateOf(end, NY)).toBe(addDays(date, 1));
  });
});

describe("validation and date arithmetic", () => {
  it.each([
    ["2026-02-28", true],
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2026-13-01", false],
    ["26-01-01", false],
  ])("isValidDate(%s) = %s", (d, ok) => expect(isValidDate(d)).toBe(ok));
  it.each([
    ["06:00", true],
    ["23:59", true],
    ["24:00", false],
    ["6:00", false],
    ["12:60", false],
  ])("isValidTime(%s) = %s", (t, ok) => expect(isValidTime(t)).toBe(ok));
  it("adds days across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("shift windows", () => {
  const morning = { id: "m", name: "Morning", startTime: "06:00", endTime: "14:00" };
  const evening = { id: "e", name: "Evening", startTime: "14:00", endTime: "22:00" };
  const night = { id: "n", name: "Night", startTime: "22:00", endTime: "06:00" };
  const shifts = [morning, evening, night];

  it("an overnight shift ends the next local day", () => {
    const w = shiftWindow(night, "2026-11-24", NY);
    expect(w.start.toISOString()).toBe("2026-11-25T03:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-11-25T11:00:00.000Z");
  });

  it("an overnight shift across fall-back lasts 9 hours", () => {
    const w = shiftWindow(night, "2026-10-31", NY);
    expect((w.end.getTime() - w.start.getTime()) / 3_600_000).toBe(9);
  });

  it.each([
    ["2026-11-24T15:00:00Z", "Morning", "Night"], // 10:00 local
    ["2026-11-24T20:00:00Z", "Evening", "Morning"], // 15:00 local
    ["2026-11-25T06:00:00Z", "Night", "Evening"], // 01:00 local, after midnight
  ])("at %s the current shift is %s and the previous %s", (iso, current, previous) => {
    const r = currentAndPreviousShift(shifts, new Date(iso), NY);
    expect(r.current?.shift.name).toBe(current);
    expect(r.previous?.shift.name).toBe(previous);
  });

  it("between shifts the last one that ran is current", () => {
    const r = currentAndPreviousShift([morning], new Date("2026-11-24T23:00:00Z"), NY);
    expect(r.current?.shift.name).toBe("Morning");
    expect(r.current?.date).toBe("2026-11-24");
    expect(r.previous?.date).toBe("2026-11-23");
  });

  it("no shifts gives nothing", () => {
    expect(currentAndPreviousShift([], new Date(), NY)).toEqual({ current: null, previous: null });
  });
});
