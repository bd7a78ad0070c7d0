import { invalidFields } from "./errors";
import { addDays, daysBetween, isBusinessDate, monthStart } from "./business-day";

/** Date range presets of the dashboard; "custom" takes from/to business dates. */
export const RANGE_PRESETS = ["7d", "30d", "90d", "month", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  month: "This month",
  custom: "Custom",
};

/** Longest custom range: a year plus a leap day keeps every query bounded. */
export const MAX_RANGE_DAYS = 366;

export type DateRange = { from: string; to: string; days: number };
export type ResolvedRange = DateRange & { preset: RangePreset; previous: DateRange };

export type RangeFieldErrors = { from?: string; to?: string };

/**
 * Field messages for a custom range (empty when it is fine): both dates real, the end on or after
 * the start and not after today in the shop's zone, at most MAX_RANGE_DAYS long. The filter bar
 * shows these beside the fields; the server applies the same rule.
 */
export function validateCustomRange(from: string | undefined, to: string | undefined, today: string): RangeFieldErrors {
  const e: RangeFieldErrors = {};
  if (!from || !isBusinessDate(from)) e.from = "Pick a start date (YYYY-MM-DD).";
  if (!to || !isBusinessDate(to)) e.to = "Pick an end date (YYYY-MM-DD).";
  if (e.from || e.to) return e;
  if ((to as string) > today) e.to = `The end date can't be after today (${today}).`;
  if ((from as string) > today) e.from = `The start date can't be after today (${today}).`;
  else if ((from as string) > (to as string)) e.to = "The end date must be on or after the start date.";
  else if (daysBetween(from as string, to as string) + 1 > MAX_RANGE_DAYS) e.from = `Pick at most ${MAX_RANGE_DAYS} days (this range has ${daysBetween(from as string, to as string) + 1}).`;
  return e;
}

/**
 * Turns a preset (or custom from/to) into an inclusive range of business dates ending today in the
 * shop's time zone, plus the previous period of the same length right before it (for "this month",
 * the same number of days of the previous month, so day 10 compares with day 10).
 */
export function resolveRange(input: { preset: RangePreset; from?: string; to?: string }, today: string): ResolvedRange {
  let from: string;
  let to = today;
  switch (input.preset) {
    case "7d":
      from = addDays(today, -6);
      break;
    case "30d":
      from = addDays(today, -29);
      break;
    case "90d":
      from = addDays(today, -89);
      break;
    case "month":
      from = monthStart(today);
      break;
    case "custom": {
      const fields = validateCustomRange(input.from, input.to, today);
      if (fields.from || fields.to) {
        throw invalidFields(fields.from && fields.to ? "Check the date range." : (fields.from ?? fields.to ?? ""), fields as Record<string, string>);
      }
      from = input.from as string;
      to = input.to as string;
      break;
    }
  }
  const days = daysBetween(from, to) + 1;
  const previous =
    input.preset === "month"
      ? (() => {
          const prevFrom = monthStart(addDays(from, -1));
          const lastOfPrev = addDays(from, -1);
          const candidate = addDays(prevFrom, days - 1);
          const prevTo = candidate < lastOfPrev ? candidate : lastOfPrev;
          return { from: prevFrom, to: prevTo, days: daysBetween(prevFrom, prevTo) + 1 };
        })()
      : { from: addDays(from, -days), to: addDays(from, -1), days };
  return { preset: input.preset, from, to, days, previous };
}

/** Day buckets for short ranges, week buckets (Mondays) beyond ~3 months so charts stay readable. */
export function defaultGranularity(days: number): "day" | "week" {
  return days > 92 ? "week" : "day";
}
