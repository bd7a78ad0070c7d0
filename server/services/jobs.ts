import type { Db, DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { findJob, JOBS, type Job } from "../jobs/registry";
import { runJobOnce } from "../jobs/run-job";

/** How long a running job holds its lock; a crashed holder's lease runs out after this. */
export const RUNNING_LEASE_MS = 10 * 60_000;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

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

/**
 * Runs a job once if this holder gets its lock; returns the recorded run, or null when another
 * instance holds it. After a run the lease is kept until the job is next due, so a second instance
 * ticking a moment later does not run the same period again.
 */
export async function runLockedJob(db: Db, job: Job, holder: string, options: { keepUntilNextDue?: boolean; takeIdle?: boolean } = {}) {
  const started = new Date();
  if (!(await acquireJobLock(db, job.name, holder, RUNNING_LEASE_MS, started, { takeIdle: options.takeIdle }))) return null;
  try {
    return await runJobOnce(db, job, started);
  } finally {
    const keepUntil = options.keepUntilNextDue ? new Date(started.getTime() + Math.floor(job.everyMs * 0.9)) : undefined;
    await releaseJobLock(db, job.name, holder, keepUntil);
  }
}

/** The owner's "run now": refused while another instance is running the job. */
export async function runJobNow(db: Db, name: string, userId: string) {
  const job = findJob(name);
  if (!job) throw new DomainError("NOT_FOUND", "No such job.");
  const run = await runLockedJob(db, job, `manual:${userId}`, { takeIdle: true });
  if (!run) throw new DomainError("CONFLICT", "This job is running right now; try again in a moment.");
  return { id: run.id, status: run.status, summary: run.summary, error: run.error, durationMs: run.durationMs };
}

/** Every job with its latest runs and lock, for the jobs page (runs are not shop data). */
export async function listJobs(db: DbTx, now = new Date()) {
  const [locks, runs] = await Promise.all([
    db.jobLock.findMany(),
    Promise.all(
      JOBS.map((j) =>
        db.jobRun.findMany({
          where: { name: j.name },
          orderBy: { startedAt: "desc" },
          take: 10,
          select: { id: true, status: true, summary: true, error: true, startedAt: true, finishedAt: true, durationMs: true },
        }),
      ),
    ),
  ]);
  return JOBS.map((j, i) => {
    const lock = locks.find((l) => l.name === j.name);
    const recent = runs[i] ?? [];
    return {
      name: j.name,
      description: j.description,
      everyMs: j.everyMs,
      running: recent[0]?.status === "RUNNING" && Boolean(lock && lock.expiresAt > now),
      lastRun: recent[0] ?? null,
      recent,
    };
  });
}
