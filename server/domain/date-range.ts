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
      const fields: Record<string, string> = {};
      if (!input.from || !isBusinessDate(input.from)) fields.from = "Pick a start date (YYYY-MM-DD).";
      if (!input.to || !isBusinessDate(input.to)) fields.to = "Pick an end date (YYYY-MM-DD).";
      if (Object.keys(fields).length) throw invalidFields("The date range is incomplete.", fields);
      from = input.from as string;
      to = input.to as string;
      if (from > to) throw invalidFields("The range ends before it starts.", { to: "The end date must be on or after the start date." });
      if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
        throw invalidFields("The range is too long.", { from: `Pick at most ${MAX_RANGE_DAYS} days.` });
      }
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
