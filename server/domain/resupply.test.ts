import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  arrivalAt,
  decideReorder,
  describeReason,
  latestWindowBetween,
  mergeManualNeed,
  nextWindowAt,
  openLineKey,
  parseWindows,
  planDraftLine,
  ruleFieldErrors,
  suggestRuleDefaults,
  windowsForCadence,
  windowNameAt,
  zonedTimeToUtc,
} from "./resupply";

const NY = "America/New_York";

describe("parseWindows", () => {
  it.each([
    [["07:00"], [{ minutes: 420, weekdays: null, name: null }]],
    [["Mon,Thu 06:30"], [{ minutes: 390, weekdays: [1, 4], name: null }]],
    [["sat 23:59", "00:00"], [{ minutes: 1439, weekdays: [6], name: null }, { minutes: 0, weekdays: null, name: null }]],
    [["Bakery run: Mon,Thu 08:00"], [{ minutes: 480, weekdays: [1, 4], name: "Bakery run" }]],
    [["Late top-up:  15:30"], [{ minutes: 930, weekdays: null, name: "Late top-up" }]],
  ])("parses %j", (entries, expected) => {
    expect(parseWindows(entries)).toEqual(expected);
  });
  it.each([["7"], ["24:00"], ["Funday 07:00"], ["07:60"], ["Bakery run Mon 08:00"], ["Bakery run: Funday 08:00"], [`${"x".repeat(41)}: 08:00`]])(
    "refuses %s",
    (entry) => {
      expect(() => parseWindows([entry])).toThrow(DomainError);
    },
  );
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

describe("latestWindowBetween", () => {
  const daily7 = parseWindows(["07:00"]);
  const monThu = parseWindows(["Mon,Thu 08:00"]);
  // Tuesday 2026-11-24 10:00 UTC (05:00 in New York).
  const tue = Date.UTC(2026, 10, 24, 10);
  it.each([
    ["the last daily window before the need", daily7, tue, Date.UTC(2026, 10, 27, 15), Date.UTC(2026, 10, 27, 12)],
    ["a window exactly at the need", daily7, tue, Date.UTC(2026, 10, 27, 12), Date.UTC(2026, 10, 27, 12)],
    ["the previous day when the need is before the window", daily7, tue, Date.UTC(2026, 10, 27, 11), Date.UTC(2026, 10, 26, 12)],
    ["Thursday for a Saturday need on Mon,Thu", monThu, tue, Date.UTC(2026, 10, 28, 15), Date.UTC(2026, 10, 26, 13)],
    ["none when the only windows are too early", monThu, Date.UTC(2026, 10, 26, 14), Date.UTC(2026, 10, 28, 15), null],
    ["none for a need before the start", daily7, tue, tue - 1, null],
  ])("%s", (_n, windows, from, until, expected) => {
    expect(latestWindowBetween(windows, from, until, NY)).toBe(expected);
  });
  it("crosses the autumn DST change", () => {
    // Sunday 2026-11-01 is the switch in New York: 07:00 EST is 12:00 UTC.
    expect(latestWindowBetween(daily7, Date.UTC(2026, 9, 30), Date.UTC(2026, 10, 1, 13), NY)).toBe(Date.UTC(2026, 10, 1, 12));
  });
});

describe("windowNameAt", () => {
  const windows = parseWindows(["Bakery run: Mon,Thu 08:00", "15:00"]);
  it.each([
    ["a Thursday 08:00 delivery", Date.UTC(2026, 10, 26, 13), "Bakery run"],
    ["a Tuesday 08:00 delivery (not that run's day)", Date.UTC(2026, 10, 24, 13), null],
    ["an unnamed window", Date.UTC(2026, 10, 26, 20), null],
  ])("%s", (_n, at, expected) => {
    expect(windowNameAt(windows, at, NY)).toBe(expected);
  });
});

describe("planDraftLine", () => {
  const rule = { reorderPoint: 2000, targetLevel: 6000 };
  it.each([
    ["no line, above the reorder point", 2500, null, { action: "none" }],
    ["no line, exactly at the reorder point", 2000, null, { action: "none" }],
    ["no line, under the reorder point", 1900, null, { action: "raise", quantity: 4100 }],
    ["a scan line after more sales", 1500, { quantity: 4100, pinned: false }, { action: "update", quantity: 4500 }],
    ["a scan line after a refund, still under the target", 2500, { quantity: 4100, pinned: false }, { action: "update", quantity: 3500 }],
    ["a scan line whose projection did not move", 1900, { quantity: 4100, pinned: false }, { action: "keep" }],
    ["a scan line once the rest reaches the target", 6000, { quantity: 4100, pinned: false }, { action: "remove" }],
    ["a person's line, even far under the reorder point", -5000, { quantity: 100, pinned: true }, { action: "keep" }],
    ["a person's line no longer needed", 9000, { quantity: 100, pinned: true }, { action: "keep" }],
  ] as const)("%s", (_n, projectedWithoutLine, existing, expected) => {
    expect(planDraftLine({ projectedWithoutLine, ...rule, existing })).toEqual(expected);
  });
});

describe("mergeManualNeed", () => {
  const scanLine = { quantity: 3000, reason: "1200 g on hand: projected 900 g is under the reorder point of 1000 g." };
  it("adds an extra need on top and keeps both reasons", () => {
    expect(mergeManualNeed(scanLine, { quantity: 2500, reason: "Office catering on Friday", unit: "g" })).toEqual({
      quantity: 5500,
      reason: `${scanLine.reason}\nOffice catering on Friday (+2500 g)`,
    });
  });
  it("recognises the same need submitted twice", () => {
    const once = mergeManualNeed(scanLine, { quantity: 2500, reason: "Office catering on Friday", unit: "g" });
    expect(once && mergeManualNeed(once, { quantity: 2500, reason: "Office catering on Friday", unit: "g" })).toBeNull();
    // A different quantity is a different need.
    expect(once && mergeManualNeed(once, { quantity: 500, reason: "Office catering on Friday", unit: "g" })).toMatchObject({ quantity: 6000 });
  });
});

describe("keys and reasons", () => {
  it("keys a draft line by location, component and window", () => {
    const at = Date.UTC(2026, 10, 26, 13);
    expect(openLineKey("loc", "cmp", at)).toBe("loc|cmp|2026-11-26T13:00:00.000Z");
    expect(openLineKey("loc", "cmp", at)).not.toBe(openLineKey("loc", "cmp", at + 86_400_000));
  });
  it.each([
    ["under the reorder point", 900, /under the reorder point of 1000 g/],
    ["kept open above it, under the target", 1500, /under the target of 3000 g/],
  ])("says why: %s", (_n, projectedAtArrival, expected) => {
    expect(
      describeReason({ onHand: 1200, usage: 300, incoming: 0, projectedAtArrival, reorderPoint: 1000, targetLevel: 3000, unit: "g", arrivalLabel: "Thu 7:00 AM" }),
    ).toMatch(expected);
  });
});
