import { scanAllShops } from "../services/resupply";
import type { Job } from "./registry";

export const resupplyScanJob: Job = {
  name: "resupply-scan",
  description: "Checks every resupply rule against the usage forecast and raises suggestions before stock runs out.",
  everyMs: 60_000,
  run: async (db, now) => {
    const r = await scanAllShops(db, now);
    return `${r.rulesChecked} rules in ${r.shops} shops checked; ${r.linesRaised} lines raised, ${r.linesUpdated} updated, ${r.linesRemoved} no longer needed, ${r.alreadyOpen} already open.`;
  },
};
