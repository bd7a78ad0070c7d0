import type { Db } from "../db";
import { closeMissingDays } from "../services/daily-close";
import { isReconciliationDue, nightlyBusinessDate, reconcileShop } from "../services/reconciliation";
import type { Job } from "./registry";

/**
 * Overnight reconciliation: once a day per shop, after the shop-local reconcile time, close the
 * count/ledger delta and raise anomalies for yesterday, then write yesterday's daily close (and
 * any earlier one missing after downtime), which needs those adjustments and anomalies in place.
 * The scheduler calls it every 15 minutes; each shop runs once a day.
 */
export const reconciliationJob: Job = {
  name: "reconciliation",
  description: "Daily per shop (after 04:00 shop time): counts vs ledger, anomalies, then the daily closes up to yesterday",
  everyMs: 15 * 60 * 1000,
  async run(db: Db, now: Date) {
    const shops = await db.shop.findMany({ select: { id: true, timeZone: true } });
    let ran = 0;
    let adjustments = 0;
    let raised = 0;
    let closes = 0;
    for (const shop of shops) {
      if (!(await isReconciliationDue(db, shop, now))) continue;
      const result = await reconcileShop(db, shop.id, now, { businessDate: nightlyBusinessDate(now, shop.timeZone) });
      ran++;
      adjustments += result.adjustments;
      raised += result.anomaliesRaised;
      closes += await closeMissingDays(db, shop, now);
    }
    return `${ran} of ${shops.length} shops due; ${adjustments} adjustments, ${raised} anomalies raised, ${closes} daily closes written`;
  },
};
