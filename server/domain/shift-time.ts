/**
 * Shop-local time for shifts and the daily close. The calendar basics (business date, zone
 * offset, day arithmetic) come from domain/business-day.ts so the whole app agrees on what day
 * an instant belongs to; this module adds minutes, wall-clock → instant with the rules shifts need
 * at DST changes, business-day bounds and shift windows. Every day boundary honours DST (23- and
 * 25-hour days).
 */
import { addDays, isBusinessDate, localParts as dayParts, zoneOffsetMs } from "./business-day";

export { addDays };

export type LocalParts = { date: string; hour: number; minute: number; weekday: number };

/** Wall-clock date, hour, minute and weekday (0 = Sunday) of `at` in `timeZone`. */
export function localParts(at: Date, timeZone: string): LocalParts {
  // The wall clock is the instant shifted by the zone's offset, read as if it were UTC.
  const wall = new Date(Math.floor(at.getTime() / 1000) * 1000 + zoneOffsetMs(at, timeZone));
  return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), weekday: wall.getUTCDay() };
}

/** The shop-local business date (YYYY-MM-DD) of an instant. */
export function businessDateOf(at: Date, timeZone: string): string {
  return dayParts(at, timeZone).businessDate;
}

const offsetMs = zoneOffsetMs;

/**
 * The instant at which the local clock in `timeZone` shows `date` `time`. A time skipped by a
 * spring-forward gap resolves to the instant just after the gap; a repeated fall-back time to
 * its first occurrence. (business-day.ts#zonedInstant settles those two cases the other way; a
 * shift that "starts at 02:30" on a spring-forward night starts when the clock resumes, and one
 * at 01:30 on a fall-back night starts at the first 01:30, so shifts keep this rule.)
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  // Try the offsets in force a day either side; the earliest candidate that reads back right wins.
  const offsets = [...new Set([offsetMs(new Date(wall - 86_400_000), timeZone), offsetMs(new Date(wall + 86_400_000), timeZone)])];
  const candidates = offsets
    .map((o) => wall - o)
    .filter((t) => {
      const p = localParts(new Date(t), timeZone);
      return p.date === date && p.hour === (hh ?? 0) && p.minute === (mm ?? 0);
    })
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);
  // In a DST gap: the clock jumps over this time, so use the later offset (after the jump).
  const after = Math.min(...offsets);
  return new Date(wall - after);
}

/** UTC bounds [start, end) of a local business day; 23 or 25 hours long on DST change days. */
export function businessDayRange(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: zonedTimeToUtc(date, "00:00", timeZone), end: zonedTimeToUtc(addDays(date, 1), "00:00", timeZone) };
}

export const isValidDate = isBusinessDate;

export function isValidTime(time: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export type ShiftDef = { id: string; name: string; startTime: string; endTime: string };
export type ShiftWindow = { shift: ShiftDef; start: Date; end: Date; date: string };

/** The concrete window of a shift that starts on local `date` (a shift may run past midnight). */
export function shiftWindow(shift: ShiftDef, date: string, timeZone: string): ShiftWindow {
  const crossesMidnight = minutesOf(shift.endTime) <= minutesOf(shift.startTime);
  return {
    shift,
    date,
    start: zonedTimeToUtc(date, shift.startTime, timeZone),
    end: zonedTimeToUtc(crossesMidnight ? addDays(date, 1) : date, shift.endTime, timeZone),
  };
}

/**
 * The shift running at `now` (or the latest one that ended, between shifts) and the one before it.
 * Windows from yesterday are considered so an overnight shift is found after midnight.
 */
export function currentAndPreviousShift(
  shifts: readonly ShiftDef[],
  now: Date,
  timeZone: string,
): { current: ShiftWindow | null; previous: ShiftWindow | null } {
  if (shifts.length === 0) return { current: null, previous: null };
  const today = businessDateOf(now, timeZone);
  const windows = [-2, -1, 0]
    .flatMap((d) => shifts.map((s) => shiftWindow(s, addDays(today, d), timeZone)))
    .filter((w) => w.start <= now)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const running = windows.filter((w) => w.end > now);
  const current = running.at(-1) ?? windows.at(-1) ?? null;
  const previous = current ? (windows.filter((w) => w.start < current.start).at(-1) ?? null) : null;
  return { current, previous };
}
