/**
 * Fallback series colours (Okabe–Ito, readable for the common colour-vision deficiencies) for
 * series without a colour of their own; channels bring theirs from the Channel rows.
 */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"] as const;

export function colourFor(index: number, own?: string | null): string {
  return own ?? SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#57534e";
}
