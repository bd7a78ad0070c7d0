import { TRPCError } from "@trpc/server";
import type { DomainErrorCode } from "../domain/errors";
import { isDomainError } from "../domain/errors";

type TrpcCode = TRPCError["code"];

/** The one table from domain error codes to tRPC codes and HTTP statuses. */
export const DOMAIN_ERROR_MAP: Record<DomainErrorCode, { trpc: TrpcCode; http: number }> = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", http: 413 },
  UNPROCESSABLE: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
};

export function toTrpcError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  return new TRPCError({ code: DOMAIN_ERROR_MAP[error.code].trpc, message: error.message, cause: error });
}

export function httpStatusOf(code: DomainErrorCode): number {
  return DOMAIN_ERROR_MAP[code].http;
}
