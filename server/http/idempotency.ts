import { createHash } from "node:crypto";
import { db, type DbTx } from "../db";
import { DomainError } from "../domain/errors";
import type { ApiCaller } from "../services/api-keys";
import { runIdempotent, type ApiAnswer } from "../services/api-idempotency";
import { errorAnswer } from "./responses";

/** Printable ASCII without spaces at the ends, up to 255 characters (UUIDs, ULIDs, hashes …). */
const KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

/**
 * What identifies "the same request" for an Idempotency-Key: method, path and the JSON body
 * (re-serialised, so whitespace does not matter; a body that is not JSON counts as its bytes).
 */
function requestHash(request: Request, bodyText: string): string {
  let body = bodyText;
  try {
    body = JSON.stringify(JSON.parse(bodyText));
  } catch {
    // Not JSON: the handler answers 400, and a retry with the same bytes gets that again.
  }
  return createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${body}`).digest("hex");
}

/**
 * Answers a write endpoint. `run` does the work in one transaction and returns the answer. With
 * an `Idempotency-Key` header, a retry of the same request gets the first answer again (same
 * status and body, `Idempotent-Replayed: true`), and the key reused for a different request is
 * 409. Without the header every call runs.
 */
export async function answerWrite(request: Request, caller: ApiCaller, bodyText: string, run: (tx: DbTx) => Promise<ApiAnswer>): Promise<Response> {
  const key = request.headers.get("idempotency-key");
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (key === null) {
    const answer = await db.$transaction((tx) => run(tx));
    return Response.json(answer.body, { status: answer.status, headers });
  }
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError("BAD_REQUEST", "Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.", { header: "Idempotency-Key" });
  }
  const answer = await runIdempotent(db, { apiKeyId: caller.keyId, key, requestHash: requestHash(request, bodyText) }, run, errorAnswer);
  headers["Idempotency-Key"] = key;
  if (answer.replayed) headers["Idempotent-Replayed"] = "true";
  return Response.json(answer.body, { status: answer.status, headers });
}
