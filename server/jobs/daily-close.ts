import type { Db } from "../db";
import { closeMissingDays } from "../services/daily-close";
import { businessDateOf, zonedTimeToUtc } from "../domain/shift-time";
import { isReconciliationDue, RECONCILE_LOCAL_TIME } from "../services/reconciliation";
import type { Job } from "./registry";

/** How long the safety net leaves a due reconciliation to run (and write the closes) before it steps in. */
const RECONCILIATION_GRACE_MS = 2 * 3_600_000;

/**
 * Safety net for the daily close: writes every missing close up to yesterday (a new location, a
 * failed reconciliation run, days the server was down; at most MAX_BACKFILL_DAYS back). Existing
 * closes are left as they are.
 */
export const dailyCloseJob: Job = {
  name: "daily-close",
  description: "Writes the daily close reports still missing, up to yesterday (at most 31 days back)",
  everyMs: 60 * 60 * 1000,
  async run(db: Db, now: Date) {
    const shops = await db.shop.findMany({ select: { id: true, timeZone: true } });
    let closes = 0;
    for (const shop of shops) {
      // Yesterday's close must include the overnight adjustments and anomalies: wait for the
      // reconciliation window, and while today's run is still due give it a head start.
      const dueAt = zonedTimeToUtc(businessDateOf(now, shop.timeZone), RECONCILE_LOCAL_TIME, shop.timeZone);
      if (now < dueAt) continue;
      if (now.getTime() < dueAt.getTime() + RECONCILIATION_GRACE_MS && (await isReconciliationDue(db, shop, now))) continue;
      closes += await closeMissingDays(db, shop, now);
    }
    return `${closes} daily closes written`;
  },
};
