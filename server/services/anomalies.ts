import type { DbTx } from "../db";
import { assertAnomalyTransition, raiseDecision, type AnomalyKind, type AnomalyStatus } from "../domain/anomaly";
import { DomainError } from "../domain/errors";
import { enqueueEvent } from "./outbox";

export type AnomalyInput = {
  kind: AnomalyKind;
  key: string;
  locationId?: string | null;
  message: string;
  details?: Record<string, unknown>;
  /** Condition anomalies reopen when the problem returns after being resolved. */
  recurring: boolean;
};

/**
 * Raises an anomaly once per key (Anomaly.key is unique per shop) and emits `anomaly.raised` in the
 * same transaction when it is new or reopened. Returns what happened so the job can report it.
 */
export async function raiseAnomaly(tx: DbTx, shopId: string, input: AnomalyInput, now = new Date()) {
  const existing = await tx.anomaly.findUnique({ where: { shopId_key: { shopId, key: input.key } }, select: { id: true, status: true } });
  const decision = raiseDecision(existing, input.recurring);
  const details = JSON.stringify(input.details ?? {});
  if (decision === "keep") return { decision, id: existing!.id };
  if (decision === "refresh") {
    await tx.anomaly.update({ where: { id: existing!.id }, data: { message: input.message, details } });
    return { decision, id: existing!.id };
  }
  const row =
    decision === "create"
      ? await tx.anomaly.create({
          data: { shopId, kind: input.kind, key: input.key, locationId: input.locationId ?? null, message: input.message, details, createdAt: now },
          select: { id: true },
        })
      : await tx.anomaly.update({
          where: { id: existing!.id },
          data: { status: "OPEN", message: input.message, details, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null },
          select: { id: true },
        });
  await enqueueEvent(tx, shopId, "anomaly.raised", {
    id: row.id,
    kind: input.kind,
    key: input.key,
    locationId: input.locationId ?? null,
    message: input.message,
    details: input.details ?? {},
    reopened: decision === "reopen",
    raisedAt: now.toISOString(),
  });
  return { decision, id: row.id };
}

/** Closes condition anomalies whose problem has gone away (stock back above zero, SKU mapped). */
export async function resolveAnomalies(tx: DbTx, shopId: string, ids: string[], now = new Date()) {
  if (ids.length === 0) return 0;
  const { count } = await tx.anomaly.updateMany({
    where: { shopId, id: { in: ids }, status: { in: ["OPEN", "ACKNOWLEDGED"] } },
    data: { status: "RESOLVED", resolvedAt: now },
  });
  return count;
}

export async function listAnomalies(db: DbTx, shopId: string, input: { status?: AnomalyStatus | "ACTIVE"; take?: number }) {
  const status = input.status === "ACTIVE" ? { in: ["OPEN", "ACKNOWLEDGED"] } : input.status;
  const rows = await db.anomaly.findMany({
    where: { shopId, ...(status ? { status } : {}) },
    orderBy: { createdAt: "desc" },
    take: input.take ?? 500,
    select: {
      id: true,
      kind: true,
      key: true,
      message: true,
      details: true,
      status: true,
      locationId: true,
      createdAt: true,
      acknowledgedAt: true,
      acknowledgedBy: true,
      resolvedAt: true,
    },
  });
  const locationIds = [...new Set(rows.map((r) => r.locationId).filter((id): id is string => !!id))];
  const userIds = [...new Set(rows.map((r) => r.acknowledgedBy).filter((id): id is string => !!id))];
  const [locations, users] = await Promise.all([
    locationIds.length ? db.location.findMany({ where: { shopId, id: { in: locationIds } }, select: { id: true, name: true, code: true } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
  ]);
  const location = new Map(locations.map((l) => [l.id, l]));
  const user = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    ...r,
    details: safeJson(r.details),
    location: r.locationId ? (location.get(r.locationId) ?? null) : null,
    acknowledgedByName: r.acknowledgedBy ? (user.get(r.acknowledgedBy) ?? null) : null,
  }));
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A person moves an anomaly along its lifecycle: acknowledge, resolve, or reopen. */
export async function setAnomalyStatus(db: DbTx, input: { shopId: string; userId: string; id: string; status: AnomalyStatus }, now = new Date()) {
  const anomaly = await db.anomaly.findFirst({ where: { id: input.id, shopId: input.shopId }, select: { id: true, status: true } });
  if (!anomaly) throw new DomainError("NOT_FOUND", "Anomaly not found.");
  assertAnomalyTransition(anomaly.status, input.status);
  const data =
    input.status === "ACKNOWLEDGED"
      ? { status: input.status, acknowledgedAt: now, acknowledgedBy: input.userId }
      : input.status === "RESOLVED"
        ? { status: input.status, resolvedAt: now, ...(anomaly.status === "OPEN" ? { acknowledgedAt: now, acknowledgedBy: input.userId } : {}) }
        : { status: input.status, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null };
  return db.anomaly.update({ where: { id: anomaly.id }, data, select: { id: true, status: true } });
}

export async function countActiveAnomalies(db: DbTx, shopId: string) {
  return db.anomaly.count({ where: { shopId, status: "OPEN" } });
}
