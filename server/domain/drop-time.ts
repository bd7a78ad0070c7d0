import { DomainError } from "./errors";

/** Offset (ms) of `timeZone` from UTC at instant `at`: wall clock there minus UTC. */
function offsetAt(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant of a shop-local wall-clock time "YYYY-MM-DDTHH:mm" (what a datetime-local input
 * gives). Drops are planned in the shop's time zone whatever the browser's zone is.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new DomainError("BAD_REQUEST", `Expected a local time like 2026-11-27T23:00, got "${local}".`);
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset across a DST change.
  let utc = guess - offsetAt(new Date(guess), timeZone);
  utc = guess - offsetAt(new Date(utc), timeZone);
  return new Date(utc);
}

/** "YYYY-MM-DDTHH:mm" of an instant in `timeZone`, for datetime-local inputs. */
export function utcToZonedLocal(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + offsetAt(at, timeZone));
  return shifted.toISOString().slice(0, 16);
}

/** Shop-local calendar date "YYYY-MM-DD" of an instant. */
export function zonedDate(at: Date, timeZone: string): string {
  return utcToZonedLocal(at, timeZone).slice(0, 10);
}

/** Shop-local date of the day after `now`, the default day for a new drop. */
export function tomorrowLocalDate(timeZone: string, now = new Date()): string {
  return zonedDate(new Date(now.getTime() + 86_400_000), timeZone);
}
