import { describe, expect, test } from "vitest";
import { colourFor, contrastRatio, ensureContrast, MIN_GRAPHIC_CONTRAST, PREVIOUS_COLOUR, SERIES_COLOURS } from "./palette";

describe("chart palette", () => {
  test("every palette colour and the previous-period grey reach 3:1 against white", () => {
    for (const c of [...SERIES_COLOURS, PREVIOUS_COLOUR]) expect(contrastRatio(c, "#ffffff")).toBeGreaterThanOrEqual(MIN_GRAPHIC_CONTRAST);
  });

  test.each([
    { name: "black on white", a: "#000000", b: "#ffffff", out: 21 },
    { name: "same colour", a: "#0072B2", b: "#0072b2", out: 1 },
    { name: "short hex", a: "#fff", b: "#000", out: 21 },
  ])("contrast: $name", ({ a, b, out }) => expect(contrastRatio(a, b)).toBeCloseTo(out, 5));

  test.each([
    { own: "#F0E442", note: "Okabe–Ito yellow is 1.3:1 on white and gets darkened" },
    { own: "#ffffff", note: "white gets darkened to a grey" },
    { own: "#93c5fd", note: "a light blue" },
  ])("an owner's low-contrast colour is darkened, keeping it usable: $note", ({ own }) => {
    const out = ensureContrast(own) as string;
    expect(out).not.toBe(own.toLowerCase());
    expect(contrastRatio(out, "#ffffff")).toBeGreaterThanOrEqual(MIN_GRAPHIC_CONTRAST);
    // Not darkened more than needed: one step less would still be too light.
    expect(contrastRatio(out, "#ffffff")).toBeLessThan(MIN_GRAPHIC_CONTRAST * 1.25);
  });

  test("colourFor keeps a readable own colour, falls back to the palette otherwise", () => {
    expect(colourFor(0, "#2563eb")).toBe("#2563eb");
    expect(colourFor(1, null)).toBe(SERIES_COLOURS[1]);
    expect(colourFor(9, "not a colour")).toBe(SERIES_COLOURS[1]);
    expect(contrastRatio(colourFor(0, "#fde047"), "#ffffff")).toBeGreaterThanOrEqual(MIN_GRAPHIC_CONTRAST);
  });
});
