/**
 * Usage forecasting, pure. Usage of a component at a location is modelled per shop-local
 * weekday×hour slot (168 slots): each slot's weekly series is smoothed with simple exponential
 * smoothing, so a Saturday-morning rush is forecast from earlier Saturday mornings, with recent
 * weeks weighing more. Everything works on epoch milliseconds so callers decide the clock.
 */

export const HOUR_MS = 3_600_000;
export const WEEK_HOURS = 168;
export const WEEK_MS = WEEK_HOURS * HOUR_MS;

/** Usage (positive) recorded in one UTC hour starting at `hourStart` (epoch ms, hour aligned). */
export type HourlyUsage = { hourStart: number; quantity: number };

/** Expected usage per local weekday×hour slot; slot = weekday (0 = Sunday) × 24 + hour. */
export type UsageProfile = { perSlot: number[]; weeks: number };

export type SlotOf = (ms: number) => number;

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * A function giving the local weekday×hour slot of an instant in `timeZone`. Memoised per UTC
 * hour because Intl formatting is the slow part and callers ask for the same hours repeatedly.
 */
export function slotFunction(timeZone: string): SlotOf {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "numeric", hourCycle: "h23" });
  const cache = new Map<number, number>();
  return (ms: number) => {
    const hour = Math.floor(ms / HOUR_MS);
    const hit = cache.get(hour);
    if (hit !== undefined) return hit;
    let weekday = 0;
    let h = 0;
    for (const part of format.formatToParts(new Date(hour * HOUR_MS))) {
      if (part.type === "weekday") weekday = WEEKDAYS[part.value] ?? 0;
      if (part.type === "hour") h = Number(part.value) % 24;
    }
    const slot = weekday * 24 + h;
    cache.set(hour, slot);
    return slot;
  };
}

export type ProfileOptions = {
  now: number;
  slotOf: SlotOf;
  /** Weeks of history to learn from. */
  weeks?: number;
  /** Smoothing factor: 1 = only last week counts, small = long memory. */
  alpha?: number;
  /** When usage history starts (first sale); weeks before it are not counted as zero usage. */
  historyStart?: number;
};

export const DEFAULT_WEEKS = 8;
export const DEFAULT_ALPHA = 0.35;

/**
 * Learns the weekday×hour profile from hourly usage before `now`. Week k holds the hours in
 * [now − (k+1)·7d, now − k·7d); each slot's series is smoothed oldest → newest.
 */
export function buildUsageProfile(usage: readonly HourlyUsage[], options: ProfileOptions): UsageProfile {
  const maxWeeks = options.weeks ?? DEFAULT_WEEKS;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const { slotOf } = options;
  // Learn from whole hours only: the current hour has not finished, and counting it as a full
  // week-0 hour would read as a sudden drop in usage.
  const now = Math.floor(options.now / HOUR_MS) * HOUR_MS;
  const earliest = options.historyStart ?? usage.reduce((min, u) => Math.min(min, u.hourStart), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(earliest) || earliest >= now) return { perSlot: new Array<number>(WEEK_HOURS).fill(0), weeks: 0 };
  const weeks = Math.max(1, Math.min(maxWeeks, Math.ceil((now - earliest) / WEEK_MS)));
  // grid[week][slot], week 0 = the most recent seven days.
  const grid = Array.from({ length: weeks }, () => new Array<number>(WEEK_HOURS).fill(0));
  for (const u of usage) {
    if (u.hourStart >= now) continue;
    const week = Math.floor((now - 1 - u.hourStart) / WEEK_MS);
    const row = grid[week];
    if (!row) continue;
    const slot = slotOf(u.hourStart);
    row[slot] = (row[slot] ?? 0) + u.quantity;
  }
  // Hours before the history started are unknown, not zero: a slot's series starts at its first
  // covered week, so a partial oldest week does not drag the forecast down.
  const firstHour = Math.floor(earliest / HOUR_MS) * HOUR_MS;
  const covered = Array.from({ length: weeks }, () => new Array<boolean>(WEEK_HOURS).fill(false));
  for (let t = now - weeks * WEEK_MS; t < now; t += HOUR_MS) {
    if (t < firstHour) continue;
    const row = covered[Math.floor((now - 1 - t) / WEEK_MS)];
    if (row) row[slotOf(t)] = true;
  }
  const perSlot = new Array<number>(WEEK_HOURS).fill(0);
  for (let slot = 0; slot < WEEK_HOURS; slot++) {
    let level: number | null = null;
    for (let week = weeks - 1; week >= 0; week--) {
      if (!covered[week]?.[slot]) continue;
      const value = grid[week]?.[slot] ?? 0;
      level = level === null ? value : alpha * value + (1 - alpha) * level;
    }
    perSlot[slot] = level ?? 0;
  }
  return { perSlot, weeks };
}

/** Expected usage between two instants, pro rata for partial hours. */
export function forecastUsage(profile: UsageProfile, from: number, to: number, slotOf: SlotOf): number {
  let total = 0;
  let t = from;
  while (t < to) {
    const hourStart = Math.floor(t / HOUR_MS) * HOUR_MS;
    const end = Math.min(hourStart + HOUR_MS, to);
    total += (profile.perSlot[slotOf(hourStart)] ?? 0) * ((end - t) / HOUR_MS);
    t = end;
  }
  return total;
}

export type Incoming = { at: number; quantity: number };
export type ProjectionPoint = { at: number; projected: number };

/**
 * The projected on-hand curve from `from` to `to`: on-hand, less forecast usage, plus incoming
 * resupply at the moment it lands. Points are every `stepMs`, rounded to whole units.
 */
export function projectCurve(input: {
  onHand: number;
  profile: UsageProfile;
  incoming: readonly Incoming[];
  from: number;
  to: number;
  stepMs: number;
  slotOf: SlotOf;
}): ProjectionPoint[] {
  const points: ProjectionPoint[] = [];
  let level = input.onHand;
  let t = input.from;
  points.push({ at: t, projected: Math.round(level) });
  while (t < input.to) {
    const next = Math.min(t + input.stepMs, input.to);
    level -= forecastUsage(input.profile, t, next, input.slotOf);
    for (const i of input.incoming) if (i.at > t && i.at <= next) level += i.quantity;
    points.push({ at: next, projected: Math.round(level) });
    t = next;
  }
  return points;
}

/**
 * When projected on-hand first falls to or below zero within `horizonMs`, interpolated inside the
 * hour; null if it never does. Already at or under zero means now.
 */
export function findStockout(input: {
  onHand: number;
  profile: UsageProfile;
  incoming: readonly Incoming[];
  from: number;
  horizonMs: number;
  slotOf: SlotOf;
}): number | null {
  let level = input.onHand + input.incoming.filter((i) => i.at <= input.from).reduce((s, i) => s + i.quantity, 0);
  if (level <= 0) return input.from;
  const end = input.from + input.horizonMs;
  let t = input.from;
  while (t < end) {
    const hourStart = Math.floor(t / HOUR_MS) * HOUR_MS;
    const next = Math.min(hourStart + HOUR_MS, end);
    const rate = (input.profile.perSlot[input.slotOf(hourStart)] ?? 0) / HOUR_MS;
    const used = rate * (next - t);
    if (used >= level && rate > 0) return Math.round(t + level / rate);
    level -= used;
    for (const i of input.incoming) if (i.at > t && i.at <= next) level += i.quantity;
    t = next;
  }
  return null;
}

/** Forecast errors of a back-test: mean absolute percentage error and weighted APE. */
export function forecastErrors(pairs: readonly { actual: number; forecast: number }[]): { mape: number | null; wape: number | null } {
  let apeSum = 0;
  let apeCount = 0;
  let absErr = 0;
  let actualSum = 0;
  for (const { actual, forecast } of pairs) {
    absErr += Math.abs(actual - forecast);
    actualSum += Math.abs(actual);
    if (actual !== 0) {
      apeSum += Math.abs(actual - forecast) / Math.abs(actual);
      apeCount++;
    }
  }
  return { mape: apeCount ? apeSum / apeCount : null, wape: actualSum ? absErr / actualSum : null };
}
