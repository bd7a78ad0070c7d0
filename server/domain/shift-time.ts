/**
 * Shop-local calendar arithmetic without a date library: Intl gives the wall-clock parts of an
 * instant in a zone, and the inverse is found by correcting a guess with the zone's offset. Shifts
 * and business days are local, so every day boundary here honours DST (23- and 25-hour days).
 */

export type LocalParts = { date: string; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Wall-clock date, hour, minute and weekday (0 = Sunday) of `at` in `timeZone`. */
export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** The shop-local business date (YYYY-MM-DD) of an instant. */
export function businessDateOf(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

/** Milliseconds the zone is ahead of UTC at instant `at`. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the local clock in `timeZone` shows `date` `time`. A time skipped by a
 * spring-forward gap resolves to the instant just after the gap; a repeated fall-back time to
 * its first occurrence.
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

/** Adds `days` calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** UTC bounds [start, end) of a local business day; 23 or 25 hours long on DST change days. */
export function businessDayRange(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: zonedTimeToUtc(date, "00:00", timeZone), end: zonedTimeToUtc(addDays(date, 1), "00:00", timeZone) };
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return addDays(date, 0) === date;
}

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
