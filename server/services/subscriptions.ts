import type { Db, DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { OUTBOUND_EVENT_TYPES } from "../domain/events";
import { generateWebhookSecret, maskSecret } from "../domain/secrets";
import { attemptDelivery, cancelPendingDeliveries, checkOutboundUrl, loadDelivery, parseEventTypes } from "./outbound";

export type SubscriptionInput = { url: string; description: string | null; eventTypes: string[] };

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const SECRET_GRACE_MS = 24 * 3_600_000;

async function validate(input: SubscriptionInput): Promise<SubscriptionInput> {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw invalidFields("Check the URL.", { url: "Enter a full URL, e.g. https://example.com/hooks/backroom" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidFields("Check the URL.", { url: "Use an http:// or https:// URL." });
  if (url.username || url.password) throw invalidFields("Check the URL.", { url: "Leave credentials out of the URL; requests are signed." });
  const privateUrl = await checkOutboundUrl(url);
  if (privateUrl) throw invalidFields("Check the URL.", { url: privateUrl });
  const unknown = input.eventTypes.filter((t) => !(OUTBOUND_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length) throw invalidFields("Check the event types.", { eventTypes: `Unknown event type: ${unknown.join(", ")}` });
  return { url: url.toString(), description: input.description?.trim() || null, eventTypes: [...new Set(input.eventTypes)] };
}

/** Subscriptions without their secret (a hint only): the secret is shown once, at creation or rotation. */
export async function listSubscriptions(db: DbTx, shopId: string) {
  const rows = await db.webhookSubscription.findMany({
    where: { shopId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      active: true,
      disabledReason: true,
      createdAt: true,
      secret: true,
      previousSecretExpiresAt: true,
    },
  });
  const stats = await db.outboundDelivery.groupBy({ by: ["subscriptionId", "status"], where: { shopId }, _count: true });
  const now = new Date();
  return rows.map(({ secret, eventTypes, previousSecretExpiresAt, ...rest }) => {
    const mine = stats.filter((s) => s.subscriptionId === rest.id);
    const count = (status: string) => mine.find((s) => s.status === status)?._count ?? 0;
    return {
      ...rest,
      eventTypes: parseEventTypes(eventTypes),
      secretHint: maskSecret(secret),
      // While set, deliveries are signed with the old secret too.
      previousSecretUntil: previousSecretExpiresAt && previousSecretExpiresAt > now ? previousSecretExpiresAt : null,
      delivered: count("SUCCEEDED"),
      failing: count("FAILED") + count("PENDING"),
      dead: count("DEAD"),
      cancelled: count("CANCELLED"),
    };
  });
}

export async function createSubscription(db: DbTx, shopId: string, input: SubscriptionInput) {
  const clean = await validate(input);
  const secret = generateWebhookSecret();
  const row = await db.webhookSubscription.create({
    data: { shopId, url: clean.url, description: clean.description, eventTypes: JSON.stringify(clean.eventTypes), secret },
    select: { id: true, url: true },
  });
  return { ...row, secret };
}

async function findOwn(db: DbTx, shopId: string, id: string) {
  const row = await db.webhookSubscription.findFirst({ where: { id, shopId }, select: { id: true, active: true } });
  if (!row) throw new DomainError("NOT_FOUND", "Subscription not found.");
  return row;
}

/** Edits a subscription; turning it off closes its pending deliveries (nothing is blasted when it comes back). */
export async function updateSubscription(db: Db, shopId: string, id: string, input: SubscriptionInput & { active: boolean }, now = new Date()) {
  const current = await findOwn(db, shopId, id);
  const clean = await validate(input);
  return db.$transaction(async (tx) => {
    const row = await tx.webhookSubscription.update({
      where: { id },
      data: {
        url: clean.url,
        description: clean.description,
        eventTypes: JSON.stringify(clean.eventTypes),
        active: input.active,
        ...(input.active ? { disabledReason: null } : {}),
      },
      select: { id: true, active: true },
    });
    if (current.active && !input.active) await cancelPendingDeliveries(tx, id, `Not sent: the subscription was turned off on ${now.toISOString()}.`);
    return row;
  });
}

/**
 * A new secret, shown once. The old one keeps signing beside it for SECRET_GRACE_MS (each
 * delivery carries both signatures), so a receiver can switch without losing events.
 */
export async function rotateSubscriptionSecret(db: DbTx, shopId: string, id: string, now = new Date()) {
  await findOwn(db, shopId, id);
  const current = await db.webhookSubscription.findUniqueOrThrow({ where: { id }, select: { secret: true } });
  const secret = generateWebhookSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + SECRET_GRACE_MS);
  await db.webhookSubscription.update({ where: { id }, data: { secret, previousSecret: current.secret, previousSecretExpiresAt } });
  return { id, secret, previousSecretUntil: previousSecretExpiresAt };
}

export async function deleteSubscription(db: DbTx, shopId: string, id: string) {
  await findOwn(db, shopId, id);
  await db.webhookSubscription.delete({ where: { id } });
  return { id };
}

/** The delivery log of one subscription, newest first. */
export async function listDeliveries(db: DbTx, shopId: string, subscriptionId: string) {
  await findOwn(db, shopId, subscriptionId);
  const rows = await db.outboundDelivery.findMany({
    where: { shopId, subscriptionId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      event: { select: { id: true, type: true, createdAt: true } },
    },
  });
  return rows;
}

/** Sends a delivery again from the start of the retry schedule (after fixing the receiver). */
export async function replayDelivery(db: DbTx, shopId: string, id: string, now = new Date()) {
  const row = await db.outboundDelivery.findFirst({ where: { id, shopId }, select: { id: true, subscription: { select: { active: true } } } });
  if (!row) throw new DomainError("NOT_FOUND", "Delivery not found.");
  if (!row.subscription.active) throw new DomainError("CONFLICT", "Turn the subscription back on before replaying.");
  await db.outboundDelivery.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lastError: null } });
  return { id, status: "PENDING" as const };
}

/**
 * Sends a signed `webhook.test` event to one subscription right now and answers with the result.
 * The event is marked dispatched so it never fans out to other subscriptions.
 */
export async function sendTestEvent(db: Db, shopId: string, id: string, now = new Date()) {
  const sub = await findOwn(db, shopId, id);
  if (!sub.active) throw new DomainError("CONFLICT", "Turn the subscription back on before sending a test.");
  const delivery = await db.$transaction(async (tx) => {
    const event = await tx.outboxEvent.create({
      data: { shopId, type: "webhook.test", payload: JSON.stringify({ message: "Test event from Backroom", sentAt: now.toISOString() }), dispatchedAt: now },
      select: { id: true },
    });
    return tx.outboundDelivery.create({ data: { shopId, subscriptionId: id, eventId: event.id, nextAttemptAt: now }, select: { id: true } });
  });
  const result = await attemptDelivery(db, await loadDelivery(db, delivery.id), now);
  if (!result) throw new DomainError("CONFLICT", "The test event is already being sent; look at the delivery log.");
  return { deliveryId: delivery.id, ...result };
}
