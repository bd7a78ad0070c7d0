/**
 * Chart colours. The series palette is Okabe–Ito (distinguishable with the common colour-vision
 * deficiencies) with orange darkened and yellow and sky blue left out, so every colour has at least
 * 3:1 contrast against the white card (WCAG 1.4.11 for graphics). Stacked segments are also split
 * by a white edge, so neighbours never rely on hue alone. A colour the owner set on a channel is
 * kept, darkened just enough to reach the same contrast.
 */
export const SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#9A6A00", "#882255", "#332288", "#4D4D4D"] as const;

/** Previous-period bars: a neutral grey that still reads against white (4.8:1). */
export const PREVIOUS_COLOUR = "#78716c";

/** Graphics need 3:1 against what surrounds them. */
export const MIN_GRAPHIC_CONTRAST = 3;

function channels(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim());
  if (!m) return null;
  const h = (m[1] as string).length === 3 ? [...(m[1] as string)].map((c) => c + c).join("") : (m[1] as string);
  const n = parseInt(h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1–21); null when either is not a hex colour. */
export function contrastRatio(a: string, b: string): number | null {
  const x = channels(a);
  const y = channels(b);
  if (!x || !y) return null;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (rgb: [number, number, number]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/**
 * The colour itself when it already has `min` contrast against `background`, else the same hue
 * darkened step by step until it does. Not a hex colour → null (the caller falls back to the palette).
 */
export function ensureContrast(colour: string, background = "#ffffff", min = MIN_GRAPHIC_CONTRAST): string | null {
  const rgb = channels(colour);
  if (!rgb) return null;
  let current = rgb;
  for (let step = 0; step < 40 && (contrastRatio(toHex(current), background) ?? 0) < min; step++) {
    current = current.map((v) => v * 0.93) as [number, number, number];
  }
  return toHex(current);
}

/** Series colour: the owner's own colour (made readable) or the palette's, by position. */
export function colourFor(index: number, own?: string | null): string {
  const mine = own ? ensureContrast(own) : null;
  return mine ?? SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#4D4D4D";
}
