/**
 * POS webhook ingestion: verify → validate → store raw in the inbox (WebhookDelivery) → answer;
 * processing happens after the answer, from the inbox, so a crash after a 2xx loses nothing.
 *
 * Inbox writes use group commit: concurrent requests queue their rows and one transaction stores the
 * whole queue, so N requests cost one SQLite commit instead of N. Processing drains PENDING rows one
 * event per transaction (a bad event never rolls back a good one), yielding between events so new
 * deliveries keep being answered quickly.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { env } from "../env";
import { DomainError, isDomainError } from "../domain/errors";
import { normaliseGeneric, normaliseShopify, type ParseResult, type PosEvent, type PosOrderState } from "../domain/pos-payload";
import { activeSecrets, verifyShopifyWebhook, verifyStandardWebhook } from "../domain/signature";
import { applyPosEvent, loadCatalogView, recordNewOrders, type CatalogView } from "./orders";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Attempts before a delivery that keeps failing for unexpected reasons is parked as FAILED. */
const MAX_ATTEMPTS = 5;

export type WebhookAnswer = { status: number; body: unknown; headers?: Record<string, string> };

type IntegrationRow = {
  id: string;
  shopId: string;
  kind: string;
  active: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
};

type InboxRow = {
  shopId: string;
  integrationId: string;
  deliveryId: string;
  topic: string;
  dedupeKey: string | null;
  externalId: string | null;
  body: string;
  status: "PENDING" | "INVALID";
  error: string | null;
  eventAt: Date | null;
  receivedAt: Date;
};

/** Per-process state, kept on globalThis so every bundle of the route module shares one copy. */
type IngestState = {
  inflight: number;
  integrations: Map<string, { row: IntegrationRow | null; at: number }>;
  locationCodes: Map<string, { codes: Set<string>; at: number }>;
  queue: { row: InboxRow; resolve: (inserted: boolean) => void; reject: (e: unknown) => void }[];
  flushing: boolean;
  draining: boolean;
  drainAgain: boolean;
  lastInboxWriteAt: number;
};
const globalState = globalThis as unknown as { backroomIngest?: IngestState };
const state: IngestState = (globalState.backroomIngest ??= {
  inflight: 0,
  integrations: new Map(),
  locationCodes: new Map(),
  queue: [],
  flushing: false,
  draining: false,
  drainAgain: false,
  lastInboxWriteAt: 0,
});

const CACHE_MS = 10_000;

async function findIntegration(db: Db, id: string, fresh = false): Promise<IntegrationRow | null> {
  const cached = state.integrations.get(id);
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.row;
  const row = await db.integration.findUnique({
    where: { id },
    select: { id: true, shopId: true, kind: true, active: true, secret: true, previousSecret: true, previousSecretExpiresAt: true },
  });
  state.integrations.set(id, { row, at: Date.now() });
  return row;
}

/** Drops cached integrations (secrets, active flag) so the next delivery reads them fresh. */
export function forgetCachedIntegrations(): void {
  state.integrations.clear();
}

async function hasLocation(db: Db, shopId: string, code: string): Promise<boolean> {
  const cached = state.locationCodes.get(shopId);
  if (cached && Date.now() - cached.at < CACHE_MS && cached.codes.has(code)) return true;
  const rows = await db.location.findMany({ where: { shopId }, select: { code: true } });
  const codes = new Set(rows.map((r) => r.code));
  state.locationCodes.set(shopId, { codes, at: Date.now() });
  return codes.has(code);
}

function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

function verify(integration: IntegrationRow, headers: Headers, rawBody: string, now: Date) {
  const secrets = activeSecrets(integration, now);
  return integration.kind === "shopify"
    ? verifyShopifyWebhook(secrets, headers.get("x-shopify-hmac-sha256"), rawBody)
    : verifyStandardWebhook(secrets, { id: headers.get("webhook-id"), timestamp: headers.get("webhook-timestamp"), signature: headers.get("webhook-signature") }, rawBody);
}

/** Normalises a stored or incoming body; generic events fall back to `sentAt` for their event time. */
export function parseDelivery(kind: string, topic: string, rawBody: string, sentAt: Date): ParseResult {
  return kind === "shopify" ? normaliseShopify(topic, rawBody) : normaliseGeneric(rawBody, sentAt);
}

function genericTopic(rawBody: string): string {
  try {
    const type = (JSON.parse(rawBody) as { type?: unknown } | null)?.type;
    return typeof type === "string" ? type.slice(0, 60) : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Handles one POST to /api/webhooks/pos/{integrationId}. Never throws for bad input: every answer
 * is one of the contract's statuses with a JSON body.
 */
export async function receivePosWebhook(
  db: Db,
  integrationId: string,
  request: Request,
  options: { maxInflight?: number } = {},
): Promise<WebhookAnswer> {
  if (state.inflight >= (options.maxInflight ?? env.INGEST_MAX_INFLIGHT)) {
    return { status: 429, body: errorBody("RATE_LIMITED", "Too many deliveries in flight; retry shortly."), headers: { "Retry-After": "1" } };
  }
  state.inflight++;
  try {
    return await receive(db, integrationId, request);
  } finally {
    state.inflight--;
  }
}

async function receive(db: Db, integrationId: string, request: Request): Promise<WebhookAnswer> {
  const receivedAt = new Date();
  let integration = await findIntegration(db, integrationId);
  if (!integration?.active) return { status: 404, body: errorBody("NOT_FOUND", "Unknown integration.") };

  let rawBody: string;
  try {
    rawBody = await readBody(request);
  } catch (error) {
    if (isDomainError(error) && error.code === "PAYLOAD_TOO_LARGE") return { status: 413, body: errorBody(error.code, error.message) };
    return { status: 400, body: errorBody("BAD_REQUEST", "The request body could not be read.") };
  }

  let check = verify(integration, request.headers, rawBody, receivedAt);
  if (!check.ok) {
    // The cached secret may predate a rotation: look again once before refusing.
    integration = await findIntegration(db, integrationId, true);
    if (!integration?.active) return { status: 404, body: errorBody("NOT_FOUND", "Unknown integration.") };
    check = verify(integration, request.headers, rawBody, receivedAt);
    if (!check.ok) return { status: 401, body: errorBody("UNAUTHORIZED", check.reason) };
  }

  const shopify = integration.kind === "shopify";
  const headerId = shopify ? request.headers.get("x-shopify-webhook-id") : request.headers.get("webhook-id");
  const shopifyTopic = shopify ? (request.headers.get("x-shopify-topic") ?? "unknown").slice(0, 60) : "";
  const sentAt = shopify ? receivedAt : new Date(Number(request.headers.get("webhook-timestamp")) * 1000);

  let parsed = headerId
    ? parseDelivery(integration.kind, shopifyTopic, rawBody, sentAt)
    : ({ ok: false, externalId: null, message: "Missing X-Shopify-Webhook-Id header.", details: [] } as ParseResult);
  // Generic bodies name their type; it is read again only when the body did not parse.
  const topic = shopify ? shopifyTopic : parsed.ok ? `order.${parsed.event.kind}` : genericTopic(rawBody);
  const base = { shopId: integration.shopId, integrationId: integration.id, topic, body: rawBody, receivedAt };
  if (parsed.ok && parsed.event.state && !(await hasLocation(db, integration.shopId, parsed.event.state.locationCode))) {
    const code = parsed.event.state.locationCode;
    parsed = {
      ok: false,
      externalId: parsed.event.externalId,
      message: `Unknown location "${code}": send the code of one of the shop's locations.`,
      details: [{ path: shopify ? "note_attributes.location" : "data.location", message: `no location with code "${code}"` }],
    };
  }
  const deliveryId = (headerId ?? `missing-${randomUUID()}`).slice(0, 200);

  if (!parsed.ok) {
    await storeInbox(db, { ...base, deliveryId, dedupeKey: null, externalId: parsed.externalId, status: "INVALID", error: parsed.message, eventAt: null });
    return { status: 422, body: errorBody("UNPROCESSABLE", parsed.message, parsed.details) };
  }
  const { event } = parsed;
  const inserted = await storeInbox(db, {
    ...base,
    deliveryId,
    dedupeKey: event.dedupeKey.slice(0, 400),
    externalId: event.externalId,
    status: "PENDING",
    error: null,
    eventAt: event.eventAt,
  });
  if (inserted) requestDrain(db);
  return inserted ? { status: 202, body: { status: "accepted" } } : { status: 200, body: { status: "duplicate" } };
}

async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", `Body is larger than ${MAX_WEBHOOK_BYTES} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_WEBHOOK_BYTES) {
      await reader.cancel();
      throw new DomainError("PAYLOAD_TOO_LARGE", `Body is larger than ${MAX_WEBHOOK_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// ───────────────────────── inbox (group commit) ─────────────────────────

/** Stores a row through the group-commit queue; resolves true when inserted, false for a duplicate. */
export function storeInbox(db: Db, row: InboxRow): Promise<boolean> {
  return new Promise((resolve, reject) => {
    state.lastInboxWriteAt = Date.now();
    state.queue.push({ row, resolve, reject });
    if (!state.flushing) void flushInbox(db);
  });
}

// Keeps the duplicate lookup (two keys per row) under SQLite's bound-parameter limit.
const FLUSH_BATCH = 200;

async function flushInbox(db: Db): Promise<void> {
  state.flushing = true;
  try {
    // One tick lets requests that arrived together join the same commit.
    await new Promise((r) => setImmediate(r));
    while (state.queue.length > 0) {
      const batch = state.queue.splice(0, FLUSH_BATCH);
      try {
        const results = await insertBatch(db, batch.map((b) => b.row));
        batch.forEach((b, i) => b.resolve(results[i] ?? false));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
  } finally {
    state.flushing = false;
  }
}

const keyOf = (integrationId: string, value: string) => `${integrationId}\u0000${value}`;

/** Inserts rows not already stored (by delivery id or dedupe key), in one transaction. */
async function insertBatch(db: Db, rows: InboxRow[]): Promise<boolean[]> {
  try {
    return await db.$transaction(async (tx) => {
      const integrationIds = [...new Set(rows.map((r) => r.integrationId))];
      const deliveryIds = [...new Set(rows.map((r) => r.deliveryId))];
      const dedupeKeys = [...new Set(rows.flatMap((r) => (r.dedupeKey ? [r.dedupeKey] : [])))];
      const existing = await tx.webhookDelivery.findMany({
        where: {
          integrationId: { in: integrationIds },
          OR: [{ deliveryId: { in: deliveryIds } }, ...(dedupeKeys.length ? [{ dedupeKey: { in: dedupeKeys } }] : [])],
        },
        select: { integrationId: true, deliveryId: true, dedupeKey: true },
      });
      const seen = new Set<string>();
      for (const e of existing) {
        seen.add(keyOf(e.integrationId, `d:${e.deliveryId}`));
        if (e.dedupeKey) seen.add(keyOf(e.integrationId, `k:${e.dedupeKey}`));
      }
      const fresh: InboxRow[] = [];
      const results = rows.map((r) => {
        const d = keyOf(r.integrationId, `d:${r.deliveryId}`);
        const k = r.dedupeKey ? keyOf(r.integrationId, `k:${r.dedupeKey}`) : null;
        if (seen.has(d) || (k && seen.has(k))) return false;
        seen.add(d);
        if (k) seen.add(k);
        fresh.push(r);
        return true;
      });
      if (fresh.length) await tx.webhookDelivery.createMany({ data: fresh });
      return results;
    });
  } catch (error) {
    // Another instance stored one of these keys between our read and write: retry row by row.
    if (rows.length > 1 && (error as { code?: string }).code === "P2002") {
      const results: boolean[] = [];
      for (const r of rows) results.push(...(await insertBatch(db, [r])));
      return results;
    }
    if (rows.length === 1 && (error as { code?: string }).code === "P2002") return [false];
    throw error;
  }
}

// ───────────────────────── processing ─────────────────────────

/** Starts draining the inbox in the background unless a drain is already running. */
export function requestDrain(db: Db): void {
  if (state.draining) {
    state.drainAgain = true;
    return;
  }
  state.draining = true;
  void (async () => {
    try {
      do {
        state.drainAgain = false;
        while ((await processPendingDeliveries(db, { limit: 100 })).picked > 0);
      } while (state.drainAgain);
    } catch (error) {
      console.error("Inbox drain failed; the inbox-drain job will retry", error);
    } finally {
      state.draining = false;
    }
  })();
}

export type DrainSummary = { picked: number; processed: number; invalid: number; waiting: number; failed: number };

type PendingRow = {
  id: string;
  shopId: string;
  integrationId: string;
  topic: string;
  body: string;
  externalId: string | null;
  receivedAt: Date;
  eventAt: Date | null;
  attempts: number;
  integration: { kind: string };
};

const pendingSelect = {
  id: true,
  shopId: true,
  integrationId: true,
  topic: true,
  body: true,
  externalId: true,
  receivedAt: true,
  eventAt: true,
  attempts: true,
  integration: { select: { kind: true } },
} as const;

/**
 * Processes PENDING deliveries oldest first. `includeWaiting` also retries refunds/cancellations
 * parked until their order arrives (the scheduled job does; the request path leaves them alone).
 */
export async function processPendingDeliveries(db: Db, options: { limit?: number; includeWaiting?: boolean; shopId?: string } = {}): Promise<DrainSummary> {
  const rows: PendingRow[] = await db.webhookDelivery.findMany({
    where: { status: "PENDING", ...(options.includeWaiting ? {} : { error: null }), ...(options.shopId ? { shopId: options.shopId } : {}) },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: options.limit ?? 100,
    select: pendingSelect,
  });
  const summary: DrainSummary = { picked: rows.length, processed: 0, invalid: 0, waiting: 0, failed: 0 };
  const byShop = new Map<string, PendingRow[]>();
  for (const row of rows) byShop.set(row.shopId, [...(byShop.get(row.shopId) ?? []), row]);
  for (const [shopId, shopRows] of byShop) {
    const catalog = await loadCatalogView(db, shopId);
    const { batch, rest } = await splitNewOrders(db, shopRows, catalog);
    const created = batch.length ? await processNewOrderBatch(db, shopId, batch, catalog) : [];
    summary.processed += created.length;
    // Anything the batch could not take (a race with another drain) goes the careful way.
    const leftovers = batch.filter((b) => !created.includes(b.row.id)).map((b) => b.row);
    const touched = new Map<string, PendingRow>();
    for (const b of batch) if (created.includes(b.row.id)) touched.set(`${b.row.integrationId}|${b.row.externalId}`, b.row);
    for (const row of [...rest, ...leftovers].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      await yieldToInbox(500);
      const result = await processDelivery(db, row, catalog);
      summary[result]++;
      if (result === "processed" && row.externalId) touched.set(`${row.integrationId}|${row.externalId}`, row);
      // Let queued inbox writes and requests run between events.
      await new Promise((r) => setImmediate(r));
    }
    // Refunds or cancellations that arrived before their order can apply now.
    for (const row of touched.values()) {
      const parked = await db.webhookDelivery.findMany({
        where: { integrationId: row.integrationId, externalId: row.externalId, status: "PENDING", error: { not: null } },
        orderBy: { receivedAt: "asc" },
        select: pendingSelect,
      });
      for (const p of parked) summary[await processDelivery(db, p, catalog)]++;
    }
  }
  return summary;
}

type NewOrderItem = { row: PendingRow; event: PosEvent & { state: PosOrderState } };

/**
 * Picks deliveries that create an order not recorded yet (the bulk of traffic); everything else
 * (updates, refunds, repeats, invalid bodies) is processed one by one.
 */
async function splitNewOrders(db: Db, rows: PendingRow[], catalog: CatalogView): Promise<{ batch: NewOrderItem[]; rest: PendingRow[] }> {
  const candidates: NewOrderItem[] = [];
  const rest: PendingRow[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const parsed = parseDelivery(row.integration.kind, row.topic, row.body, row.receivedAt);
    const key = `${row.integrationId}|${parsed.ok ? parsed.event.externalId : ""}`;
    if (parsed.ok && parsed.event.kind === "created" && parsed.event.state && catalog.locationByCode.has(parsed.event.state.locationCode) && !seen.has(key)) {
      seen.add(key);
      candidates.push({ row, event: { ...parsed.event, eventAt: row.eventAt ?? parsed.event.eventAt, state: parsed.event.state } });
    } else {
      if (parsed.ok) seen.add(key);
      rest.push(row);
    }
  }
  if (candidates.length === 0) return { batch: [], rest };
  const existing = new Set<string>();
  for (let i = 0; i < candidates.length; i += 100) {
    const chunk = candidates.slice(i, i + 100);
    const found = await db.order.findMany({
      where: { integrationId: { in: [...new Set(chunk.map((c) => c.row.integrationId))] }, externalId: { in: chunk.map((c) => c.event.externalId) } },
      select: { integrationId: true, externalId: true },
    });
    for (const f of found) existing.add(`${f.integrationId}|${f.externalId}`);
  }
  const batch: NewOrderItem[] = [];
  for (const c of candidates) {
    if (existing.has(`${c.row.integrationId}|${c.event.externalId}`)) rest.push(c.row);
    else batch.push(c);
  }
  return { batch, rest };
}

/**
 * Processing waits for a quiet moment (no delivery for QUIET_MS) and, under sustained load, runs one
 * chunk at least every MAX_DEFER_MS: acknowledging the POS comes first, the durable inbox absorbs
 * the backlog, and processing catches up as soon as traffic eases.
 */
const QUIET_MS = 15;
const MAX_DEFER_MS = 2000;

/** Small enough that a processing transaction never holds the connection long in front of inbox writes. */
const NEW_ORDER_CHUNK = 25;

/**
 * Answering the POS comes first: wait while deliveries are arriving (up to a bound, so processing
 * still progresses under sustained load). Transactions share one FIFO connection lock, so a
 * processing transaction started now would delay every write queued behind it.
 */
async function yieldToInbox(maxWaitMs = MAX_DEFER_MS): Promise<void> {
  const start = Date.now();
  const busy = () => state.flushing || state.queue.length > 0 || Date.now() - state.lastInboxWriteAt < QUIET_MS;
  while (busy() && Date.now() - start < maxWaitMs) {
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Records a batch of new orders in one transaction; returns the delivery ids it processed. */
async function processNewOrderBatch(db: Db, shopId: string, batch: NewOrderItem[], catalog: CatalogView): Promise<string[]> {
  const done: string[] = [];
  for (let i = 0; i < batch.length; i += NEW_ORDER_CHUNK) {
    const chunk = batch.slice(i, i + NEW_ORDER_CHUNK);
    await yieldToInbox();
    try {
      const ids = await db.$transaction(async (tx) => {
        // Re-check inside the transaction: another drain may have taken rows or created orders meanwhile.
        const pending = new Set(
          (await tx.webhookDelivery.findMany({ where: { id: { in: chunk.map((c) => c.row.id) }, status: "PENDING" }, select: { id: true } })).map((r) => r.id),
        );
        const taken = new Set(
          (
            await tx.order.findMany({
              where: { integrationId: { in: [...new Set(chunk.map((c) => c.row.integrationId))] }, externalId: { in: chunk.map((c) => c.event.externalId) } },
              select: { integrationId: true, externalId: true },
            })
          ).map((o) => `${o.integrationId}|${o.externalId}`),
        );
        const items = chunk.filter((c) => pending.has(c.row.id) && !taken.has(`${c.row.integrationId}|${c.event.externalId}`));
        if (items.length === 0) return [];
        await recordNewOrders(tx, shopId, items.map((c) => ({ integrationId: c.row.integrationId, event: c.event })), catalog);
        const processedAt = new Date();
        // Rows of one batch share a processing time; latency differs only by arrival, so group by it.
        const byLatency = new Map<number, string[]>();
        for (const c of items) {
          const latency = processedAt.getTime() - c.row.receivedAt.getTime();
          byLatency.set(latency, [...(byLatency.get(latency) ?? []), c.row.id]);
        }
        for (const [latencyMs, ids] of byLatency) {
          await tx.webhookDelivery.updateMany({
            where: { id: { in: ids } },
            data: { status: "PROCESSED", processedAt, latencyMs, attempts: { increment: 1 }, error: null },
          });
        }
        return items.map((c) => c.row.id);
      });
      done.push(...ids);
    } catch (error) {
      // A bad row spoils the batch: leave them all to the one-by-one path, which isolates it.
      console.error("Batch of new orders failed; processing one by one", error);
    }
    await new Promise((r) => setImmediate(r));
  }
  return done;
}

type DeliveryResult = "processed" | "invalid" | "waiting" | "failed";

async function processDelivery(db: Db, row: PendingRow, catalog: CatalogView): Promise<DeliveryResult> {
  try {
    return await db.$transaction(async (tx) => {
      // Claim first: a second drain (another bundle or instance) finds nothing to do.
      const claim = await tx.webhookDelivery.updateMany({ where: { id: row.id, status: "PENDING" }, data: { attempts: { increment: 1 } } });
      if (claim.count === 0) return "processed";
      const parsed = parseDelivery(row.integration.kind, row.topic, row.body, row.receivedAt);
      if (!parsed.ok) {
        await tx.webhookDelivery.update({ where: { id: row.id }, data: { status: "INVALID", error: parsed.message, processedAt: new Date() } });
        return "invalid";
      }
      const event = { ...parsed.event, eventAt: row.eventAt ?? parsed.event.eventAt };
      const outcome = await applyPosEvent(tx, row.shopId, row.integrationId, event, catalog);
      if (outcome.outcome === "waiting") {
        await tx.webhookDelivery.update({ where: { id: row.id }, data: { error: outcome.reason } });
        return "waiting";
      }
      const processedAt = new Date();
      await tx.webhookDelivery.update({
        where: { id: row.id },
        data: {
          status: "PROCESSED",
          processedAt,
          latencyMs: processedAt.getTime() - row.receivedAt.getTime(),
          error: outcome.outcome === "stale" ? "A newer state of this order was already applied; kept for the record." : (outcome.note ?? null),
        },
      });
      return "processed";
    });
  } catch (error) {
    const permanent = isDomainError(error);
    const message = error instanceof Error ? error.message : String(error);
    const attempts = row.attempts + 1;
    const status = permanent ? "INVALID" : attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
    await db.webhookDelivery.update({
      where: { id: row.id },
      data: { status, attempts, error: message.slice(0, 1000), processedAt: status === "PENDING" ? null : new Date() },
    });
    if (!permanent) console.error(`Delivery ${row.id} failed (attempt ${attempts})`, error);
    return permanent ? "invalid" : status === "FAILED" ? "failed" : "waiting";
  }
}

/**
 * The inbox-drain job: everything pending, then refunds parked until their order arrived. It takes
 * turns with the request-triggered drain (waiting for it, up to a bound) so the two never race over
 * the same rows and double the work under load.
 */
export async function drainInbox(db: Db, maxWaitMs = 10_000): Promise<string> {
  const waitStart = Date.now();
  while (state.draining) {
    if (Date.now() - waitStart > maxWaitMs) return "skipped: the request-triggered drain is still busy with new deliveries";
    await new Promise((r) => setTimeout(r, 5));
  }
  state.draining = true;
  const total: DrainSummary = { picked: 0, processed: 0, invalid: 0, waiting: 0, failed: 0 };
  const add = (s: DrainSummary) => {
    for (const k of Object.keys(total) as (keyof DrainSummary)[]) total[k] += s[k];
  };
  try {
    for (;;) {
      const s = await processPendingDeliveries(db, { limit: 200 });
      add(s);
      if (s.picked === 0) break;
    }
    add(await processPendingDeliveries(db, { limit: 1000, includeWaiting: true }));
  } finally {
    state.draining = false;
    if (state.drainAgain) requestDrain(db);
  }
  return `${total.processed} processed, ${total.invalid} invalid, ${total.failed} failed, ${total.waiting} still waiting for their order`;
}
