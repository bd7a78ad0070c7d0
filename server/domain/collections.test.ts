import { describe, expect, test } from "vitest";
import { appendTo, groupBy } from "./collections";

describe("groupBy", () => {
  test.each([
    { items: [], groups: [] },
    { items: ["a1"], groups: [["a", ["a1"]]] },
    { items: ["b1", "a1", "b2", "a2", "b3"], groups: [["b", ["b1", "b2", "b3"]], ["a", ["a1", "a2"]]] },
  ])("$items → $groups", ({ items, groups }) => {
    expect([...groupBy(items, (s) => s[0])]).toEqual(groups);
  });
});

describe("appendTo", () => {
  test("creates a group on first use and appends in place after", () => {
    const groups = new Map<string, number[]>();
    appendTo(groups, "x", 1);
    const first = groups.get("x");
    appendTo(groups, "x", 2);
    appendTo(groups, "y", 3);
    expect(groups.get("x")).toBe(first);
    expect([...groups]).toEqual([["x", [1, 2]], ["y", [3]]]);
  });
});
