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
