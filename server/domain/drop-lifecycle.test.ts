import { describe, expect, it } from "vitest";
import { dropSoldOutAt, sellOutMinutes, soldOutTimes, statusAt } from "./drop-lifecycle";

const t = (m: number) => new Date(Date.UTC(2026, 10, 27, 23, m));

describe("statusAt", () => {
  const drop = { status: "SCHEDULED", startsAt: t(0), endsAt: t(30) };
  it.each([
    [t(-1), "SCHEDULED"],
    [t(0), "LIVE"],
    [t(29), "LIVE"],
    [t(30), "ENDED"],
  ])("at %s → %s", (now, expected) => {
    expect(statusAt(drop, now)).toBe(expected);
  });
  it("keeps a cancelled drop cancelled", () => {
    expect(statusAt({ ...drop, status: "CANCELLED" }, t(10))).toBe("CANCELLED");
  });
});

describe("sold-out detection", () => {
  const caps = new Map([
    ["GLAZED", 5],
    ["BOX4", 2],
  ]);
  const sales = [
    { productKey: "GLAZED", quantity: 3, at: t(5) },
    { productKey: "BOX4", quantity: 1, at: t(2) },
    { productKey: "GLAZED", quantity: 3, at: t(9) },
    { productKey: "BOX4", quantity: 1, at: t(12) },
    { productKey: "OTHER", quantity: 100, at: t(1) },
  ];
  it("finds when each product reached its cap, in time order whatever the input order", () => {
    expect(Object.fromEntries(soldOutTimes(caps, sales))).toEqual({ GLAZED: t(9), BOX4: t(12) });
  });
  it("sells the drop out when the last product does", () => {
    expect(dropSoldOutAt(caps, soldOutTimes(caps, sales))).toEqual(t(12));
    expect(dropSoldOutAt(caps, soldOutTimes(caps, sales.slice(0, 3)))).toBeNull();
  });
  it.each([
    [t(12), 12],
    [null, null],
  ])("sell-out minutes for %s", (at, minutes) => {
    expect(sellOutMinutes(t(0), at)).toBe(minutes);
  });
});
