import { describe, expect, it } from "vitest";
import { createDb, db } from "../db";
import { env } from "../env";
import { acquireJobLock, releaseJobLock, runLockedJob } from "../services/jobs";
import type { Job } from "./registry";
import { Scheduler } from "./scheduler";

/** A job that records overlapping runs and waits until released, so overlaps would show. */
function probeJob(name: string) {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const job: Job = {
    name,
    description: "probe",
    everyMs: 60_000,
    run: async () => {
      active++;
      runs++;
      maxActive = Math.max(maxActive, active);
      await gate;
      active--;
      return "done";
    },
  };
  return { job, release: () => release(), stats: () => ({ runs, maxActive }) };
}

describe("job locks", () => {
  it.each([
    ["a free lock", [], "a", true],
    ["a lock held by someone else", [{ holder: "b", expiresInMs: 60_000 }], "a", false],
    ["an expired lock", [{ holder: "b", expiresInMs: -1 }], "a", true],
    ["our own lock", [{ holder: "a", expiresInMs: 60_000 }], "a", true],
  ])("acquires %s: %s", async (_n, existing, holder, expected) => {
    const name = `lock-${Math.random()}`;
    const now = new Date();
    for (const e of existing) await db.jobLock.create({ data: { name, holder: e.holder, expiresAt: new Date(now.getTime() + e.expiresInMs) } });
    expect(await acquireJobLock(db, name, holder, 60_000, now)).toBe(expected);
  });

  it("lets only one of many racing holders win, and frees on release", async () => {
    const name = `race-${Math.random()}`;
    const wins = await Promise.all(["a", "b", "c", "d", "e"].map((h) => acquireJobLock(db, name, h, 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = ["a", "b", "c", "d", "e"][wins.indexOf(true)]!;
    await releaseJobLock(db, name, winner);
    expect(await acquireJobLock(db, name, "z", 60_000)).toBe(true);
  });
});

describe("two schedulers on one database", () => {
  it("never run the same job at the same time, nor the same period twice", async () => {
    // A second client on the same SQLite file stands in for a second app instance.
    const other = createDb(env.DATABASE_URL);
    const probe = probeJob(`probe-${Math.random()}`);
    const one = new Scheduler(db, [probe.job], "instance-1");
    const two = new Scheduler(other, [probe.job], "instance-2");
    const first = one.tick(probe.job);
    // Wait until the first run has started (it holds the lock while it runs).
    for (let i = 0; i < 200 && probe.stats().runs === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const second = await two.tick(probe.job);
    expect(second).toBe(false);
    probe.release();
    expect(await first).toBe(true);
    // After the run the lease lasts until the next period: the other instance still skips.
    expect(await two.tick(probe.job)).toBe(false);
    expect(probe.stats()).toEqual({ runs: 1, maxActive: 1 });
    // An owner's "run now" may use the idle period (nothing is running), but not a running lease.
    expect(await runLockedJob(db, probe.job, "manual:owner", { takeIdle: true })).not.toBeNull();
    const runs = await db.jobRun.findMany({ where: { name: probe.job.name } });
    expect(runs).toMatchObject([{ status: "SUCCEEDED", summary: "done" }, { status: "SUCCEEDED", summary: "done" }]);
    await one.stop();
    await two.stop();
    await other.$disconnect();
  });

  it("renews the lease while a run lasts longer than the lease, so nobody takes it over", async () => {
    const probe = probeJob(`long-${Math.random()}`);
    const leaseMs = 300;
    const running = runLockedJob(db, probe.job, "instance-1", { leaseMs });
    for (let i = 0; i < 200 && probe.stats().runs === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // Three leases later the run is still going: its heartbeat kept the lease.
    await new Promise((r) => setTimeout(r, 3 * leaseMs));
    const other = createDb(env.DATABASE_URL);
    expect(await acquireJobLock(other, probe.job.name, "instance-2", leaseMs)).toBe(false);
    const lock = await db.jobLock.findUniqueOrThrow({ where: { name: probe.job.name } });
    expect(lock.holder).toBe("instance-1");
    expect(lock.expiresAt.getTime()).toBeGreaterThan(Date.now());
    probe.release();
    expect(await running).toMatchObject({ status: "SUCCEEDED" });
    // Released for good: no late renewal brings it back, the other instance gets it.
    await new Promise((r) => setTimeout(r, leaseMs));
    expect(await acquireJobLock(other, probe.job.name, "instance-2", leaseMs)).toBe(true);
    expect(probe.stats()).toEqual({ runs: 1, maxActive: 1 });
    await other.$disconnect();
  });

  it("records a failing job as FAILED without breaking the scheduler", async () => {
    const job: Job = { name: `boom-${Math.random()}`, description: "fails", everyMs: 60_000, run: () => Promise.reject(new Error("kaput")) };
    const run = await runLockedJob(db, job, "x");
    expect(run).toMatchObject({ status: "FAILED", error: "kaput" });
    // Released at once (not kept till next due) for a one-off run: can run again.
    expect(await runLockedJob(db, job, "y")).not.toBeNull();
  });
});
