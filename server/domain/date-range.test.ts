import { describe, expect, test } from "vitest";
import { DomainError } from "./errors";
import { defaultGranularity, MAX_RANGE_DAYS, resolveRange, validateCustomRange } from "./date-range";

describe("resolveRange", () => {
  test.each([
    { input: { preset: "7d" as const }, from: "2026-11-18", to: "2026-11-24", prev: ["2026-11-11", "2026-11-17"] },
    { input: { preset: "30d" as const }, from: "2026-10-26", to: "2026-11-24", prev: ["2026-09-26", "2026-10-25"] },
    { input: { preset: "90d" as const }, from: "2026-08-27", to: "2026-11-24", prev: ["2026-05-29", "2026-08-26"] },
    // This month to date compares with the same days of last month.
    { input: { preset: "month" as const }, from: "2026-11-01", to: "2026-11-24", prev: ["2026-10-01", "2026-10-24"] },
    { input: { preset: "custom" as const, from: "2026-01-01", to: "2026-01-31" }, from: "2026-01-01", to: "2026-01-31", prev: ["2025-12-01", "2025-12-31"] },
    { input: { preset: "custom" as const, from: "2026-06-15", to: "2026-06-15" }, from: "2026-06-15", to: "2026-06-15", prev: ["2026-06-14", "2026-06-14"] },
  ])("$input.preset $input.from", ({ input, from, to, prev }) => {
    const r = resolveRange(input, "2026-11-24");
    expect([r.from, r.to]).toEqual([from, to]);
    expect([r.previous.from, r.previous.to]).toEqual(prev);
    expect(r.previous.days).toBe(r.days);
  });

  test("this month on the 31st compares with a shorter previous month without overlapping", () => {
    const r = resolveRange({ preset: "month" }, "2026-03-31");
    expect([r.from, r.to, r.days]).toEqual(["2026-03-01", "2026-03-31", 31]);
    expect(r.previous).toEqual({ from: "2026-02-01", to: "2026-02-28", days: 28 });
  });

  test.each([
    { input: { preset: "custom" as const }, field: "from" },
    { input: { preset: "custom" as const, from: "2026-02-30", to: "2026-03-01" }, field: "from" },
    { input: { preset: "custom" as const, from: "2026-03-02", to: "2026-03-01" }, field: "to" },
    { input: { preset: "custom" as const, from: "2024-01-01", to: "2026-01-01" }, field: "from" },
  ])("refuses $input.from – $input.to naming $field", ({ input, field }) => {
    try {
      resolveRange(input, "2026-11-24");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("UNPROCESSABLE");
      expect((e as DomainError).details).toMatchObject({ fields: { [field]: expect.any(String) } });
    }
  });

  test.each([
    { name: "a fine range", from: "2026-11-01", to: "2026-11-24", out: {} },
    { name: "exactly the longest range", from: "2025-11-24", to: "2026-11-24", out: {} },
    { name: "one day too long", from: "2025-11-23", to: "2026-11-24", out: { from: `Pick at most ${MAX_RANGE_DAYS} days (this range has 367).` } },
    { name: "ends before it starts", from: "2026-11-10", to: "2026-11-01", out: { to: "The end date must be on or after the start date." } },
    { name: "ends tomorrow", from: "2026-11-01", to: "2026-11-25", out: { to: "The end date can't be after today (2026-11-24)." } },
    {
      name: "entirely in the future",
      from: "2026-12-01",
      to: "2026-12-05",
      out: { from: "The start date can't be after today (2026-11-24).", to: "The end date can't be after today (2026-11-24)." },
    },
    { name: "missing dates", from: undefined, to: "", out: { from: "Pick a start date (YYYY-MM-DD).", to: "Pick an end date (YYYY-MM-DD)." } },
  ])("validateCustomRange: $name", ({ from, to, out }) => {
    expect(validateCustomRange(from, to, "2026-11-24")).toEqual(out);
  });

  test("the server refuses a range ending in the future, naming the field", () => {
    expect(() => resolveRange({ preset: "custom", from: "2026-11-01", to: "2026-11-30" }, "2026-11-24")).toThrow(DomainError);
  });

  test("granularity switches to weeks beyond three months", () => {
    expect(defaultGranularity(90)).toBe("day");
    expect(defaultGranularity(120)).toBe("week");
  });
});
