/**
 * Resupply rules, pure: delivery windows in shop-local time, the trigger decision and suggested
 * rule defaults from recent usage. Times are epoch milliseconds.
 */
import { DomainError } from "./errors";
import { HOUR_MS } from "./forecast";

export const CADENCES = ["DAILY", "TWICE_DAILY", "WINDOWS"] as const;
export type Cadence = (typeof CADENCES)[number];

export const SUGGESTION_STATUSES = ["DRAFT", "SENT", "PARTIAL", "RECEIVED", "CANCELLED"] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
/** Statuses whose lines still count as incoming stock. */
export const OPEN_STATUSES: readonly SuggestionStatus[] = ["DRAFT", "SENT", "PARTIAL"];

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * A delivery window: local time of day, optionally only on some weekdays (0 = Sunday), optionally
 * named ("Bakery run") so the board can say which run an order rides on.
 */
export type DeliveryWindow = { minutes: number; weekdays: number[] | null; name: string | null };

const WINDOW_RE = /^(?:([A-Za-z]{3}(?:,[A-Za-z]{3})*)\s+)?([01]\d|2[0-3]):([0-5]\d)$/;
/** "Bakery run: Mon,Thu 08:00": a name, a colon, then a plain window. */
const NAMED_RE = /^([^:]*[A-Za-z][^:]*?)\s*:\s+(.+)$/;
export const WINDOW_NAME_MAX = 40;

function parseWindow(raw: string, name: string | null): DeliveryWindow {
  const match = WINDOW_RE.exec(raw.trim());
  if (!match) {
    throw new DomainError("UNPROCESSABLE", `"${raw}" is not a delivery window; use "HH:MM", "Mon,Thu HH:MM" or "Bakery run: Mon,Thu HH:MM".`);
  }
  const weekdays = match[1]
    ? match[1].split(",").map((d) => {
        const index = DAY_NAMES.findIndex((n) => n.toLowerCase() === d.toLowerCase());
        if (index < 0) throw new DomainError("UNPROCESSABLE", `"${d}" in "${raw}" is not a weekday (Mon … Sun).`);
        return index;
      })
    : null;
  return { minutes: Number(match[2]) * 60 + Number(match[3]), weekdays, name };
}

/**
 * Parses window entries like "07:00" (every day), "Mon,Thu 07:00" (those weekdays only) or
 * "Bakery run: Mon,Thu 07:00" (named). Throws UNPROCESSABLE naming the bad entry.
 */
export function parseWindows(entries: readonly string[]): DeliveryWindow[] {
  return entries.map((raw) => {
    const trimmed = raw.trim();
    if (WINDOW_RE.test(trimmed)) return parseWindow(trimmed, null);
    const named = NAMED_RE.exec(trimmed);
    if (!named?.[1] || !named[2]) return parseWindow(trimmed, null);
    const name = named[1].trim();
    if (name.length > WINDOW_NAME_MAX) throw new DomainError("UNPROCESSABLE", `The window name "${name}" is longer than ${WINDOW_NAME_MAX} characters.`);
    return parseWindow(named[2], name);
  });
}

/** The windows a cadence delivers in; DAILY and TWICE_DAILY fall back to sensible times. */
export function windowsForCadence(cadence: Cadence, entries: readonly string[]): DeliveryWindow[] {
  const parsed = parseWindows(entries);
  if (cadence === "DAILY") return parsed.slice(0, 1).length ? parsed.slice(0, 1) : parseWindows(["07:00"]);
  if (cadence === "TWICE_DAILY") return parsed.length >= 2 ? parsed.slice(0, 2) : parseWindows(["07:00", "15:00"]);
  if (parsed.length === 0) throw new DomainError("UNPROCESSABLE", "Add at least one delivery window.");
  return parsed;
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

function localParts(ms: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
    weekday: DAY_NAMES.indexOf(get("weekday") as (typeof DAY_NAMES)[number]),
  };
}

/** The UTC instant of a local wall-clock time in `timeZone` (DST gaps resolve forwards). */
export function zonedTimeToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    const diff = wall - seen;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}

/** The first delivery window at or after `from`, looking up to two weeks ahead. */
export function nextWindowAt(windows: readonly DeliveryWindow[], from: number, timeZone: string): number {
  const today = localParts(from, timeZone);
  let best = Number.POSITIVE_INFINITY;
  for (let offset = 0; offset <= 14 && !Number.isFinite(best); offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const weekday = date.getUTCDay();
    for (const w of windows) {
      if (w.weekdays && !w.weekdays.includes(weekday)) continue;
      const at = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), w.minutes, timeZone);
      if (at >= from && at < best) best = at;
    }
  }
  if (!Number.isFinite(best)) throw new DomainError("UNPROCESSABLE", "No delivery window in the next two weeks.");
  return best;
}

/** When an order placed at `now` can land: the first window after the supplier's lead time. */
export function arrivalAt(windows: readonly DeliveryWindow[], leadTimeHours: number, now: number, timeZone: string): number {
  return nextWindowAt(windows, now + leadTimeHours * HOUR_MS, timeZone);
}

/**
 * The latest delivery window in [from, until], or null when none falls in it: a person who needs
 * stock by `until` wants the last delivery that still makes it (freshest stock, and the same
 * window the scan would fill). Looks back at most 31 days from `until`.
 */
export function latestWindowBetween(windows: readonly DeliveryWindow[], from: number, until: number, timeZone: string): number | null {
  if (until < from) return null;
  const last = localParts(until, timeZone);
  for (let offset = 0; offset <= 31; offset++) {
    const date = new Date(Date.UTC(last.year, last.month - 1, last.day - offset));
    const weekday = date.getUTCDay();
    let best: number | null = null;
    for (const w of windows) {
      if (w.weekdays && !w.weekdays.includes(weekday)) continue;
      const at = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), w.minutes, timeZone);
      if (at >= from && at <= until && (best === null || at > best)) best = at;
    }
    if (best !== null) return best;
    // Past the start of the range: an earlier day cannot hold a window at or after `from`.
    if (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + 36 * HOUR_MS < from) return null;
  }
  return null;
}

/** The name of the named window that delivers at `at`, if any (for the board). */
export function windowNameAt(windows: readonly DeliveryWindow[], at: number, timeZone: string): string | null {
  const p = localParts(at, timeZone);
  const minutes = p.hour * 60 + p.minute;
  const w = windows.find((x) => x.name && x.minutes === minutes && (!x.weekdays || x.weekdays.includes(p.weekday)));
  return w?.name ?? null;
}

export type TriggerInput = {
  /** Projected on-hand when the next possible delivery lands (already net of incoming). */
  projectedAtArrival: number;
  reorderPoint: number;
  targetLevel: number;
};

/**
 * The quantity to order, or 0 when no order is needed: only when the projection at arrival falls
 * under the reorder point, enough to bring it back up to the target.
 */
export function decideReorder({ projectedAtArrival, reorderPoint, targetLevel }: TriggerInput): number {
  if (projectedAtArrival >= reorderPoint) return 0;
  return Math.max(1, Math.ceil(targetLevel - projectedAtArrival));
}

/** Why a line was raised, in words a shop owner reads on the board. */
export function describeReason(input: {
  onHand: number;
  usage: number;
  incoming: number;
  projectedAtArrival: number;
  reorderPoint: number;
  targetLevel?: number;
  unit: string;
  arrivalLabel: string;
}): string {
  const parts = [
    `${input.onHand} ${input.unit} on hand`,
    `about ${Math.round(input.usage)} ${input.unit} forecast to be used before ${input.arrivalLabel}`,
  ];
  if (input.incoming) parts.push(`${input.incoming} ${input.unit} already on the way`);
  const projected = Math.round(input.projectedAtArrival);
  // A line kept open above the reorder point (see planDraftLine) still tops up to the target.
  const verdict =
    input.projectedAtArrival < input.reorderPoint || input.targetLevel === undefined
      ? `is under the reorder point of ${input.reorderPoint} ${input.unit}`
      : `is under the target of ${input.targetLevel} ${input.unit}`;
  return `${parts.join(", ")}: projected ${projected} ${input.unit} ${verdict}.`;
}

/** Deliveries per day a cadence gives, for sizing the target. */
function deliveriesPerDay(cadence: Cadence, windows: readonly DeliveryWindow[]): number {
  if (cadence === "DAILY") return 1;
  if (cadence === "TWICE_DAILY") return 2;
  const perWeek = windows.reduce((n, w) => n + (w.weekdays ? w.weekdays.length : 7), 0);
  return Math.max(perWeek / 7, 1 / 7);
}

/**
 * Rule defaults from average daily usage: the reorder point covers the lead time plus half a day of
 * safety; the target adds one delivery cycle on top, so each delivery lasts until the next.
 */
export function suggestRuleDefaults(input: {
  dailyUsage: number;
  leadTimeHours: number;
  cadence: Cadence;
  windows: readonly DeliveryWindow[];
}): { reorderPoint: number; targetLevel: number } {
  const daily = Math.max(0, input.dailyUsage);
  const reorderPoint = Math.ceil(daily * (input.leadTimeHours / 24 + 0.5));
  const cycleDays = 1 / deliveriesPerDay(input.cadence, input.windows);
  const targetLevel = Math.max(reorderPoint + 1, Math.ceil(reorderPoint + daily * cycleDays));
  return { reorderPoint, targetLevel };
}

/** Validates a rule's numbers; field errors for the rule form. */
export function ruleFieldErrors(input: { reorderPoint: number; targetLevel: number; leadTimeHours: number }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Number.isSafeInteger(input.reorderPoint) || input.reorderPoint < 0) errors.reorderPoint = "Use a whole number of zero or more.";
  if (!Number.isSafeInteger(input.targetLevel) || input.targetLevel <= 0) errors.targetLevel = "Use a whole number above zero.";
  else if (input.targetLevel <= input.reorderPoint) errors.targetLevel = "The target must be above the reorder point.";
  if (!Number.isSafeInteger(input.leadTimeHours) || input.leadTimeHours < 0 || input.leadTimeHours > 24 * 30) {
    errors.leadTimeHours = "Use whole hours between 0 and 720.";
  }
  return errors;
}

/**
 * A draft line's key (ResupplyLine.openKey): one draft line per component × location × delivery
 * window, so rescans, late events and racing scanners cannot duplicate it. Cleared once the line
 * is sent, received or cancelled, so a later need for the same window raises a new draft.
 */
export function openLineKey(locationId: string, componentId: string, windowAt: number): string {
  return `${locationId}|${componentId}|${new Date(windowAt).toISOString()}`;
}

/** A draft suggestion's key (ResupplySuggestion.draftKey): one draft per supplier × location × window. */
export function draftKey(shopId: string, locationId: string, supplierId: string | null, windowAt: number): string {
  return `${shopId}|${locationId}|${supplierId ?? "-"}|${new Date(windowAt).toISOString()}`;
}

export type DraftLinePlan =
  | { action: "none" }
  | { action: "keep" }
  | { action: "raise"; quantity: number }
  | { action: "update"; quantity: number }
  | { action: "remove" };

/**
 * What the scan does with the draft line of the reachable window, from the stock projected at
 * that window without the line itself (everything else already open and due by then counted):
 * - no draft line: raise one when the projection is under the reorder point (to reach the target);
 * - a pinned line (a person chose its quantity): leave it;
 * - a scan-raised line: follow the projection, so late sales, refunds and cancellations change
 *   it; it goes away only once the rest reaches the target, so stock hovering around the reorder
 *   point does not raise and drop the line scan after scan.
 */
export function planDraftLine(input: {
  projectedWithoutLine: number;
  reorderPoint: number;
  targetLevel: number;
  existing: { quantity: number; pinned: boolean } | null;
}): DraftLinePlan {
  const { projectedWithoutLine, reorderPoint, targetLevel, existing } = input;
  if (!existing) {
    const quantity = decideReorder({ projectedAtArrival: projectedWithoutLine, reorderPoint, targetLevel });
    return quantity > 0 ? { action: "raise", quantity } : { action: "none" };
  }
  if (existing.pinned) return { action: "keep" };
  const quantity = Math.ceil(targetLevel - projectedWithoutLine);
  if (quantity <= 0) return { action: "remove" };
  return quantity === existing.quantity ? { action: "keep" } : { action: "update", quantity };
}

export const REASON_MAX = 2000;

/**
 * A person's extra need joining a draft line of the same component and window. Needs add up (a
 * catering order comes on top of what the forecast already asked for), and each need keeps its
 * own reason line. The same need submitted twice (same quantity and reason) is a double submit:
 * null, nothing changes.
 */
export function mergeManualNeed(
  line: { quantity: number; reason: string },
  need: { quantity: number; reason: string; unit: string },
): { quantity: number; reason: string } | null {
  const entry = manualNeedEntry(need);
  if (line.reason.split("\n").includes(entry)) return null;
  return { quantity: line.quantity + need.quantity, reason: `${line.reason}\n${entry}`.slice(0, REASON_MAX) };
}

/** How a person's need reads on the board: "Office catering on Friday (+2500 g)". */
export function manualNeedEntry(need: { quantity: number; reason: string; unit: string }): string {
  return `${need.reason} (+${need.quantity} ${need.unit})`;
}
