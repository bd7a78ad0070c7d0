import type { DbTx } from "../db";
import { assertAnomalyTransition, CONDITION_KINDS, RETIRED_MARK, raiseDecision, retireKey, type AnomalyKind, type AnomalyStatus } from "../domain/anomaly";
import { DomainError } from "../domain/errors";
import { enqueueEvent } from "./outbox";

export type AnomalyInput = {
  kind: AnomalyKind;
  key: string;
  locationId?: string | null;
  message: string;
  details?: Record<string, unknown>;
  /** Shop-local day the problem is reported for: the daily close of that day lists it. */
  businessDate: string;
};

/**
 * Raises an anomaly once per key (Anomaly.key is unique per shop) and emits `anomaly.raised` in the
 * same transaction when it is new, or reopened because it got materially worse after a person
 * resolved it (domain/anomaly.ts#raiseDecision). Returns what happened so the job can report it.
 */
export async function raiseAnomaly(tx: DbTx, shopId: string, input: AnomalyInput, now = new Date()) {
  const existing = await tx.anomaly.findUnique({ where: { shopId_key: { shopId, key: input.key } }, select: { id: true, status: true, details: true } });
  const details = input.details ?? {};
  const decision = raiseDecision(existing ? { status: existing.status, details: safeJson(existing.details) } : null, { kind: input.kind, details });
  const json = JSON.stringify(details);
  if (decision === "keep") return { decision, id: existing!.id };
  if (decision === "refresh") {
    await tx.anomaly.update({ where: { id: existing!.id }, data: { message: input.message, details: json } });
    return { decision, id: existing!.id };
  }
  const row =
    decision === "create"
      ? await tx.anomaly.create({
          data: { shopId, kind: input.kind, key: input.key, locationId: input.locationId ?? null, message: input.message, details: json, createdAt: now, businessDate: input.businessDate },
          select: { id: true },
        })
      : await tx.anomaly.update({
          where: { id: existing!.id },
          data: {
            status: "OPEN",
            message: input.message,
            details: json,
            businessDate: input.businessDate,
            acknowledgedAt: null,
            acknowledgedBy: null,
            resolvedAt: null,
            resolvedBy: null,
          },
          select: { id: true },
        });
  await enqueueEvent(tx, shopId, "anomaly.raised", {
    id: row.id,
    kind: input.kind,
    key: input.key,
    locationId: input.locationId ?? null,
    businessDate: input.businessDate,
    message: input.message,
    details,
    reopened: decision === "reopen",
    raisedAt: now.toISOString(),
  });
  return { decision, id: row.id };
}

/**
 * For a condition kind, everything under a live key the run did not find again has cleared:
 * open ones resolve by themselves (resolvedBy stays empty: the job did it), and every such
 * anomaly, resolved by a person or not, gives up its key so a later recurrence is a new anomaly.
 * Returns how many were resolved by the job.
 */
export async function clearConditions(tx: DbTx, shopId: string, kind: AnomalyKind, stillPresent: ReadonlySet<string>, now = new Date()) {
  if (!CONDITION_KINDS.has(kind)) throw new Error(`${kind} is not a condition kind`);
  const rows = await tx.anomaly.findMany({ where: { shopId, kind, NOT: { key: { contains: RETIRED_MARK } } }, select: { id: true, key: true, status: true } });
  let resolved = 0;
  for (const a of rows) {
    if (stillPresent.has(a.key)) continue;
    const open = a.status !== "RESOLVED";
    await tx.anomaly.update({
      where: { id: a.id },
      data: { key: retireKey(a.key, a.id), ...(open ? { status: "RESOLVED", resolvedAt: now, resolvedBy: null } : {}) },
    });
    if (open) resolved++;
  }
  return resolved;
}

/** Resolves one-off anomalies the job found explained (a gap filled, a variance a late sale accounts for). */
export async function resolveAnomalies(tx: DbTx, shopId: string, ids: string[], now = new Date()) {
  if (ids.length === 0) return 0;
  const { count } = await tx.anomaly.updateMany({
    where: { shopId, id: { in: ids }, status: { in: ["OPEN", "ACKNOWLEDGED"] } },
    data: { status: "RESOLVED", resolvedAt: now, resolvedBy: null },
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
      resolvedBy: true,
      businessDate: true,
    },
  });
  const locationIds = [...new Set(rows.map((r) => r.locationId).filter((id): id is string => !!id))];
  const userIds = [...new Set(rows.flatMap((r) => [r.acknowledgedBy, r.resolvedBy]).filter((id): id is string => !!id))];
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
    /** Who resolved it; null with a resolvedAt means the job saw the problem go away. */
    resolvedByName: r.resolvedBy ? (user.get(r.resolvedBy) ?? "Former member") : null,
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
        ? { status: input.status, resolvedAt: now, resolvedBy: input.userId, ...(anomaly.status === "OPEN" ? { acknowledgedAt: now, acknowledgedBy: input.userId } : {}) }
        : { status: input.status, resolvedAt: null, resolvedBy: null, acknowledgedAt: null, acknowledgedBy: null };
  return db.anomaly.update({ where: { id: anomaly.id }, data, select: { id: true, status: true } });
}

export async function countActiveAnomalies(db: DbTx, shopId: string) {
  return db.anomaly.count({ where: { shopId, status: "OPEN" } });
}
