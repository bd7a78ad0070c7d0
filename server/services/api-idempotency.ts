import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { isUniqueViolation } from "../db-errors";

/** One answer of the integrator API: what is sent back, and what a retry gets again. */
export type ApiAnswer = { status: number; body: unknown };

/** How long an Idempotency-Key is remembered; a retry after that runs as a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
let lastPruneMs = 0;


type Stored = { requestHash: string; status: number; response: string; createdAt: Date };

class KeyReused extends DomainError {
  constructor(key: string) {
    super("CONFLICT", `Idempotency-Key "${key}" was already used for a different request; use a new key for a new request.`, {
      idempotencyKey: key,
    });
  }
}

function replay(row: Stored, requestHash: string, key: string): ApiAnswer & { replayed: true } {
  if (row.requestHash !== requestHash) throw new KeyReused(key);
  return { status: row.status, body: JSON.parse(row.response) as unknown, replayed: true };
}

/** Forgets keys older than the TTL (at most every ten minutes per process; cheap on the index). */
export async function pruneIdempotencyKeys(db: DbTx, now = new Date()): Promise<number> {
  const { count } = await db.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
  return count;
}

/**
 * Runs a write at most once per (API key, Idempotency-Key). The effect and the remembered answer
 * commit in one transaction, so a crash can never leave one without the other; a twin request
 * racing it either waits for that transaction (SQLite) or loses on the unique key and rolls back,
 * and then gets the stored answer. A refused request (4xx from `answerForError`) is remembered
 * too, so a retry gets the same answer; the same key with a different request is a 409.
 */
export async function runIdempotent(
  db: Db,
  input: { apiKeyId: string; key: string; requestHash: string },
  run: (tx: DbTx) => Promise<ApiAnswer>,
  answerForError: (error: unknown) => ApiAnswer | null,
  now = new Date(),
): Promise<ApiAnswer & { replayed: boolean }> {
  if (now.getTime() - lastPruneMs > PRUNE_EVERY_MS) {
    lastPruneMs = now.getTime();
    await pruneIdempotencyKeys(db, now);
  }
  const where = { apiKeyId_key: { apiKeyId: input.apiKeyId, key: input.key } };
  const lookup = () => db.apiIdempotencyKey.findUnique({ where });
  const existing = await lookup();
  if (existing && existing.createdAt.getTime() > now.getTime() - IDEMPOTENCY_TTL_MS) return replay(existing, input.requestHash, input.key);
  if (existing) await db.apiIdempotencyKey.deleteMany({ where: { id: existing.id } });

  const remember = (tx: DbTx, answer: ApiAnswer) =>
    tx.apiIdempotencyKey.create({
      data: { apiKeyId: input.apiKeyId, key: input.key, requestHash: input.requestHash, status: answer.status, response: JSON.stringify(answer.body) },
    });
  try {
    return await db.$transaction(async (tx) => {
      const twin = await tx.apiIdempotencyKey.findUnique({ where });
      if (twin) return replay(twin, input.requestHash, input.key);
      const answer = await run(tx);
      await remember(tx, answer);
      return { ...answer, replayed: false };
    });
  } catch (error) {
    if (error instanceof KeyReused) throw error;
    if (isUniqueViolation(error)) {
      const row = await lookup();
      if (row) return replay(row, input.requestHash, input.key);
    }
    const refused = answerForError(error);
    if (!refused || refused.status >= 500) throw error;
    try {
      await remember(db, refused);
    } catch (storeError) {
      if (!isUniqueViolation(storeError)) throw storeError;
      const row = await lookup();
      if (row) return replay(row, input.requestHash, input.key);
    }
    return { ...refused, replayed: false };
  }
}
