import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { findJob, JOBS, type Job } from "../jobs/registry";
import { runJobOnce } from "../jobs/run-job";
import { isUniqueViolation } from "../db-errors";

/** How long a running job holds its lock; a crashed holder's lease runs out after this. */
export const RUNNING_LEASE_MS = 10 * 60_000;


/**
 * Takes the job's lease if it is free, expired, or already ours. The conditional update is atomic
 * in the database, and the insert of a first lease is guarded by the primary key, so of two
 * instances racing only one ever gets it.
 */
export async function acquireJobLock(
  db: DbTx,
  name: string,
  holder: string,
  leaseMs: number,
  now = new Date(),
  options: { takeIdle?: boolean } = {},
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + leaseMs);
  const { count } = await db.jobLock.updateMany({
    where: {
      name,
      OR: [{ expiresAt: { lt: now } }, { holder }, ...(options.takeIdle ? [{ holder: { endsWith: IDLE_SUFFIX } }] : [])],
    },
    data: { holder, expiresAt },
  });
  if (count > 0) return true;
  try {
    await db.jobLock.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * A lease kept after a run (until the job is next due) is marked idle: schedulers respect it, but
 * an owner's "run now" may take it, since nothing is actually running.
 */
const IDLE_SUFFIX = "#idle";

/** Ends our lease, or with `keepUntil` keeps it (idle) so other instances skip this period. */
export async function releaseJobLock(db: DbTx, name: string, holder: string, keepUntil?: Date): Promise<void> {
  await db.jobLock.updateMany({
    where: { name, holder },
    data: keepUntil ? { expiresAt: keepUntil, holder: `${holder}${IDLE_SUFFIX}` } : { expiresAt: new Date(0) },
  });
}

/** Pushes our running lease forward; false when it is no longer ours. */
export async function renewJobLock(db: DbTx, name: string, holder: string, leaseMs: number, now = new Date()): Promise<boolean> {
  const { count } = await db.jobLock.updateMany({ where: { name, holder }, data: { expiresAt: new Date(now.getTime() + leaseMs) } });
  return count > 0;
}

/**
 * Runs a job once if this holder gets its lock; returns the recorded run, or null when another
 * instance holds it. While the run lasts its lease is renewed every third of the lease (a
 * heartbeat), so a run longer than the lease is never taken over; a crashed holder stops renewing
 * and its lease runs out. After a scheduled run the lease is kept until the job is next due, so a
 * second instance ticking a moment later does not run the same period again.
 */
export async function runLockedJob(
  db: Db,
  job: Job,
  holder: string,
  options: { keepUntilNextDue?: boolean; takeIdle?: boolean; leaseMs?: number } = {},
) {
  const leaseMs = options.leaseMs ?? RUNNING_LEASE_MS;
  const started = new Date();
  if (!(await acquireJobLock(db, job.name, holder, leaseMs, started, { takeIdle: options.takeIdle }))) return null;
  // Renewals run one after another, and the last one finishes before the release below, so a late
  // renewal can never revive a released lease.
  let renewing: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(() => {
    renewing = renewing.then(async () => {
      try {
        if (!(await renewJobLock(db, job.name, holder, leaseMs))) console.warn(`[jobs] ${job.name}: lease lost by ${holder} while running`);
      } catch (error) {
        console.error(`[jobs] ${job.name}: could not renew the lease`, error);
      }
    });
  }, Math.max(20, Math.floor(leaseMs / 3)));
  heartbeat.unref();
  try {
    return await runJobOnce(db, job, started);
  } finally {
    clearInterval(heartbeat);
    await renewing;
    const keepUntil = options.keepUntilNextDue ? new Date(started.getTime() + Math.floor(job.everyMs * 0.9)) : undefined;
    await releaseJobLock(db, job.name, holder, keepUntil);
  }
}

export type JobRunOutcome =
  | { ran: true; run: Awaited<ReturnType<typeof runJobOnce>> }
  | { ran: false; heldBy: string | null; until: Date | null };

/**
 * Runs a job by name now, through its lock (the owner's "run now" and `admin jobs:run`). An idle
 * lease (kept between scheduled runs) may be taken since nothing is running; a running one may not.
 */
export async function runJobByName(db: Db, name: string, holder: string): Promise<JobRunOutcome> {
  const job = findJob(name);
  if (!job) throw new DomainError("NOT_FOUND", "No such job.");
  const run = await runLockedJob(db, job, holder, { takeIdle: true });
  if (run) return { ran: true, run };
  const lock = await db.jobLock.findUnique({ where: { name }, select: { holder: true, expiresAt: true } });
  return { ran: false, heldBy: lock?.holder ?? null, until: lock?.expiresAt ?? null };
}

/** The owner's "run now": refused while another instance is running the job. */
export async function runJobNow(db: Db, name: string, userId: string, shopId: string) {
  const outcome = await runJobByName(db, name, `manual:${userId}`);
  if (!outcome.ran) throw new DomainError("CONFLICT", "This job is running right now; try again in a moment.");
  const run = visibleRun(outcome.run, shopId);
  return { id: run.id, status: run.status, summary: run.summary, error: run.error, durationMs: run.durationMs };
}

const GLOBAL_ERROR = "The run failed; the details are in the server log.";

/**
 * What a shop may see of a run: its own runs in full (a JSON summary, as reconciliation writes,
 * read as words), deployment-wide runs with their counts but not their error, which may quote any
 * shop's data. Other shops' runs are never loaded (see listJobs).
 */
function visibleRun<R extends { shopId: string | null; summary: string | null; error: string | null }>(run: R, shopId: string): R {
  const summary = run.shopId === shopId ? readableSummary(run.summary) : run.summary;
  const error = run.shopId === shopId || run.error === null ? run.error : GLOBAL_ERROR;
  return { ...run, summary, error };
}

function readableSummary(summary: string | null): string | null {
  if (!summary?.startsWith("{")) return summary;
  try {
    const value = JSON.parse(summary) as Record<string, unknown>;
    const parts = Object.entries(value)
      .filter(([key, v]) => key !== "shopId" && (typeof v === "number" || typeof v === "string"))
      .map(([key, v]) => `${key.replace(/([A-Z])/g, " $1").toLowerCase()}: ${String(v)}`);
    return parts.join(", ") || summary;
  } catch {
    return summary;
  }
}

/**
 * Every job with its latest runs and lock, for one shop's jobs page: deployment-wide runs (no
 * shopId) and the shop's own runs, never another shop's (reconciliation records one run per shop,
 * with that shop's counts).
 */
export async function listJobs(db: DbTx, shopId: string, now = new Date()) {
  const [locks, runs] = await Promise.all([
    db.jobLock.findMany(),
    Promise.all(
      JOBS.map((j) =>
        db.jobRun.findMany({
          where: { name: j.name, OR: [{ shopId: null }, { shopId }] },
          orderBy: { startedAt: "desc" },
          take: 10,
          select: { id: true, shopId: true, status: true, summary: true, error: true, startedAt: true, finishedAt: true, durationMs: true },
        }),
      ),
    ),
  ]);
  return JOBS.map((j, i) => {
    const lock = locks.find((l) => l.name === j.name);
    const recent = (runs[i] ?? []).map((r) => {
      const { shopId: runShop, ...visible } = visibleRun(r, shopId);
      return { ...visible, scope: runShop === null ? ("deployment" as const) : ("shop" as const) };
    });
    const running = Boolean(lock && lock.expiresAt > now && !lock.holder.endsWith(IDLE_SUFFIX));
    return {
      name: j.name,
      description: j.description,
      everyMs: j.everyMs,
      running,
      lastRun: recent[0] ?? null,
      recent,
    };
  });
}
