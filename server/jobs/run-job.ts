import type { Db } from "../db";
import type { Job } from "./registry";

/** Runs a job once and records the run (status, duration, summary or error). */
export async function runJobOnce(db: Db, job: Job, now = new Date()) {
  const run = await db.jobRun.create({ data: { name: job.name, status: "RUNNING", startedAt: now } });
  const started = Date.now();
  try {
    const summary = await job.run(db, now);
    return db.jobRun.update({
      where: { id: run.id },
      data: { status: "SUCCEEDED", summary, finishedAt: new Date(), durationMs: Date.now() - started },
    });
  } catch (error) {
    // Shops see a deployment-wide run's failure without its message (it may quote any shop's
    // data); the operator finds the full error here.
    console.error(`[jobs] ${job.name} failed`, error);
    return db.jobRun.update({
      where: { id: run.id },
      data: { status: "FAILED", error: error instanceof Error ? error.message : String(error), finishedAt: new Date(), durationMs: Date.now() - started },
    });
  }
}
