import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  arrivalAt,
  decideReorder,
  nextWindowAt,
  parseWindows,
  ruleFieldErrors,
  suggestRuleDefaults,
  windowsForCadence,
  zonedTimeToUtc,
} from "./resupply";

const NY = "America/New_York";

describe("parseWindows", () => {
  it.each([
    [["07:00"], [{ minutes: 420, weekdays: null }]],
    [["Mon,Thu 06:30"], [{ minutes: 390, weekdays: [1, 4] }]],
    [["sat 23:59", "00:00"], [{ minutes: 1439, weekdays: [6] }, { minutes: 0, weekdays: null }]],
  ])("parses %j", (entries, expected) => {
    expect(parseWindows(entries)).toEqual(expected);
  });
  it.each([["7"], ["24:00"], ["Funday 07:00"], ["07:60"]])("refuses %s", (entry) => {
    expect(() => parseWindows([entry])).toThrow(DomainError);
  });
});

describe("windowsForCadence", () => {
  it.each([
    ["DAILY", [], 1],
    ["DAILY", ["05:00", "09:00"], 1],
    ["TWICE_DAILY", [], 2],
    ["WINDOWS", ["Mon 07:00", "Wed 07:00", "Fri 07:00"], 3],
  ] as const)("%s with %j gives %i windows", (cadence, entries, count) => {
    expect(windowsForCadence(cadence, entries)).toHaveLength(count);
  });
  it("needs a window for WINDOWS", () => {
    expect(() => windowsForCadence("WINDOWS", [])).toThrow(DomainError);
  });
});

describe("zonedTimeToUtc / nextWindowAt", () => {
  it.each([
    ["winter", 2026, 11, 24, 7 * 60, Date.UTC(2026, 10, 24, 12)],
    ["summer", 2026, 7, 6, 7 * 60, Date.UTC(2026, 6, 6, 11)],
  ])("converts New York wall time in %s", (_n, y, m, d, minutes, expected) => {
    expect(zonedTimeToUtc(y, m, d, minutes, NY)).toBe(expected);
  });

  const daily7 = parseWindows(["07:00"]);
  it.each([
    ["before today's window", Date.UTC(2026, 10, 24, 10), daily7, Date.UTC(2026, 10, 24, 12)],
    ["exactly at the window", Date.UTC(2026, 10, 24, 12), daily7, Date.UTC(2026, 10, 24, 12)],
    ["after today's window", Date.UTC(2026, 10, 24, 13), daily7, Date.UTC(2026, 10, 25, 12)],
    // Tuesday 2026-11-24 → next Friday 07:00 local.
    ["a weekday-only window", Date.UTC(2026, 10, 24, 13), parseWindows(["Fri 07:00"]), Date.UTC(2026, 10, 27, 12)],
    ["the nearer of two windows", Date.UTC(2026, 10, 24, 13), parseWindows(["07:00", "15:00"]), Date.UTC(2026, 10, 24, 20)],
  ])("finds the next window %s", (_n, from, windows, expected) => {
    expect(nextWindowAt(windows, from, NY)).toBe(expected);
  });

  it("adds the lead time before looking for a window", () => {
    // 10:00 UTC + 24 h lead = Wed 05:00 local → Wed 07:00 local.
    expect(arrivalAt(daily7, 24, Date.UTC(2026, 10, 24, 10), NY)).toBe(Date.UTC(2026, 10, 25, 12));
  });
});

describe("decideReorder", () => {
  it.each([
    ["above the reorder point", 500, 400, 2000, 0],
    ["exactly at the reorder point", 400, 400, 2000, 0],
    ["under the reorder point", 399, 400, 2000, 1601],
    ["negative projection", -150, 400, 2000, 2150],
    ["fractional projection rounds up", 100.4, 400, 2000, 1900],
  ])("%s", (_n, projectedAtArrival, reorderPoint, targetLevel, expected) => {
    expect(decideReorder({ projectedAtArrival, reorderPoint, targetLevel })).toBe(expected);
  });
});

describe("suggestRuleDefaults", () => {
  it.each([
    ["daily, 24 h lead", 1000, 24, "DAILY", ["07:00"], { reorderPoint: 1500, targetLevel: 2500 }],
    ["twice daily, 12 h lead", 1000, 12, "TWICE_DAILY", [], { reorderPoint: 1000, targetLevel: 1500 }],
    ["weekly window", 70, 0, "WINDOWS", ["Mon 07:00"], { reorderPoint: 35, targetLevel: 525 }],
    ["no usage yet", 0, 24, "DAILY", [], { reorderPoint: 0, targetLevel: 1 }],
  ] as const)("%s", (_n, dailyUsage, leadTimeHours, cadence, entries, expected) => {
    expect(suggestRuleDefaults({ dailyUsage, leadTimeHours, cadence, windows: windowsForCadence(cadence, entries) })).toEqual(expected);
  });
});

describe("ruleFieldErrors", () => {
  it.each([
    [{ reorderPoint: 10, targetLevel: 20, leadTimeHours: 24 }, []],
    [{ reorderPoint: -1, targetLevel: 20, leadTimeHours: 24 }, ["reorderPoint"]],
    [{ reorderPoint: 10, targetLevel: 10, leadTimeHours: 24 }, ["targetLevel"]],
    [{ reorderPoint: 10, targetLevel: 20, leadTimeHours: 1.5 }, ["leadTimeHours"]],
  ])("%j", (input, fields) => {
    expect(Object.keys(ruleFieldErrors(input))).toEqual(fields);
  });
});
