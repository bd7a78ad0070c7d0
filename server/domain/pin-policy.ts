import { DomainError } from "./errors";

/**
 * A tablet PIN is 4–8 digits. Guessable ones (all the same digit, a straight run up or down) are
 * refused because the PIN is the only secret between a shared tablet and a staff session.
 */
export function pinProblem(pin: string): string | null {
  if (!/^\d{4,8}$/.test(pin)) return "Use 4 to 8 digits.";
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return "Avoid a PIN of one repeated digit.";
  const steps = digits.slice(1).map((d, i) => d - (digits[i] ?? 0));
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return "Avoid a straight run like 1234.";
  return null;
}

export function assertPinAllowed(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new DomainError("UNPROCESSABLE", problem, { fields: { pin: problem } });
}

/** Only staff may use a PIN: owner and manager accounts keep their full password. */
export function mayUsePin(role: string): boolean {
  return role === "STAFF";
}

/**
 * How often a PIN may be wrong before that route is locked. A PIN only works on a registered
 * counter tablet, so these are the guesses someone standing at the counter gets:
 *  - per person: `max` in 15 minutes (a typo or two never locks anyone out),
 *  - per person per day: 3 × `max` in 24 hours, so a 4-digit PIN (≈ 9,980 allowed values) faces at
 *    most 15 guesses a day by default instead of 480,
 *  - per tablet: 2 × `max` in 15 minutes across everyone, so trying names one after another stops.
 * A new PIN (set by the person or the owner) lifts a person's lock.
 */
export type PinLimit = { scope: "person" | "person-day" | "device"; max: number; windowMs: number };

export function pinLimits(maxFailures: number): PinLimit[] {
  return [
    { scope: "person", max: maxFailures, windowMs: 15 * 60_000 },
    { scope: "person-day", max: maxFailures * 3, windowMs: 24 * 3_600_000 },
    { scope: "device", max: maxFailures * 2, windowMs: 15 * 60_000 },
  ];
}

export type FailureBucket = { failures: number; windowStart: Date; lockedUntil: Date | null };

/** The bucket after one more failure: a window opens at the first failure; reaching `max` locks it to the window's end. */
export function recordPinFailure(bucket: FailureBucket | null, now: Date, limit: Pick<PinLimit, "max" | "windowMs">): FailureBucket {
  const fresh = !bucket || now.getTime() - bucket.windowStart.getTime() >= limit.windowMs;
  const failures = fresh ? 1 : bucket.failures + 1;
  const windowStart = fresh ? now : bucket.windowStart;
  return { failures, windowStart, lockedUntil: failures >= limit.max ? new Date(windowStart.getTime() + limit.windowMs) : null };
}

/**
 * How long a PIN session lasts at most, from the moment of sign-in, however busy it is: one
 * shift. A password session rolls on with use (12 h idle); a PIN session on a shared tablet must
 * not outlive the shift of the person who opened it, so the next person never inherits it.
 */
export const PIN_SESSION_MAX_SECONDS = 8 * 3600;

export type SignInMethod = "password" | "pin";
/** What the session token records about how it was signed in. */
export type SignInClaims = { authMethod: SignInMethod; authAt: number; tabletDeviceId?: string };

/** Claims to stamp on a fresh token; `user` is what a credentials provider returned. */
export function signInClaims(user: object, nowSeconds: number): SignInClaims {
  const u = user as { authMethod?: unknown; tabletDeviceId?: unknown };
  if (u.authMethod === "pin" && typeof u.tabletDeviceId === "string") {
    return { authMethod: "pin", authAt: nowSeconds, tabletDeviceId: u.tabletDeviceId };
  }
  return { authMethod: "password", authAt: nowSeconds };
}

/** Whether a PIN session has run past its cap (a token without a sign-in time is treated as expired). */
export function isPinSessionOver(token: object, nowSeconds: number): boolean {
  const t = token as { authMethod?: unknown; authAt?: unknown };
  if (t.authMethod !== "pin") return false;
  return typeof t.authAt !== "number" || nowSeconds - t.authAt >= PIN_SESSION_MAX_SECONDS;
}
