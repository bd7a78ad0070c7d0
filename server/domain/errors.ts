/**
 * The one error type rules raise. Services and domain code throw it; the tRPC error formatter and
 * the HTTP helpers map its code to a status in one place (server/api/error-map.ts).
 */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNPROCESSABLE"
  | "RATE_LIMITED";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Structured detail for clients, e.g. the offending entry or field errors. */
  readonly details: unknown;

  constructor(code: DomainErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Field-level validation failure: `fields` maps a form field path to its message. */
export function invalidFields(message: string, fields: Record<string, string>): DomainError {
  return new DomainError("UNPROCESSABLE", message, { fields });
}
