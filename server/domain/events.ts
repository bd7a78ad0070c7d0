/** Backroom's own outbound event types (DESIGN.md), delivered to subscribed URLs. */
export const OUTBOUND_EVENT_TYPES = [
  "order.recorded",
  "stock.low",
  "resupply.suggested",
  "drop.started",
  "drop.sold_out",
  "anomaly.raised",
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
