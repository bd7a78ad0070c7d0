import { describe, expect, it } from "vitest";
import { checkFeasibility, explodeCaps, windowsOverlap, type ComponentProjection } from "./feasibility";
import type { KitGraph, KitLineRef } from "./kit";

const c = (ref: string, quantity: number): KitLineRef => ({ kind: "component", ref, quantity });
const p = (ref: string, quantity: number): KitLineRef => ({ kind: "product", ref, quantity });
const graph: KitGraph = new Map(
  Object.entries({
    GLAZED: [c("dough", 80), c("glaze", 15)],
    CHOC: [c("dough", 80), c("choc", 20)],
    BOX4: [p("GLAZED", 2), p("CHOC", 2), c("box4", 1)],
    PARTY: [p("BOX4", 3), c("bag", 1)],
  }).map(([k, lines]) => [k, { label: k, lines }]),
);

const proj = (entries: Record<string, Partial<ComponentProjection> & { projected: number }>) =>
  new Map(
    Object.entries(entries).map(([k, v]) => [k, { onHand: v.onHand ?? v.projected, usage: v.usage ?? 0, incoming: v.incoming ?? 0, projected: v.projected }]),
  );
const start = new Date("2026-11-27T23:00:00Z");

describe("explodeCaps", () => {
  it.each([
    ["a plain product", [{ productKey: "GLAZED", cap: 10 }], { dough: 800, glaze: 150 }],
    ["a bundle", [{ productKey: "BOX4", cap: 1 }], { dough: 320, glaze: 30, choc: 40, box4: 1 }],
    ["a nested bundle", [{ productKey: "PARTY", cap: 2 }], { dough: 1920, glaze: 180, choc: 240, box4: 6, bag: 2 }],
    ["shared components add up", [{ productKey: "GLAZED", cap: 4 }, { productKey: "CHOC", cap: 1 }], { dough: 400, glaze: 60, choc: 20 }],
    ["a zero cap", [{ productKey: "GLAZED", cap: 0 }], {}],
  ])("%s", (_n, caps, expected) => {
    expect(Object.fromEntries(explodeCaps(graph, caps))).toEqual(expected);
  });
});

describe("checkFeasibility", () => {
  it("is feasible when projected stock covers every component", () => {
    const r = checkFeasibility({
      graph,
      caps: [{ productKey: "GLAZED", cap: 10 }],
      startsAt: start,
      projection: proj({ dough: { projected: 800 }, glaze: { projected: 1000 } }),
    });
    expect(r.feasible).toBe(true);
    expect(r.lines.map((l) => [l.componentId, l.required, l.shortBy])).toEqual([
      ["dough", 800, 0],
      ["glaze", 150, 0],
    ]);
    expect(r.products).toEqual([{ productKey: "GLAZED", cap: 10, maxUnits: 10 }]);
  });

  it("says what is short, by how much and by when to order (lead time before start)", () => {
    const r = checkFeasibility({
      graph,
      caps: [{ productKey: "BOX4", cap: 10 }],
      startsAt: start,
      projection: proj({ dough: { projected: 3000 }, glaze: { projected: 300 }, choc: { projected: 100 }, box4: { projected: 4 } }),
      leadTimeHours: new Map([["choc", 48]]),
    });
    expect(r.feasible).toBe(false);
    const byId = Object.fromEntries(r.lines.map((l) => [l.componentId, l]));
    expect(byId.dough?.shortBy).toBe(200);
    expect(byId.glaze?.shortBy).toBe(0);
    expect(byId.choc?.shortBy).toBe(300);
    expect(byId.box4?.shortBy).toBe(6);
    expect(byId.choc?.orderBy).toEqual(new Date("2026-11-25T23:00:00Z"));
    expect(byId.dough?.orderBy).toEqual(new Date("2026-11-26T23:00:00Z"));
    expect(byId.glaze?.orderBy).toBeNull();
    // Largest shortfall first, so the form lists the worst problem on top.
    expect(r.lines[0]?.componentId).toBe("choc");
    expect(r.products).toEqual([{ productKey: "BOX4", cap: 10, maxUnits: 2 }]);
  });

  it.each([
    ["resupply landing before the start counts", 500, true],
    ["resupply landing after the start does not", 0, false],
  ])("%s", (_n, incoming, feasible) => {
    // The projection (from services/forecast) only includes incoming that lands before the start.
    const r = checkFeasibility({
      graph,
      caps: [{ productKey: "GLAZED", cap: 10 }],
      startsAt: start,
      projection: proj({ dough: { onHand: 400, usage: 100, incoming, projected: 300 + incoming }, glaze: { projected: 500 } }),
    });
    expect(r.feasible).toBe(feasible);
    expect(r.lines.find((l) => l.componentId === "dough")?.shortBy).toBe(feasible ? 0 : 500);
  });

  it("treats a negative projection as nothing available", () => {
    const r = checkFeasibility({
      graph,
      caps: [{ productKey: "GLAZED", cap: 1 }],
      startsAt: start,
      projection: proj({ dough: { projected: -500 }, glaze: { projected: 15 } }),
    });
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ available: 0, shortBy: 80 });
  });

  it("subtracts overlapping drops that compete for the same components and names them", () => {
    const other = { id: "d2", name: "Pop-up", startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), caps: [{ productKey: "CHOC", cap: 5 }] };
    const r = checkFeasibility({
      graph,
      caps: [{ productKey: "GLAZED", cap: 10 }],
      startsAt: start,
      projection: proj({ dough: { projected: 1000 }, glaze: { projected: 1000 }, choc: { projected: 1000 } }),
      competing: [other],
    });
    expect(r.conflicts).toEqual([{ dropId: "d2", name: "Pop-up", startsAt: other.startsAt, endsAt: other.endsAt, componentIds: ["dough"] }]);
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ competing: 400, available: 600, shortBy: 200 });
    expect(r.products[0]?.maxUnits).toBe(7);
  });

  it("reports no conflict when the overlapping drop uses other components", () => {
    const g: KitGraph = new Map([...graph, ["COFFEE", { label: "COFFEE", lines: [c("beans", 18)] }]]);
    const r = checkFeasibility({
      graph: g,
      caps: [{ productKey: "GLAZED", cap: 1 }],
      startsAt: start,
      projection: proj({ dough: { projected: 80 }, glaze: { projected: 15 } }),
      competing: [{ id: "d3", name: "Coffee hour", startsAt: start, endsAt: start, caps: [{ productKey: "COFFEE", cap: 50 }] }],
    });
    expect(r.conflicts).toEqual([]);
    expect(r.feasible).toBe(true);
  });
});

describe("windowsOverlap", () => {
  const at = (h: number) => new Date(Date.UTC(2026, 10, 27, h));
  it.each([
    [at(10), at(12), at(11), at(13), true],
    [at(10), at(12), at(12), at(13), false],
    [at(10), at(12), at(8), at(10), false],
    [at(10), at(12), at(9), at(14), true],
  ])("[%s,%s) vs [%s,%s) → %s", (s1, e1, s2, e2, expected) => {
    expect(windowsOverlap({ startsAt: s1, endsAt: e1 }, { startsAt: s2, endsAt: e2 })).toBe(expected);
  });
});
