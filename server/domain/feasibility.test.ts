import { describe, expect, it } from "vitest";
import { buildHolds } from "./allocation";
import {
  checkFeasibility,
  competition,
  explodeCaps,
  latestDelivery,
  projectionAt,
  unsoldCaps,
  windowsOverlap,
  type ComponentProjection,
  type FeasibilityInput,
  type OtherDrop,
  type SupplyTerms,
} from "./feasibility";
import type { KitGraph, KitLineRef } from "./kit";
import { parseWindows, windowsForCadence } from "./resupply";

const c = (ref: string, quantity: number): KitLineRef => ({ kind: "component", ref, quantity });
const p = (ref: string, quantity: number): KitLineRef => ({ kind: "product", ref, quantity });
const graph: KitGraph = new Map(
  Object.entries({
    GLAZED: [c("dough", 80), c("glaze", 15)],
    CHOC: [c("dough", 80), c("choc", 20)],
    BOX4: [p("GLAZED", 2), p("CHOC", 2), c("box4", 1)],
    PARTY: [p("BOX4", 3), c("bag", 1)],
    COFFEE: [c("beans", 18)],
  }).map(([k, lines]) => [k, { label: k, lines }]),
);

const proj = (entries: Record<string, Partial<ComponentProjection> & { projected: number }>) =>
  new Map(
    Object.entries(entries).map(([k, v]) => [
      k,
      { onHand: v.onHand ?? v.projected, usage: v.usage ?? 0, ordered: v.ordered ?? 0, planned: v.planned ?? 0, projected: v.projected },
    ]),
  );
/** Times in UTC: Monday 2026-11-23 is day 23. */
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour, minute));
const now = at(23, 10); // Monday 10:00
const start = at(27, 23); // Friday 23:00
const end = at(28, 1);
const base = (over: Partial<FeasibilityInput>): FeasibilityInput => ({
  graph,
  caps: [],
  startsAt: start,
  endsAt: end,
  now,
  timeZone: "UTC",
  projection: new Map(),
  ...over,
});
const daily = (time: string, leadTimeHours: number): SupplyTerms => ({ leadTimeHours, windows: windowsForCadence("DAILY", [time]) });

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

describe("projectionAt: resupply landing before or after the start", () => {
  const lines = [
    { at: at(26, 7).getTime(), quantity: 500, sent: true },
    { at: at(27, 14).getTime(), quantity: 300, sent: false },
    { at: at(27, 23).getTime(), quantity: 40, sent: false },
    { at: at(28, 7).getTime(), quantity: 1000, sent: true },
  ];
  it.each([
    ["before the first delivery", at(25, 12), { ordered: 0, planned: 0, projected: 900 }],
    ["after the sent one, before the draft", at(27, 12), { ordered: 500, planned: 0, projected: 1400 }],
    ["at a delivery's exact time it counts", at(27, 23), { ordered: 500, planned: 340, projected: 1740 }],
    ["the delivery after the start never counts", at(27, 23, 30), { ordered: 500, planned: 340, projected: 1740 }],
  ])("%s", (_n, when, expected) => {
    expect(projectionAt(1000, 100, lines, when)).toEqual({ onHand: 1000, usage: 100, ...expected });
  });
});

describe("latestDelivery: the last window that can still be reached before the deadline", () => {
  it.each<[string, SupplyTerms, Date, Date, Date | null, Date | null]>([
    // name, terms, now, deadline, arrivesAt, orderBy
    ["daily 07:00, 24 h lead", daily("07:00", 24), now, at(27, 22), at(27, 7), at(26, 7)],
    ["twice daily, 12 h lead: the afternoon window", { leadTimeHours: 12, windows: windowsForCadence("TWICE_DAILY", ["06:00", "14:00"]) }, now, at(27, 22), at(27, 14), at(27, 2)],
    ["a window exactly at the deadline counts", daily("22:00", 24), now, at(27, 22), at(27, 22), at(26, 22)],
    ["weekday windows: Thursday's, ordered by Tuesday", { leadTimeHours: 48, windows: parseWindows(["Mon,Thu 08:00"]) }, now, at(27, 22), at(26, 8), at(24, 8)],
    ["a deadline weeks away still finds its last window", { leadTimeHours: 48, windows: parseWindows(["Mon,Thu 08:00"]) }, now, at(23 + 28, 12), at(23 + 28, 8), at(23 + 26, 8)],
    ["Thursday's window is out of reach: too late", { leadTimeHours: 48, windows: parseWindows(["Mon,Thu 08:00"]) }, at(24, 9), at(27, 22), null, null],
    ["lead time alone runs past the deadline", daily("07:00", 24), at(27, 0), at(27, 22), null, null],
  ])("%s", (_n, terms, when, deadline, arrivesAt, orderBy) => {
    const plan = latestDelivery(terms, deadline, when, "UTC");
    if (arrivesAt === null) {
      expect(plan.kind).toBe("too-late");
    } else {
      expect(plan).toEqual({ kind: "reachable", arrivesAt, orderBy, leadTimeHours: terms.leadTimeHours });
      expect(plan.kind === "reachable" && plan.orderBy.getTime()).toBeGreaterThanOrEqual(when.getTime());
    }
  });

  it("names the earliest possible delivery when it is too late", () => {
    const plan = latestDelivery({ leadTimeHours: 48, windows: parseWindows(["Mon,Thu 08:00"]) }, at(27, 22), at(24, 9), "UTC");
    expect(plan).toEqual({ kind: "too-late", earliestArrival: at(30, 8), deadline: at(27, 22), leadTimeHours: 48 });
  });

  it("reads windows in the shop's zone across the end of daylight saving time", () => {
    // New York leaves DST on Sunday 2026-11-01: 07:00 local is 11:00Z before, 12:00Z after.
    const plan = latestDelivery(daily("07:00", 12), new Date("2026-11-03T01:00:00Z"), new Date("2026-10-30T12:00:00Z"), "America/New_York");
    expect(plan).toMatchObject({ kind: "reachable", arrivesAt: new Date("2026-11-02T12:00:00Z"), orderBy: new Date("2026-11-02T00:00:00Z") });
  });
});

describe("checkFeasibility", () => {
  it("is feasible when projected stock covers every component", () => {
    const r = checkFeasibility(base({ caps: [{ productKey: "GLAZED", cap: 10 }], projection: proj({ dough: { projected: 800 }, glaze: { projected: 1000 } }) }));
    expect(r.feasible).toBe(true);
    expect(r.lines.map((l) => [l.componentId, l.required, l.shortBy, l.delivery])).toEqual([
      ["dough", 800, 0, null],
      ["glaze", 150, 0, null],
    ]);
    expect(r.products).toEqual([{ productKey: "GLAZED", cap: 10, maxUnits: 10 }]);
  });

  it("says what is short in a bundle, by how much, and when to order it for a window before the start", () => {
    const r = checkFeasibility(
      base({
        caps: [{ productKey: "BOX4", cap: 10 }],
        projection: proj({ dough: { projected: 3000 }, glaze: { projected: 300 }, choc: { projected: 100 }, box4: { projected: 4 } }),
        supply: new Map<string, SupplyTerms>([
          ["choc", { leadTimeHours: 48, windows: parseWindows(["Mon,Thu 08:00"]) }],
          ["dough", { leadTimeHours: 12, windows: windowsForCadence("TWICE_DAILY", ["06:00", "14:00"]) }],
        ]),
      }),
    );
    expect(r.feasible).toBe(false);
    const byId = Object.fromEntries(r.lines.map((l) => [l.componentId, l]));
    // 10 boxes = 20 glazed + 20 choc: dough 3200, glaze 300, choc 400, box 10.
    expect(byId.dough).toMatchObject({ required: 3200, shortBy: 200, delivery: { kind: "reachable", arrivesAt: at(27, 14) }, orderBy: at(27, 2) });
    expect(byId.choc).toMatchObject({ required: 400, shortBy: 300, delivery: { kind: "reachable", arrivesAt: at(26, 8) }, orderBy: at(24, 8) });
    expect(byId.glaze).toMatchObject({ shortBy: 0, delivery: null, orderBy: null });
    // No rule for boxes: no made-up order-by time.
    expect(byId.box4).toMatchObject({ shortBy: 6, delivery: { kind: "no-rule" }, orderBy: null });
    // Largest shortfall first, so the form lists the worst problem on top.
    expect(r.lines[0]?.componentId).toBe("choc");
    expect(r.products).toEqual([{ productKey: "BOX4", cap: 10, maxUnits: 2 }]);
  });

  it("keeps an unreadable rule's reason on the line", () => {
    const r = checkFeasibility(
      base({ caps: [{ productKey: "COFFEE", cap: 10 }], projection: proj({ beans: { projected: 0 } }), supply: new Map([["beans", { error: "Add at least one delivery window." }]]) }),
    );
    expect(r.lines[0]).toMatchObject({ shortBy: 180, delivery: { kind: "bad-rule", message: "Add at least one delivery window." }, orderBy: null });
  });

  it("keeps the prep margin: a window inside the last hour before the start is too late", () => {
    const r = checkFeasibility(
      base({ caps: [{ productKey: "COFFEE", cap: 1 }], projection: proj({ beans: { projected: 0 } }), supply: new Map([["beans", daily("22:30", 1)]]) }),
    );
    expect(r.lines[0]?.delivery).toMatchObject({ kind: "reachable", arrivesAt: at(26, 22, 30) });
  });

  it.each([
    ["nested bundle over shared dough", [{ productKey: "PARTY", cap: 1 }, { productKey: "GLAZED", cap: 5 }], { dough: 1360, glaze: 165, choc: 120, box4: 3, bag: 1 }],
    ["two products sharing a component", [{ productKey: "GLAZED", cap: 5 }, { productKey: "CHOC", cap: 5 }], { dough: 800, glaze: 75, choc: 100 }],
  ])("needs add up: %s", (_n, caps, expected) => {
    const r = checkFeasibility(base({ caps, projection: proj({ dough: { projected: 1000 }, glaze: { projected: 1000 }, choc: { projected: 1000 }, box4: { projected: 10 }, bag: { projected: 10 } }) }));
    expect(Object.fromEntries(r.lines.map((l) => [l.componentId, l.required]))).toEqual(expected);
    expect(r.lines.find((l) => l.componentId === "dough")?.shortBy).toBe(Math.max(0, expected.dough - 1000));
  });

  it("treats a negative projection as nothing available", () => {
    const r = checkFeasibility(base({ caps: [{ productKey: "GLAZED", cap: 1 }], projection: proj({ dough: { projected: -500 }, glaze: { projected: 15 } }) }));
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ available: 0, shortBy: 80 });
  });

  it("carries ordered and planned incoming on each line so a draft is never mistaken for an order", () => {
    const r = checkFeasibility(
      base({ caps: [{ productKey: "GLAZED", cap: 10 }], projection: proj({ dough: { onHand: 100, ordered: 200, planned: 500, projected: 800 }, glaze: { projected: 150 } }) }),
    );
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ onHand: 100, ordered: 200, planned: 500, incoming: 700, shortBy: 0 });
  });
});

describe("competing drops", () => {
  const drop = (over: Partial<OtherDrop>): OtherDrop => ({ id: "d", name: "Other", status: "SCHEDULED", startsAt: at(27, 20), endsAt: at(27, 22), caps: [], ...over });

  it.each<[string, Partial<OtherDrop>, "before" | "overlap" | null]>([
    ["Friday evening's drop before a Friday night one", { startsAt: at(26, 22), endsAt: at(26, 23) }, "before"],
    ["a drop overlapping the window", { startsAt: at(28, 0), endsAt: at(28, 3) }, "overlap"],
    ["a live drop around the start", { status: "LIVE", startsAt: at(27, 22), endsAt: at(28, 0) }, "overlap"],
    ["a drop starting when this one ends", { startsAt: end, endsAt: at(28, 3) }, null],
    ["a later drop", { startsAt: at(29, 9), endsAt: at(29, 15) }, null],
    ["an ended drop (its sales already left on-hand)", { status: "ENDED", startsAt: at(22, 9), endsAt: at(22, 15) }, null],
    ["a drop whose window passed before now", { startsAt: at(23, 8), endsAt: at(23, 9) }, null],
    ["a cancelled drop", { status: "CANCELLED" }, null],
  ])("%s → %s", (_n, over, expected) => {
    expect(competition({ startsAt: start, endsAt: end }, drop(over), now)).toBe(expected);
  });

  it("takes only what a live drop has not sold yet", () => {
    expect(unsoldCaps([{ productKey: "GLAZED", cap: 30, sold: 12 }, { productKey: "CHOC", cap: 5, sold: 9 }, { productKey: "BOX4", cap: 4 }])).toEqual([
      { productKey: "GLAZED", cap: 18 },
      { productKey: "BOX4", cap: 4 },
    ]);
  });

  it("subtracts earlier and overlapping drops' unsold caps and names them, oldest first", () => {
    const friday = drop({ id: "fri", name: "Friday drop", startsAt: at(26, 22), endsAt: at(26, 23), caps: [{ productKey: "GLAZED", cap: 5 }] });
    const live = drop({ id: "live", name: "Live now", status: "LIVE", startsAt: at(23, 9), endsAt: at(28, 0), caps: [{ productKey: "CHOC", cap: 10, sold: 6 }] });
    const later = drop({ id: "sun", name: "Sunday", startsAt: at(29, 9), endsAt: at(29, 12), caps: [{ productKey: "GLAZED", cap: 50 }] });
    const coffee = drop({ id: "cof", name: "Coffee hour", startsAt: at(27, 23), endsAt: at(28, 0), caps: [{ productKey: "COFFEE", cap: 50 }] });
    const r = checkFeasibility(
      base({
        caps: [{ productKey: "GLAZED", cap: 10 }],
        projection: proj({ dough: { projected: 1000 }, glaze: { projected: 1000 }, choc: { projected: 1000 }, beans: { projected: 1000 } }),
        otherDrops: [later, live, friday, coffee],
      }),
    );
    expect(r.conflicts).toEqual([
      { dropId: "live", name: "Live now", status: "LIVE", startsAt: at(23, 9), endsAt: at(28, 0), relation: "overlap", remaining: [{ productKey: "CHOC", cap: 4 }], componentIds: ["dough"] },
      { dropId: "fri", name: "Friday drop", status: "SCHEDULED", startsAt: at(26, 22), endsAt: at(26, 23), relation: "before", remaining: [{ productKey: "GLAZED", cap: 5 }], componentIds: ["dough", "glaze"] },
    ]);
    // Friday's 5 glazed (400 dough) + the live drop's 4 unsold choc (320 dough); Sunday's come after.
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ competing: 720, available: 280, shortBy: 520 });
    expect(r.lines.find((l) => l.componentId === "glaze")).toMatchObject({ competing: 75, shortBy: 0 });
    expect(r.products[0]?.maxUnits).toBe(3);
  });
});

describe("standing buffers of channels outside the drop", () => {
  const buffers = buildHolds(
    [
      { item: { kind: "product", key: "GLAZED" }, channel: "walk-in", quantity: 5 },
      { item: { kind: "component", key: "dough" }, channel: "preorder-qr", quantity: 200 },
      { item: { kind: "product", key: "COFFEE" }, channel: "walk-in", quantity: 10 },
      { item: { kind: "product", key: "GLAZED" }, channel: "online", quantity: 50 },
    ],
    [],
  );
  it.each<[string, string[], number, number, string[]]>([
    // drop channels, dough held for others, shortBy, warned channels
    ["online only: walk-in's glazed and preorder's dough are off limits", ["online"], 600, 400, ["preorder-qr", "walk-in"]],
    ["with preorder too: only walk-in's glazed", ["online", "preorder-qr"], 400, 200, ["walk-in"]],
    ["every buffer channel in the drop: nothing held", ["online", "preorder-qr", "walk-in"], 0, 0, []],
  ])("%s", (_n, channels, held, shortBy, warned) => {
    const r = checkFeasibility(base({ caps: [{ productKey: "GLAZED", cap: 10 }], projection: proj({ dough: { projected: 1000 }, glaze: { projected: 1000 } }), channels, buffers }));
    expect(r.lines.find((l) => l.componentId === "dough")).toMatchObject({ heldForOtherChannels: held, shortBy });
    expect(r.bufferWarnings.map((w) => w.channel)).toEqual(warned);
  });

  it("says which buffers of a channel hold the drop's components (not the unrelated ones)", () => {
    const r = checkFeasibility(base({ caps: [{ productKey: "GLAZED", cap: 1 }], projection: proj({ dough: { projected: 1000 }, glaze: { projected: 1000 } }), channels: ["online"], buffers }));
    expect(r.bufferWarnings.find((w) => w.channel === "walk-in")).toEqual({ channel: "walk-in", componentIds: ["dough", "glaze"], holds: [{ item: { kind: "product", key: "GLAZED" }, quantity: 5 }] });
  });
});

describe("windowsOverlap", () => {
  const h = (hour: number) => new Date(Date.UTC(2026, 10, 27, hour));
  it.each([
    [h(10), h(12), h(11), h(13), true],
    [h(10), h(12), h(12), h(13), false],
    [h(10), h(12), h(8), h(10), false],
    [h(10), h(12), h(9), h(14), true],
  ])("[%s,%s) vs [%s,%s) → %s", (s1, e1, s2, e2, expected) => {
    expect(windowsOverlap({ startsAt: s1, endsAt: e1 }, { startsAt: s2, endsAt: e2 })).toBe(expected);
  });
});
