import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { reconcileShop } from "../../services/reconciliation";
import { createTestShop, type TestShop } from "../../testing/fixtures";

let a: TestShop;
let b: TestShop;

beforeAll(async () => {
  a = await createTestShop("Shop A");
  b = await createTestShop("Shop B");
});

describe("jobs router", () => {
  it("lists jobs for managers, runs them for owners only", async () => {
    const jobs = await a.callers.manager.jobs.list();
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["resupply-scan", "outbound-delivery"]));
    await expect(a.callers.staff.jobs.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.manager.jobs.runNow({ name: "resupply-scan" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.callers.owner.jobs.runNow({ name: "no-such-job" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const run = await a.callers.owner.jobs.runNow({ name: "resupply-scan" });
    expect(run).toMatchObject({ status: "SUCCEEDED" });
    const after = await a.callers.owner.jobs.list();
    expect(after.find((j) => j.name === "resupply-scan")?.lastRun).toMatchObject({ id: run.id, scope: "deployment" });
  });

  it("refuses to start a job another instance is running", async () => {
    await db.jobLock.upsert({
      where: { name: "drop-lifecycle" },
      create: { name: "drop-lifecycle", holder: "web-2", expiresAt: new Date(Date.now() + 60_000) },
      update: { holder: "web-2", expiresAt: new Date(Date.now() + 60_000) },
    });
    await expect(a.callers.owner.jobs.runNow({ name: "drop-lifecycle" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await a.callers.owner.jobs.list()).find((j) => j.name === "drop-lifecycle")?.running).toBe(true);
    await db.jobLock.delete({ where: { name: "drop-lifecycle" } });
  });

  it("shows a shop its own per-shop runs and deployment-wide ones, never another shop's", async () => {
    await reconcileShop(db, a.shop.id);
    await reconcileShop(db, b.shop.id);
    await db.jobRun.create({
      data: { name: "reconciliation", status: "FAILED", error: `Constraint failed for shop ${b.shop.id}`, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date() },
    });
    const forA = await a.callers.manager.jobs.list();
    const runsA = forA.find((j) => j.name === "reconciliation")?.recent ?? [];
    expect(JSON.stringify(forA)).not.toContain(b.shop.id);
    expect(runsA.map((r) => r.scope).sort()).toEqual(["deployment", "shop"]);
    // A's own run reads as words; the deployment run's error may quote any shop, so it is withheld.
    expect(runsA.find((r) => r.scope === "shop")?.summary).toMatch(/^business date: \d{4}-\d{2}-\d{2}, counts checked: 0, adjustments: 0, anomalies raised: \d+, anomalies resolved: \d+$/);
    expect(runsA.find((r) => r.scope === "deployment")).toMatchObject({ status: "FAILED", error: "The run failed; the details are in the server log." });

    const forB = await b.callers.owner.jobs.list();
    const runsB = forB.find((j) => j.name === "reconciliation")?.recent ?? [];
    expect(runsB.filter((r) => r.scope === "shop")).toHaveLength(1);
    expect(JSON.stringify(forB)).not.toContain(a.shop.id);
  });
});
