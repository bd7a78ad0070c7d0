import type { DbTx } from "../db";
import type { OutboundEventType } from "../domain/events";

/**
 * Records an outbound event in the outbox. Call it inside the transaction that makes the change,
 * so the event exists exactly when the change does; delivery happens later in a job.
 */
export async function enqueueEvent(tx: DbTx, shopId: string, type: OutboundEventType, payload: Record<string, unknown>) {
  return tx.outboxEvent.create({ data: { shopId, type, payload: JSON.stringify(payload) }, select: { id: true } });
}
