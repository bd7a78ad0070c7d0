/**
 * Reconciliation arithmetic: how a physical count compares with the ledger, when the difference is
 * big enough to be an anomaly, and which POS order numbers are missing. Pure so it can be
 * table-tested; the service feeds it rows and writes what it decides.
 */

export type CountCheck = {
  /** Quantity physically counted. */
  counted: number;
  /** Ledger sum at the moment of the count (movements with occurredAt ≤ countedAt, excluding its own adjustment). */
  ledgerAtCount: number;
  /** Adjustment already written for this count (by the count flow or an earlier run), 0 if none. */
  alreadyAdjusted: number;
};

export type CountOutcome = {
  /** counted − ledger at count time: what went missing (negative) or turned up (positive). */
  variance: number;
  /** The movement still to write so the ledger agrees with the count; 0 when nothing is left. */
  adjustment: number;
};

export function reconcileCount(check: CountCheck): CountOutcome {
  const variance = check.counted - check.ledgerAtCount;
  return { variance, adjustment: variance - check.alreadyAdjusted };
}

export type VarianceThreshold = { percent: number; minimum: Record<string, number> };

/** Default: over 10 % of what the ledger expected, and at least 100 g/ml or 2 pieces. */
export const DEFAULT_VARIANCE_THRESHOLD: VarianceThreshold = { percent: 10, minimum: { g: 100, ml: 100, pc: 2 } };

/**
 * Whether a variance deserves an anomaly. Integer arithmetic (|v| × 100 > percent × |expected|)
 * so no rounding decides it; an expected level of 0 makes any variance over the minimum count.
 */
export function isVarianceAnomalous(variance: number, expected: number, unit: string, threshold = DEFAULT_VARIANCE_THRESHOLD): boolean {
  const abs = Math.abs(variance);
  const minimum = threshold.minimum[unit] ?? 1;
  if (abs < minimum) return false;
  return abs * 100 > threshold.percent * Math.abs(expected);
}

/** Value of a quantity in minor units from a cost in thousandths of a minor unit, rounded half away from zero. */
export function valueMinor(quantity: number, costPerUnitMilli: number): number {
  const milli = quantity * costPerUnitMilli;
  return Math.sign(milli) * Math.round(Math.abs(milli) / 1000);
}

export type NumberGap = { from: number; to: number };

/**
 * Missing runs between the smallest and largest order number seen. Duplicates are harmless (an
 * order.updated repeats its number); numbers before the first one seen are not known to be missing.
 */
export function findOrderNumberGaps(numbers: readonly number[], maxGaps = 50): NumberGap[] {
  const sorted = [...new Set(numbers.filter((n) => Number.isSafeInteger(n)))].sort((a, b) => a - b);
  const gaps: NumberGap[] = [];
  for (let i = 1; i < sorted.length && gaps.length < maxGaps; i++) {
    const prev = sorted[i - 1] ?? 0;
    const cur = sorted[i] ?? 0;
    if (cur - prev > 1) gaps.push({ from: prev + 1, to: cur - 1 });
  }
  return gaps;
}

/** Whether all numbers of a gap have arrived since (late events from an offline POS). */
export function isGapFilled(gap: NumberGap, present: ReadonlySet<number>): boolean {
  for (let n = gap.from; n <= gap.to; n++) if (!present.has(n)) return false;
  return true;
}

function missingCount(numbers: readonly number[]): number {
  return findOrderNumberGaps(numbers, Number.MAX_SAFE_INTEGER).reduce((t, g) => t + g.to - g.from + 1, 0);
}

/**
 * Whether a POS numbers its orders once for the whole shop or once per location (per register),
 * read from the numbers themselves: a number used at two locations means each counts on its own;
 * otherwise the reading that leaves fewer numbers missing wins (a shop-wide sequence split by
 * location looks full of holes, separate sequences put side by side leave a hole between them).
 * A tie, or one location only, reads as shop-wide.
 */
export function detectNumberingScope(byLocation: ReadonlyMap<string, readonly number[]>): "integration" | "location" {
  if (byLocation.size <= 1) return "integration";
  const usedAt = new Map<number, string>();
  for (const [location, numbers] of byLocation) {
    for (const n of numbers) {
      const other = usedAt.get(n);
      if (other !== undefined && other !== location) return "location";
      usedAt.set(n, location);
    }
  }
  const whole = missingCount([...usedAt.keys()]);
  const separate = [...byLocation.values()].reduce((t, numbers) => t + missingCount(numbers), 0);
  return separate < whole ? "location" : "integration";
}
