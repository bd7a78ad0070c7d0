import type { Db } from "../db";
import { dailyCloseJob } from "./daily-close";
import { reconciliationJob } from "./reconciliation";
import { runDropLifecycle } from "./drop-lifecycle";
import { resupplyScanJob } from "./resupply-scan";
import { outboundDeliveryJob } from "./outbound-delivery";
import { inboxDrainJob } from "./inbox-drain";

/** A job the scheduler runs on its cadence and `admin jobs:run <name>` runs once. */
export type Job = {
  name: string;
  description: string;
  /** Milliseconds between runs when scheduled. */
  everyMs: number;
  run: (db: Db, now: Date) => Promise<string>;
};

/** Every job Backroom knows; each area registers its jobs here. */
export const JOBS: Job[] = [
  inboxDrainJob,
  resupplyScanJob,
  outboundDeliveryJob,
  reconciliationJob,
  dailyCloseJob,
  { name: "drop-lifecycle", description: "Starts and ends drops on time; detects sell-outs", everyMs: 60_000, run: runDropLifecycle },
];

export function findJob(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}
