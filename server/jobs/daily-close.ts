import type { Db } from "../db";
import { closeMissingDays } from "../services/daily-close";
import { businessDateOf, zonedTimeToUtc } from "../domain/shift-time";
import { RECONCILE_LOCAL_TIME } from "../services/reconciliation";
import type { Job } from "./registry";

/**
 * Safety net for the daily close: writes yesterday's close for any location that still has none
 * (a new location, or a reconciliation run that failed). Existing closes are left as they are.
 */
export const dailyCloseJob: Job = {
  name: "daily-close",
  description: "Writes yesterday's daily close report for locations that have none yet",
  everyMs: 60 * 60 * 1000,
  async run(db: Db, now: Date) {
    const shops = await db.shop.findMany({ select: { id: true, timeZone: true } });
    let closes = 0;
    for (const shop of shops) {
      // Wait for the overnight reconciliation window so the close includes its adjustments.
      if (now < zonedTimeToUtc(businessDateOf(now, shop.timeZone), RECONCILE_LOCAL_TIME, shop.timeZone)) continue;
      closes += await closeMissingDays(db, shop, now);
    }
    return `${closes} daily closes written`;
  },
};
