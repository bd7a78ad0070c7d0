import dnsCallback, { type LookupAddress } from "node:dns";
import dns from "node:dns/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Db, DbTx } from "../db";
import { classifyAttempt, MAX_ATTEMPTS } from "../domain/backoff";
import { isPrivateAddress } from "../domain/private-address";
import { env } from "../env";

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

// ───────────────────────── where events may go (SSRF guard) ─────────────────────────

export const PRIVATE_URL_MESSAGE =
  "This address is inside a private network (loopback, private, link-local or cloud metadata); events only go to public addresses.";

class PrivateAddressError extends Error {
  readonly code = "EPRIVATE";
}

/**
 * Refuses a URL whose host is, or resolves to, a non-public address, unless
 * OUTBOUND_ALLOW_PRIVATE_URLS is set. A host that does not resolve right now is let through here:
 * every send checks the address it actually connects to (see guardedLookup).
 */
export async function checkOutboundUrl(url: URL, allowPrivate = env.OUTBOUND_ALLOW_PRIVATE_URLS): Promise<string | null> {
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isPrivateAddress(host) ? PRIVATE_URL_MESSAGE : null;
  if (host === "localhost" || host.endsWith(".localhost")) return PRIVATE_URL_MESSAGE;
  try {
    const addresses = await Promise.race([
      dns.lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("DNS timeout")), 3_000).unref()),
    ]);
    return addresses.some((a) => isPrivateAddress(a.address)) ? PRIVATE_URL_MESSAGE : null;
  } catch {
    return null;
  }
}

/**
 * DNS lookup for outbound requests that refuses non-public answers. It runs at connect time, so a
 * name that resolved to a public address when subscribed cannot later be re-pointed inside.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsCallback.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as unknown as LookupAddress[];
    if (!list.length || list.some((a) => isPrivateAddress(a.address))) {
      return callback(new PrivateAddressError(`${hostname} resolves to a private address`), "", 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
};

export type AttemptResult = { statusCode: number | null; error: string | null };

/** The secrets a delivery is signed with now: the current one, and the previous one during its grace period. */
export function signingSecrets(sub: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  return sub.previousSecret && sub.previousSecretExpiresAt && sub.previousSecretExpiresAt > now ? [sub.secret, sub.previousSecret] : [sub.secret];
}

/**
 * Signs and POSTs one delivery. The message id is the event id, stable across retries, so a
 * receiver can drop repeats; the signature timestamp is the attempt's own time. During a secret
 * rotation the signature header carries one `v1,…` entry per secret (Standard Webhooks lets a
 * receiver accept any of them). No redirects are followed, and unless private URLs are allowed
 * the connection only goes to a public address.
 */
export async function postSigned(
  url: string,
  secrets: readonly string[],
  msgId: string,
  body: string,
  now: Date,
  timeoutMs = DELIVERY_TIMEOUT_MS,
  allowPrivate = env.OUTBOUND_ALLOW_PRIVATE_URLS,
): Promise<AttemptResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { statusCode: null, error: "The URL is not valid." };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return { statusCode: null, error: "Only http and https URLs are used." };
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  // Literal addresses skip DNS (and so guardedLookup): check them here.
  if (!allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
    return { statusCode: null, error: `Not sent: ${PRIVATE_URL_MESSAGE}` };
  }
  const signature = secrets.map((secret) => new Webhook(secret).sign(msgId, now, body)).join(" ");
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "Backroom-Webhooks/1.0",
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signature,
  };
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(target, { method: "POST", headers, ...(allowPrivate ? {} : { lookup: guardedLookup }) }, (response) => {
      const status = response.statusCode ?? 0;
      // The answer's body does not matter: drop it so the socket is released.
      response.destroy();
      finish({ statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
    });
    // One deadline for the whole attempt (lookup, connect, answer), not per socket event.
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    request.on("error", (error) => {
      if (error instanceof PrivateAddressError) finish({ statusCode: null, error: `Not sent: ${PRIVATE_URL_MESSAGE}` });
      else finish({ statusCode: null, error: `Could not connect: ${error.message}` });
    });
    request.end(body);
  });
}

// ───────────────────────── delivery ─────────────────────────

type DueDelivery = {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
  status: string;
  subscription: { id: string; url: string; secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null; active: boolean };
  event: { id: string; type: string; createdAt: Date; payload: string };
};

const dueSelect = {
  id: true,
  attempts: true,
  nextAttemptAt: true,
  status: true,
  subscription: { select: { id: true, url: true, secret: true, previousSecret: true, previousSecretExpiresAt: true, active: true } },
  event: { select: { id: true, type: true, createdAt: true, payload: true } },
} as const;

/** How long a claimed delivery is left alone: if its sender dies mid-attempt, it is retried after this. */
const CLAIM_MS = DELIVERY_TIMEOUT_MS + 60_000;

/**
 * Claims a due delivery for one attempt with a conditional update (its attempt count and due time
 * as read), so of two runners only one ever POSTs it. The claim counts the attempt and pushes the
 * due time past the attempt, so a runner that crashes mid-attempt leaves it to be retried.
 */
async function claimDelivery(db: Db, d: DueDelivery, now: Date): Promise<boolean> {
  const { count } = await db.outboundDelivery.updateMany({
    where: { id: d.id, status: { in: ["PENDING", "FAILED"] }, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt },
    data: { attempts: d.attempts + 1, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
  });
  return count === 1;
}

/** Marks a subscription's pending deliveries as not sent (it was turned off or answered 410). */
export async function cancelPendingDeliveries(db: DbTx, subscriptionId: string, reason: string, exceptId?: string) {
  const { count } = await db.outboundDelivery.updateMany({
    where: { subscriptionId, status: { in: ["PENDING", "FAILED"] }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    data: { status: "CANCELLED", lastError: reason },
  });
  return count;
}

/**
 * Claims, attempts and records one delivery (retry schedule, DEAD, 410 disables the subscription
 * and cancels its other pending deliveries). Null when another runner claimed it first.
 */
export async function attemptDelivery(db: Db, d: DueDelivery, now = new Date(), timeoutMs = DELIVERY_TIMEOUT_MS) {
  if (!(await claimDelivery(db, d, now))) return null;
  const attempts = d.attempts + 1;
  const result = await postSigned(d.subscription.url, signingSecrets(d.subscription, now), d.event.id, outboundBody(d.event), now, timeoutMs);
  const outcome = classifyAttempt({ statusCode: result.statusCode, attempts, now: now.getTime() });
  const base = { lastAttemptAt: now, lastStatusCode: result.statusCode, lastError: result.error };
  // Conditional on our claim: a replay meanwhile restarted the delivery and owns it now.
  const mine = { id: d.id, attempts };
  if (outcome.status === "FAILED") {
    await db.outboundDelivery.updateMany({ where: mine, data: { ...base, status: "FAILED", nextAttemptAt: new Date(outcome.nextAttemptAt) } });
  } else if (outcome.status === "DEAD" && outcome.disableSubscription) {
    const reason = `The endpoint answered 410 Gone on ${now.toISOString()}; delivery stopped.`;
    await db.$transaction(async (tx) => {
      await tx.outboundDelivery.updateMany({ where: mine, data: { ...base, status: "DEAD" } });
      await tx.webhookSubscription.update({ where: { id: d.subscription.id }, data: { active: false, disabledReason: reason } });
      await cancelPendingDeliveries(tx, d.subscription.id, `Not sent: the subscription was disabled after a 410 Gone on ${now.toISOString()}.`, d.id);
    });
  } else {
    await db.outboundDelivery.updateMany({ where: mine, data: { ...base, status: outcome.status } });
  }
  return { status: outcome.status, statusCode: result.statusCode, error: result.error, attempts };
}

/**
 * Sends due deliveries, a bounded batch with bounded concurrency and a short timeout each, so a
 * slow or failing subscriber costs at most one timeout per run and never touches ingestion (which
 * only writes the outbox). Each delivery is claimed before it is sent, so runners on several
 * instances never send the same attempt twice.
 */
export async function deliverDue(
  db: Db,
  now = new Date(),
  options: { batch?: number; timeoutMs?: number; concurrency?: number } = {},
): Promise<{ attempted: number; succeeded: number; failed: number; dead: number; skipped: number }> {
  const due = await db.outboundDelivery.findMany({
    where: { status: { in: ["PENDING", "FAILED"] }, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS }, subscription: { active: true } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.batch ?? DELIVERY_BATCH,
    select: dueSelect,
  });
  const summary = { attempted: 0, succeeded: 0, failed: 0, dead: 0, skipped: 0 };
  const queue = [...due];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const r = await attemptDelivery(db, d, now, options.timeoutMs);
      if (!r) {
        summary.skipped++; // claimed by another runner, or cancelled (410) earlier in this batch
        continue;
      }
      summary.attempted++;
      if (r.status === "SUCCEEDED") summary.succeeded++;
      else if (r.status === "DEAD") summary.dead++;
      else summary.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, Math.max(due.length, 1)) }, worker));
  return summary;
}

/**
 * Deliveries left pending for a subscription that is off (fanned out while it was being turned
 * off) are closed, so nothing piles up to be blasted when it is turned back on.
 */
async function cancelOrphanedDeliveries(db: Db, now: Date): Promise<number> {
  const off = await db.webhookSubscription.findMany({ where: { active: false }, select: { id: true } });
  if (!off.length) return 0;
  const { count } = await db.outboundDelivery.updateMany({
    where: { subscriptionId: { in: off.map((s) => s.id) }, status: { in: ["PENDING", "FAILED"] } },
    data: { status: "CANCELLED", lastError: `Not sent: the subscription was off on ${now.toISOString()}.` },
  });
  return count;
}

/** The outbound-delivery job: fan out new events, then send what is due. */
export async function runOutboundDelivery(db: Db, now = new Date()): Promise<string> {
  const fan = await fanOutEvents(db, now);
  const sent = await deliverDue(db, now);
  const cancelled = await cancelOrphanedDeliveries(db, now);
  const pruned = await pruneOutbox(db, now);
  return `${fan.events} events fanned out to ${fan.deliveries} deliveries; ${sent.attempted} attempted, ${sent.succeeded} delivered, ${sent.failed} to retry, ${sent.dead} dead; ${cancelled} cancelled; ${pruned} old events pruned.`;
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
    // Cancelled (subscription off) and dead deliveries are finished too.
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
