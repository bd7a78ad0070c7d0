import { describe, expect, test } from "vitest";
import { filtersToSearch, parseFilters } from "./filters";

describe("dashboard URL filters", () => {
  test.each([
    { params: {}, filters: { preset: "30d" } },
    { params: { range: "7d" }, filters: { preset: "7d" } },
    { params: { range: "bogus" }, filters: { preset: "30d" } },
    { params: { range: "custom", from: "2026-01-01", to: "2026-01-31" }, filters: { preset: "custom", from: "2026-01-01", to: "2026-01-31" } },
    { params: { range: "custom", from: "2026-01-01" }, filters: { preset: "30d" } },
    { params: { location: "loc1", channel: "online", by: "week" }, filters: { preset: "30d", locationId: "loc1", channel: "online", granularity: "week" } },
    { params: { by: "hour", channel: ["a", "b"] }, filters: { preset: "30d" } },
  ])("$params", ({ params, filters }) => {
    expect(parseFilters(params)).toEqual(filters);
  });

  test("round-trips through the query string", () => {
    const f = { preset: "custom", from: "2026-02-01", to: "2026-02-14", locationId: "x", channel: "walk-in", granularity: "day" } as const;
    const search = new URLSearchParams(filtersToSearch(f));
    expect(parseFilters(Object.fromEntries(search))).toEqual(f);
    expect(filtersToSearch({ preset: "30d" })).toBe("");
  });
});
