import { ZodError } from "zod";
import { DomainError, isDomainError, type DomainErrorCode } from "../domain/errors";
import { httpStatusOf } from "../api/error-map";

/** `{"error": {"code","message","details"}}` — the integrator API's error contract. */
export function errorResponse(code: DomainErrorCode, message: string, details?: unknown, headers?: HeadersInit): Response {
  return Response.json(
    { error: { code, message, details: details ?? null } },
    { status: httpStatusOf(code), headers },
  );
}

export function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
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
      if (isDomainError(error)) {
        const retry =
          error.code === "RATE_LIMITED" && typeof error.details === "object" && error.details && "retryAfterSeconds" in error.details
            ? { "Retry-After": String((error.details as { retryAfterSeconds: number }).retryAfterSeconds) }
            : undefined;
        return errorResponse(error.code, error.message, error.details, retry);
      }
      if (error instanceof ZodError) return errorResponse("UNPROCESSABLE", "Request body is invalid.", zodDetails(error));
      console.error("Unhandled route error", error);
      return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side.", details: null } }, { status: 500 });
    }
  };
}

/** Reads a JSON body with a size cap; 413 over the cap, 400 for malformed JSON. */
export async function readJsonBody(request: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
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
