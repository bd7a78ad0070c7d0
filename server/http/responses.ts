import { ZodError } from "zod";
import { DomainError, isDomainError, type DomainErrorCode } from "../domain/errors";
import { httpStatusOf } from "../api/error-map";

export type ContractError = { error: { code: DomainErrorCode; message: string; details: unknown } };

/** `{"error": {"code","message","details"}}` — the integrator API's error contract. */
export function contractError(code: DomainErrorCode, message: string, details?: unknown): ContractError {
  return { error: { code, message, details: details ?? null } };
}

export function errorResponse(code: DomainErrorCode, message: string, details?: unknown, headers?: HeadersInit): Response {
  return Response.json(contractError(code, message, details), { status: httpStatusOf(code), headers });
}

export function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/**
 * The contract answer for an error a request caused (DomainError or zod), or null for anything
 * unexpected. Shared by handleRoute and the idempotency store, so a replay is byte-identical.
 */
export function errorAnswer(error: unknown): { status: number; body: ContractError; headers?: Record<string, string> } | null {
  if (isDomainError(error)) {
    const retry =
      error.code === "RATE_LIMITED" && typeof error.details === "object" && error.details && "retryAfterSeconds" in error.details
        ? { "Retry-After": String((error.details as { retryAfterSeconds: number }).retryAfterSeconds) }
        : undefined;
    return { status: httpStatusOf(error.code), body: contractError(error.code, error.message, error.details), ...(retry ? { headers: retry } : {}) };
  }
  if (error instanceof ZodError) return { status: httpStatusOf("UNPROCESSABLE"), body: contractError("UNPROCESSABLE", "Request body is invalid.", zodDetails(error)) };
  return null;
}

/**
 * Wraps a route handler: DomainError and zod errors become contract errors; anything unexpected is
 * logged and answered 500 without internals (bad input never reaches that branch).
 */
export function handleRoute<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      const answer = errorAnswer(error);
      if (answer) return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store", ...answer.headers } });
      console.error("Unhandled route error", error);
      return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side.", details: null } }, { status: 500 });
    }
  };
}

/** Reads a JSON body with a size cap; 413 over the cap, 400 for malformed JSON. */
export async function readJsonBody(request: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  return parseJsonBody(await readBodyText(request, maxBytes));
}

/** 400 for an empty or malformed JSON body. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new DomainError("BAD_REQUEST", "Request body is empty; send JSON.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError("BAD_REQUEST", "Request body is not valid JSON.");
  }
}

/** Reads the raw body, stopping as soon as it passes `maxBytes` (a huge body is never buffered). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new DomainError("PAYLOAD_TOO_LARGE", `Body is larger than ${maxBytes} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new DomainError("PAYLOAD_TOO_LARGE", `Body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A path segment as the client meant it; a malformed escape is taken literally (never a 500). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
