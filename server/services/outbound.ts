import { Webhook } from "standardwebhooks";
import type { Db } from "../db";
import { classifyAttempt, MAX_ATTEMPTS } from "../domain/backoff";

/** A subscriber gets this long to answer; a slow one only delays its own delivery. */
export const DELIVERY_TIMEOUT_MS = 5_000;
const FAN_OUT_BATCH = 500;
const DELIVERY_BATCH = 50;
const CONCURRENCY = 8;

/** Event types a subscription wants; an empty list means all. */
export function parseEventTypes(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Turns undispatched outbox events into one delivery per matching active subscription. An event is
 * claimed with a conditional update (dispatchedAt null → now) in the transaction that writes its
 * deliveries, so it fans out exactly once; events nobody subscribed to are closed in bulk, so a
 * busy shop without subscribers costs one update per batch. Loops over batches for up to `budgetMs`.
 */
export async function fanOutEvents(
  db: Db,
  now = new Date(),
  batch = FAN_OUT_BATCH,
  budgetMs = 5_000,
): Promise<{ events: number; deliveries: number }> {
  const started = Date.now();
  const total = { events: 0, deliveries: 0 };
  // Shops without an active subscription (most of the outbox on a busy shop that has none) are
  // closed with one statement, so a flood of order.recorded events costs the writer almost nothing.
  const subscribed = (
    await db.webhookSubscription.findMany({ where: { active: true }, distinct: ["shopId"], select: { shopId: true } })
  ).map((s) => s.shopId);
  const closed = await db.outboxEvent.updateMany({
    where: { dispatchedAt: null, createdAt: { lte: now }, shopId: { notIn: subscribed } },
    data: { dispatchedAt: now },
  });
  total.events += closed.count;
  for (;;) {
    const events = await db.outboxEvent.findMany({
      where: { dispatchedAt: null },
      orderBy: { createdAt: "asc" },
      take: batch,
      select: { id: true, shopId: true, type: true },
    });
    if (!events.length) break;
    const shopIds = [...new Set(events.map((e) => e.shopId))];
    const subs = await db.webhookSubscription.findMany({
      where: { shopId: { in: shopIds }, active: true },
      select: { id: true, shopId: true, eventTypes: true },
    });
    const targetsOf = (event: (typeof events)[number]) =>
      subs.filter((s) => {
        if (s.shopId !== event.shopId) return false;
        const types = parseEventTypes(s.eventTypes);
        return types.length === 0 || types.includes(event.type);
      });
    const unrouted = events.filter((e) => targetsOf(e).length === 0).map((e) => e.id);
    if (unrouted.length) {
      await db.outboxEvent.updateMany({ where: { id: { in: unrouted }, dispatchedAt: null }, data: { dispatchedAt: now } });
    }
    for (const event of events) {
      const targets = targetsOf(event);
      if (!targets.length) continue;
      total.deliveries += await db.$transaction(async (tx) => {
        const claimed = await tx.outboxEvent.updateMany({ where: { id: event.id, dispatchedAt: null }, data: { dispatchedAt: now } });
        if (!claimed.count) return 0;
        await tx.outboundDelivery.createMany({
          data: targets.map((s) => ({ shopId: event.shopId, subscriptionId: s.id, eventId: event.id, nextAttemptAt: now })),
        });
        return targets.length;
      });
    }
    total.events += events.length;
    if (events.length < batch || Date.now() - started > budgetMs) break;
  }
  return total;
}

/** The Standard Webhooks body: the event's type, its creation time and its data. */
export function outboundBody(event: { type: string; createdAt: Date; payload: string }): string {
  let data: unknown;
  try {
    data = JSON.parse(event.payload);
  } catch {
    data = {};
  }
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data });
}

/**
 * Signs and POSTs one delivery. The message id is the event id, stable across retries, so a
 * receiver can drop repeats; the signature timestamp is the attempt's own time.
 */
export async function postSigned(
  url: string,
  secret: string,
  msgId: string,
  body: string,
  now: Date,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<{ statusCode: number | null; error: string | null }> {
  const signature = new Webhook(secret).sign(msgId, now, body);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Backroom-Webhooks/1.0",
        "webhook-id": msgId,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain a little of the answer so the socket is released; the content does not matter.
    await response.body?.cancel().catch(() => undefined);
    return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { statusCode: null, error: timedOut ? `No answer within ${Math.round(timeoutMs / 1000)} s` : `Could not connect: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}` };
  }
}

type DueDelivery = {
  id: string;
  attempts: number;
  subscription: { id: string; url: string; secret: string; active: boolean };
  event: { id: string; type: string; createdAt: Date; payload: string };
};

const dueSelect = {
  id: true,
  attempts: true,
  subscription: { select: { id: true, url: true, secret: true, active: true } },
  event: { select: { id: true, type: true, createdAt: true, payload: true } },
} as const;

/** Attempts one delivery and records the outcome (retry schedule, DEAD, 410 disables). */
export async function attemptDelivery(db: Db, d: DueDelivery, now = new Date(), timeoutMs = DELIVERY_TIMEOUT_MS) {
  const result = await postSigned(d.subscription.url, d.subscription.secret, d.event.id, outboundBody(d.event), now, timeoutMs);
  const attempts = d.attempts + 1;
  const outcome = classifyAttempt({ statusCode: result.statusCode, attempts, now: now.getTime() });
  const base = { attempts, lastAttemptAt: now, lastStatusCode: result.statusCode, lastError: result.error };
  if (outcome.status === "FAILED") {
    await db.outboundDelivery.update({ where: { id: d.id }, data: { ...base, status: "FAILED", nextAttemptAt: new Date(outcome.nextAttemptAt) } });
  } else {
    await db.outboundDelivery.update({ where: { id: d.id }, data: { ...base, status: outcome.status } });
    if (outcome.status === "DEAD" && outcome.disableSubscription) {
      await db.webhookSubscription.update({
        where: { id: d.subscription.id },
        data: { active: false, disabledReason: `The endpoint answered 410 Gone on ${now.toISOString()}; delivery stopped.` },
      });
    }
  }
  return { status: outcome.status, statusCode: result.statusCode, error: result.error, attempts };
}

/**
 * Sends due deliveries, a bounded batch with bounded concurrency and a short timeout each, so a
 * slow or failing subscriber costs at most one timeout per run and never touches ingestion (which
 * only writes the outbox).
 */
export async function deliverDue(
  db: Db,
  now = new Date(),
  options: { batch?: number; timeoutMs?: number; concurrency?: number } = {},
): Promise<{ attempted: number; succeeded: number; failed: number; dead: number }> {
  const due = await db.outboundDelivery.findMany({
    where: { status: { in: ["PENDING", "FAILED"] }, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS }, subscription: { active: true } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.batch ?? DELIVERY_BATCH,
    select: dueSelect,
  });
  const summary = { attempted: due.length, succeeded: 0, failed: 0, dead: 0 };
  const queue = [...due];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      // A subscription disabled by a 410 earlier in this batch gets nothing more.
      const live = await db.webhookSubscription.findUnique({ where: { id: d.subscription.id }, select: { active: true } });
      if (!live?.active) continue;
      const r = await attemptDelivery(db, d, now, options.timeoutMs);
      if (r.status === "SUCCEEDED") summary.succeeded++;
      else if (r.status === "DEAD") summary.dead++;
      else summary.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, Math.max(due.length, 1)) }, worker));
  return summary;
}

/** The outbound-delivery job: fan out new events, then send what is due. */
export async function runOutboundDelivery(db: Db, now = new Date()): Promise<string> {
  const fan = await fanOutEvents(db, now);
  const sent = await deliverDue(db, now);
  const pruned = await pruneOutbox(db, now);
  return `${fan.events} events fanned out to ${fan.deliveries} deliveries; ${sent.attempted} attempted, ${sent.succeeded} delivered, ${sent.failed} to retry, ${sent.dead} dead; ${pruned} old events pruned.`;
}

/** How long dispatched events and their delivery log are kept (replay works within it). */
export const OUTBOX_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Deletes dispatched events older than the retention whose deliveries are all finished (their
 * delivery rows go with them); anything still retrying is kept. Bounded per run.
 */
export async function pruneOutbox(db: Db, now = new Date(), limit = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - OUTBOX_RETENTION_MS);
  const old = await db.outboxEvent.findMany({
    where: { dispatchedAt: { lt: cutoff }, deliveries: { none: { status: { in: ["PENDING", "FAILED"] } } } },
    select: { id: true },
    take: limit,
  });
  if (!old.length) return 0;
  const { count } = await db.outboxEvent.deleteMany({ where: { id: { in: old.map((e) => e.id) } } });
  return count;
}

/** Loads one delivery for a direct attempt (test-send). */
export function loadDelivery(db: Db, id: string) {
  return db.outboundDelivery.findUniqueOrThrow({ where: { id }, select: dueSelect });
}
