import { runOutboundDelivery } from "../services/outbound";
import type { Job } from "./registry";

export const outboundDeliveryJob: Job = {
  name: "outbound-delivery",
  description: "Sends Backroom's signed events to webhook subscriptions, retrying failures with backoff for about a day.",
  everyMs: 15_000,
  run: (db, now) => runOutboundDelivery(db, now),
};
