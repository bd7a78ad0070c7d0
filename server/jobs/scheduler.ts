import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import { runLockedJob } from "../services/jobs";
import { JOBS, type Job } from "./registry";

/**
 * In-process scheduler: every job ticks on its own interval. A tick runs the job only if this
 * instance wins the job's lease (JobLock), so several app instances on one database never run the
 * same job at the same time, nor the same period twice.
 */
export class Scheduler {
  readonly holder: string;
  #db: Db;
  #jobs: readonly Job[];
  #timers: NodeJS.Timeout[] = [];
  #running = new Set<string>();
  #inFlight = new Set<Promise<unknown>>();

  constructor(db: Db, jobs: readonly Job[] = JOBS, holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`) {
    this.#db = db;
    this.#jobs = jobs;
    this.holder = holder;
  }

  start(): void {
    if (this.#timers.length) return;
    for (const job of this.#jobs) {
      // A small random offset spreads instances started together.
      const first = setTimeout(() => void this.tick(job), 1_000 + Math.floor(Math.random() * 2_000));
      const every = setInterval(() => void this.tick(job), job.everyMs);
      first.unref();
      every.unref();
      this.#timers.push(first, every);
    }
  }

  /** Runs one job now if it is not already running here and the lease is ours; returns whether it ran. */
  async tick(job: Job): Promise<boolean> {
    if (this.#running.has(job.name)) return false;
    this.#running.add(job.name);
    const work = runLockedJob(this.#db, job, this.holder, { keepUntilNextDue: true })
      .then((run) => run !== null)
      .catch((error: unknown) => {
        console.error(`[scheduler] ${job.name} failed to run:`, error);
        return false;
      })
      .finally(() => this.#running.delete(job.name));
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Stops ticking and waits for runs in flight. */
  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    await Promise.all(this.#inFlight);
  }
}

const globalForScheduler = globalThis as unknown as { backroomScheduler?: Scheduler };

/** Starts the process-wide scheduler once (Next may call the instrumentation hook again on reload). */
export function startScheduler(db: Db): Scheduler {
  if (!globalForScheduler.backroomScheduler) {
    globalForScheduler.backroomScheduler = new Scheduler(db);
    globalForScheduler.backroomScheduler.start();
  }
  return globalForScheduler.backroomScheduler;
}
