/**
 * Shop-local calendar math. Orders carry their business date, local hour and weekday (fixed at
 * ingestion) so dashboards group in SQL; these helpers compute those fields and turn a business
 * date back into the UTC instant where it starts, across DST changes.
 */

export type LocalParts = { businessDate: string; localHour: number; weekday: number };

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
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Business date (YYYY-MM-DD), hour 0–23 and weekday (0 = Sunday) of an instant in the shop's zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const w = wallClock(instant, timeZone);
  const businessDate = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  return { businessDate, localHour: w.hour, weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() };
}

/** Offset of the zone from UTC at an instant, in milliseconds (New York in winter: −5 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isBusinessDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function parseDate(value: string): number {
  const m = DATE_RE.exec(value);
  if (!m) throw new RangeError(`Not a business date: ${value}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The UTC instant at which a local wall-clock time on a business date happens. */
export function zonedInstant(businessDate: string, timeZone: string, hour = 0, minute = 0): Date {
  const wall = parseDate(businessDate) + (hour * 60 + minute) * 60_000;
  // Two passes settle the offset on both sides of a DST change.
  let guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  guess = wall - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** Start of a business day (local midnight) as a UTC instant. */
export function startOfBusinessDay(businessDate: string, timeZone: string): Date {
  return zonedInstant(businessDate, timeZone);
}

export function addDays(businessDate: string, days: number): string {
  return new Date(parseDate(businessDate) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (to − from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / 86_400_000);
}

/** Monday of the ISO week that holds the date. */
export function weekStart(businessDate: string): string {
  const weekday = new Date(parseDate(businessDate)).getUTCDay();
  return addDays(businessDate, -((weekday + 6) % 7));
}

/** The first day of the date's month. */
export function monthStart(businessDate: string): string {
  return `${businessDate.slice(0, 7)}-01`;
}

/** Whether two instants fall on the same business day (local calendar date) in the shop's zone. */
export function isSameBusinessDay(a: Date, b: Date, timeZone: string): boolean {
  return localParts(a, timeZone).businessDate === localParts(b, timeZone).businessDate;
}

/** An instant as the shop's wall clock, "YYYY-MM-DDTHH:MM" (the value of a datetime-local field). */
export function toLocalDateTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL_DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * "YYYY-MM-DDTHH:MM" read on the shop's wall clock → the instant, or null when it is not such a
 * value. A time repeated by a fall-back change is its first occurrence; a time skipped by a
 * spring-forward change is read with the offset before the change (02:30 → 03:30 EDT).
 */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const m = LOCAL_DATE_TIME_RE.exec(value.trim());
  if (!m || !isBusinessDate(m[1] as string)) return null;
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59) return null;
  const wanted = `${m[1]}T${m[2]}:${m[3]}`;
  const wall = parseDate(m[1] as string) + (hour * 60 + minute) * 60_000;
  // The offsets half a day either side bracket any DST change near this wall time.
  const candidates = [...new Set([wall - zoneOffsetMs(new Date(wall - 43_200_000), timeZone), wall - zoneOffsetMs(new Date(wall + 43_200_000), timeZone)])].sort(
    (a, b) => a - b,
  );
  // A repeated (fall-back) time takes its first occurrence; a skipped one the instant after the gap.
  const exact = candidates.find((t) => toLocalDateTime(new Date(t), timeZone) === wanted);
  return new Date(exact ?? (candidates[candidates.length - 1] as number));
}

/** ISO 8601 with the shop's UTC offset at that instant: "2026-11-20T09:00:00-05:00". */
export function formatZonedIso(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const offsetMin = Math.round(zoneOffsetMs(instant, timeZone) / 60_000);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
