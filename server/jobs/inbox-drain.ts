import type { Job } from "./registry";
import { drainInbox } from "../services/ingest";

/**
 * Processes POS deliveries still PENDING in the inbox: those stored just before a crash (the server
 * answered 2xx, then died), and refunds or cancellations parked until their order arrived.
 * Requests drain the inbox too; this job is the safety net and the boot-time catch-up.
 */
export const inboxDrainJob: Job = {
  name: "inbox-drain",
  description: "Processes POS webhook deliveries left pending (after a restart, or waiting for their order)",
  everyMs: 15_000,
  run: (db) => drainInbox(db),
};
