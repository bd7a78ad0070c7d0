/**
 * POS webhook ingestion: verify → validate → store raw in the inbox (WebhookDelivery) → answer;
 * processing happens after the answer, from the inbox, so a crash after a 2xx loses nothing.
 *
 * Inbox writes use group commit: concurrent requests queue their rows and one transaction stores the
 * whole queue, so N requests cost one SQLite commit instead of N. Processing drains PENDING rows one
 * event per transaction (a bad event never rolls back a good one), yielding between events so new
 * deliveries keep being answered quickly.
 *
 * Idempotency: accepted rows hold two unique keys, the delivery id (`deliveryKey`) and the event key
 * (`dedupeKey`: external id + event + version). Refused (INVALID) rows are kept for the owner but hold
 * neither, so a POS retry of a refused delivery is evaluated again, never answered "duplicate".
 *
 * Bound: a delivery that cannot reach the database within INBOX_WAIT_MS of arriving (a long write
 * elsewhere holds the single SQLite connection) is answered 503 + Retry-After and its queued row is
 * withdrawn, so a 503 always means "not stored": the retry is evaluated as new.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { env } from "../env";
import { DomainError, isDomainError } from "../domain/errors";
import {
  locationDirectory,
  normaliseGeneric,
  normaliseShopify,
  resolveLocation,
  type LocationDirectory,
  type ParseResult,
  type PosEvent,
  type PosOrderState,
} from "../domain/pos-payload";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { admissionLimit, DEFAULT_SHED, isOverloaded, observeInflight, trackOverload, type ShedState } from "../domain/load-shed";
import { activeSecrets, verifyShopifyWebhook, verifyStandardWebhook } from "../domain/signature";
import { applyPosEvent, loadCatalogView, recordNewOrders, resolveOrderLocation, type CatalogView } from "./orders";
import { isUniqueViolation } from "../db-errors";
import { appendTo, groupBy } from "../domain/collections";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/**
 * How long a delivery may wait for the database before it is answered 503 (Shopify gives up after 5 s;
 * the rest of the request needs well under a second).
 */
export const INBOX_WAIT_MS = 4000;
/** Retry-After of that 503, in seconds. */
const UNAVAILABLE_RETRY_AFTER_S = 2;
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
  defaultLocationId: string | null;
};

type InboxRow = {
  shopId: string;
  integrationId: string;
  deliveryId: string;
  /** The delivery id as a unique key: set on accepted rows only. */
  deliveryKey: string | null;
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
type StoreOutcome = "inserted" | "duplicate" | "timeout";
type QueuedRow = {
  row: InboxRow;
  /** queued → committing once its transaction runs; abandoned when its deadline passed first. */
  phase: "queued" | "committing" | "abandoned";
  resolve: (outcome: StoreOutcome) => void;
  reject: (e: unknown) => void;
};
type IngestState = {
  inflight: number;
  /** Recent steady in-flight level, which the admission limit follows (domain/load-shed.ts). */
  shed: ShedState;
  /** Since when the event loop has lagged past the overload threshold (null: it has not). */
  overloadedSince: number | null;
  lagMonitor: boolean;
  integrations: Map<string, { row: IntegrationRow | null; at: number }>;
  locations: Map<string, { dir: LocationDirectory; at: number }>;
  queue: QueuedRow[];
  flushing: boolean;
  draining: boolean;
  drainAgain: boolean;
  lastInboxWriteAt: number;
};
const globalState = globalThis as unknown as { backroomIngest?: IngestState };
const state: IngestState = (globalState.backroomIngest ??= {
  inflight: 0,
  shed: { level: 0, at: Date.now() },
  overloadedSince: null,
  lagMonitor: false,
  integrations: new Map(),
  locations: new Map(),
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
    select: { id: true, shopId: true, kind: true, active: true, secret: true, previousSecret: true, previousSecretExpiresAt: true, defaultLocationId: true },
  });
  state.integrations.set(id, { row, at: Date.now() });
  return row;
}

/** Drops cached integrations (secrets, active flag, default location) so the next delivery reads them fresh. */
export function forgetCachedIntegrations(): void {
  state.integrations.clear();
  state.locations.clear();
}

async function shopLocations(db: Db, shopId: string, fresh: boolean): Promise<LocationDirectory> {
  const cached = state.locations.get(shopId);
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.dir;
  const rows = await db.location.findMany({ where: { shopId }, select: { id: true, code: true, active: true, posRef: true } });
  const dir = locationDirectory(rows);
  state.locations.set(shopId, { dir, at: Date.now() });
  return dir;
}

/**
 * Checks at receipt that the order has a location, so a POS hears 422 now rather than never. A miss
 * on cached settings is looked up again fresh (the owner may have just created or linked it);
 * processing resolves once more against the current settings.
 */
async function checkLocation(db: Db, integration: IntegrationRow, orderState: PosOrderState) {
  let result = resolveLocation(orderState.location, await shopLocations(db, integration.shopId, false), integration.defaultLocationId);
  if (result.ok) return result;
  const fresh = (await findIntegration(db, integration.id, true)) ?? integration;
  result = resolveLocation(orderState.location, await shopLocations(db, integration.shopId, true), fresh.defaultLocationId);
  return result;
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
  /** `dbWaitMs` overrides INBOX_WAIT_MS (tests). */
  options: { maxInflight?: number; dbWaitMs?: number } = {},
): Promise<WebhookAnswer> {
  const now = Date.now();
  startLagMonitor();
  state.shed = observeInflight(state.shed, state.inflight, now, DEFAULT_SHED.tauMs);
  const limit = options.maxInflight ?? admissionLimit(state.shed, { ...DEFAULT_SHED, ceiling: env.INGEST_MAX_INFLIGHT }, isOverloaded(state.overloadedSince, now));
  if (state.inflight >= limit) {
    return { status: 429, body: errorBody("RATE_LIMITED", "Too many deliveries in flight; retry shortly."), headers: { "Retry-After": "1" } };
  }
  state.inflight++;
  try {
    return await receive(db, integrationId, request, options);
  } finally {
    state.inflight--;
  }
}

/** Samples the event loop's lag four times a second: the overload signal load shedding reads. */
function startLagMonitor() {
  if (state.lagMonitor) return;
  state.lagMonitor = true;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    const lagMs = Number.isFinite(histogram.mean) ? histogram.mean / 1e6 : 0;
    histogram.reset();
    state.overloadedSince = trackOverload(state.overloadedSince, lagMs, Date.now());
  }, 250).unref();
}

async function receive(db: Db, integrationId: string, request: Request, options: { dbWaitMs?: number }): Promise<WebhookAnswer> {
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
  if (parsed.ok && parsed.event.state) {
    const located = await checkLocation(db, integration, parsed.event.state);
    if (!located.ok) parsed = { ok: false, externalId: parsed.event.externalId, message: located.message, details: [{ path: located.path, message: located.message }] };
  }
  const deliveryId = (headerId ?? `missing-${randomUUID()}`).slice(0, 200);
  const deadline = receivedAt.getTime() + (options.dbWaitMs ?? INBOX_WAIT_MS);

  if (!parsed.ok) {
    // Kept for the owner, but holding no key: the POS's retry of it is evaluated again.
    const kept = await storeInbox(
      db,
      { ...base, deliveryId, deliveryKey: null, dedupeKey: null, externalId: parsed.externalId, status: "INVALID", error: parsed.message, eventAt: null },
      deadline,
    );
    if (kept === "timeout") return unavailable();
    return { status: 422, body: errorBody("UNPROCESSABLE", parsed.message, parsed.details) };
  }
  const { event } = parsed;
  const outcome = await storeInbox(
    db,
    {
      ...base,
      deliveryId,
      deliveryKey: deliveryId,
      dedupeKey: event.dedupeKey.slice(0, 400),
      externalId: event.externalId,
      status: "PENDING",
      error: null,
      eventAt: event.eventAt,
    },
    deadline,
  );
  if (outcome === "timeout") return unavailable();
  if (outcome === "inserted") requestDrain(db);
  return outcome === "inserted" ? { status: 202, body: { status: "accepted" } } : { status: 200, body: { status: "duplicate" } };
}

function unavailable(): WebhookAnswer {
  return {
    status: 503,
    body: errorBody("UNAVAILABLE", "The database is busy and the delivery was not stored; retry shortly."),
    headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) },
  };
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

/**
 * Stores a row through the group-commit queue. Resolves "inserted", "duplicate" (an accepted row
 * already holds its delivery id or event key), or "timeout" when `deadline` (epoch ms) passed before
 * its transaction could start, in which case the row is withdrawn and never written.
 */
export function storeInbox(db: Db, row: InboxRow, deadline = Date.now() + INBOX_WAIT_MS): Promise<StoreOutcome> {
  return new Promise((resolve, reject) => {
    const item: QueuedRow = { row, phase: "queued", resolve, reject };
    const timer = setTimeout(() => {
      if (item.phase !== "queued") return;
      item.phase = "abandoned";
      resolve("timeout");
    }, Math.max(0, deadline - Date.now()));
    item.resolve = (outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    item.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    state.lastInboxWriteAt = Date.now();
    state.queue.push(item);
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
      const batch = state.queue.splice(0, FLUSH_BATCH).filter((b) => b.phase === "queued");
      if (batch.length === 0) continue;
      try {
        const results = await insertBatch(db, batch);
        batch.forEach((b, i) => {
          const r = results[i];
          if (r) b.resolve(r);
        });
      } catch (error) {
        for (const b of batch) if (b.phase !== "abandoned") b.reject(error);
      }
    }
  } finally {
    state.flushing = false;
  }
}

const keyOf = (integrationId: string, value: string) => `${integrationId}\u0000${value}`;

/**
 * Inserts the rows not already stored (by delivery id or event key), in one transaction. Rows whose
 * deadline passed while the transaction waited for the connection are left out (their request
 * already answered 503); the rest can no longer be withdrawn. Returns null for left-out rows.
 */
async function insertBatch(db: Db, items: QueuedRow[]): Promise<(StoreOutcome | null)[]> {
  try {
    return await db.$transaction(
      async (tx) => {
        for (const item of items) if (item.phase === "queued") item.phase = "committing";
        const live = items.filter((i) => i.phase === "committing");
        const rows = live.map((i) => i.row);
        const keyed = rows.filter((r) => r.deliveryKey !== null || r.dedupeKey !== null);
        const integrationIds = [...new Set(keyed.map((r) => r.integrationId))];
        const deliveryKeys = [...new Set(keyed.flatMap((r) => (r.deliveryKey ? [r.deliveryKey] : [])))];
        const dedupeKeys = [...new Set(keyed.flatMap((r) => (r.dedupeKey ? [r.dedupeKey] : [])))];
        const existing = keyed.length
          ? await tx.webhookDelivery.findMany({
              where: {
                integrationId: { in: integrationIds },
                OR: [...(deliveryKeys.length ? [{ deliveryKey: { in: deliveryKeys } }] : []), ...(dedupeKeys.length ? [{ dedupeKey: { in: dedupeKeys } }] : [])],
              },
              select: { integrationId: true, deliveryKey: true, dedupeKey: true },
            })
          : [];
        const seen = new Set<string>();
        for (const e of existing) {
          if (e.deliveryKey) seen.add(keyOf(e.integrationId, `d:${e.deliveryKey}`));
          if (e.dedupeKey) seen.add(keyOf(e.integrationId, `k:${e.dedupeKey}`));
        }
        const fresh: InboxRow[] = [];
        const outcome = new Map<QueuedRow, StoreOutcome>();
        for (const item of live) {
          const r = item.row;
          const d = r.deliveryKey ? keyOf(r.integrationId, `d:${r.deliveryKey}`) : null;
          const k = r.dedupeKey ? keyOf(r.integrationId, `k:${r.dedupeKey}`) : null;
          if ((d && seen.has(d)) || (k && seen.has(k))) {
            outcome.set(item, "duplicate");
            continue;
          }
          if (d) seen.add(d);
          if (k) seen.add(k);
          fresh.push(r);
          outcome.set(item, "inserted");
        }
        if (fresh.length) await tx.webhookDelivery.createMany({ data: fresh });
        return items.map((i) => outcome.get(i) ?? null);
      },
      // The wait for the connection is bounded per row by its deadline (above), not by Prisma's maxWait,
      // which would only fail the transaction after it finally got the connection.
      { maxWait: 60_000, timeout: 10_000 },
    );
  } catch (error) {
    // Another instance stored one of these keys between our read and write: retry row by row.
    if (isUniqueViolation(error)) {
      const live = items.filter((i) => i.phase === "committing");
      if (live.length > 1) {
        const results = new Map<QueuedRow, StoreOutcome | null>();
        for (const item of live) {
          item.phase = "queued";
          results.set(item, (await insertBatch(db, [item]))[0] ?? null);
        }
        return items.map((i) => results.get(i) ?? null);
      }
      return items.map((i) => (i.phase === "committing" ? "duplicate" : null));
    }
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

export type ProcessOptions = {
  limit?: number;
  /** Also retry refunds/cancellations parked until their order arrives (the scheduled job does). */
  includeWaiting?: boolean;
  shopId?: string;
  integrationId?: string;
  externalId?: string;
  /** Process at once instead of yielding to incoming deliveries (a reader is waiting for the result). */
  eager?: boolean;
};

/** Processes PENDING deliveries oldest first. */
export async function processPendingDeliveries(db: Db, options: ProcessOptions = {}): Promise<DrainSummary> {
  const rows: PendingRow[] = await db.webhookDelivery.findMany({
    where: {
      status: "PENDING",
      ...(options.includeWaiting ? {} : { error: null }),
      ...(options.shopId ? { shopId: options.shopId } : {}),
      ...(options.integrationId ? { integrationId: options.integrationId } : {}),
      ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: options.limit ?? 100,
    select: pendingSelect,
  });
  const summary: DrainSummary = { picked: rows.length, processed: 0, invalid: 0, waiting: 0, failed: 0 };
  const byShop = groupBy(rows, (row) => row.shopId);
  for (const [shopId, shopRows] of byShop) {
    const catalog = await loadCatalogView(db, shopId);
    const { batch, rest } = await splitNewOrders(db, shopRows, catalog);
    const created = batch.length ? await processNewOrderBatch(db, shopId, batch, catalog, options.eager ?? false) : [];
    summary.processed += created.length;
    // Anything the batch could not take (a race with another drain) goes the careful way.
    const leftovers = batch.filter((b) => !created.includes(b.row.id)).map((b) => b.row);
    const touched = new Map<string, PendingRow>();
    for (const b of batch) if (created.includes(b.row.id)) touched.set(`${b.row.integrationId}|${b.row.externalId}`, b.row);
    for (const row of [...rest, ...leftovers].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      if (!options.eager) await yieldToInbox(500);
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
    if (parsed.ok && parsed.event.kind === "created" && parsed.event.state && resolveOrderLocation(catalog, row.integrationId, parsed.event.state).ok && !seen.has(key)) {
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
async function processNewOrderBatch(db: Db, shopId: string, batch: NewOrderItem[], catalog: CatalogView, eager: boolean): Promise<string[]> {
  const done: string[] = [];
  for (let i = 0; i < batch.length; i += NEW_ORDER_CHUNK) {
    const chunk = batch.slice(i, i + NEW_ORDER_CHUNK);
    if (!eager) await yieldToInbox();
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
          appendTo(byLatency, latency, c.row.id);
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

/** A delivery found invalid gives up its keys, so the POS's corrected retry is accepted, not a "duplicate". */
const RELEASE_KEYS = { deliveryKey: null, dedupeKey: null } as const;

async function processDelivery(db: Db, row: PendingRow, catalog: CatalogView): Promise<DeliveryResult> {
  try {
    return await db.$transaction(async (tx) => {
      // Claim first: a second drain (another bundle or instance) finds nothing to do.
      const claim = await tx.webhookDelivery.updateMany({ where: { id: row.id, status: "PENDING" }, data: { attempts: { increment: 1 } } });
      if (claim.count === 0) return "processed";
      const parsed = parseDelivery(row.integration.kind, row.topic, row.body, row.receivedAt);
      if (!parsed.ok) {
        await tx.webhookDelivery.update({ where: { id: row.id }, data: { status: "INVALID", error: parsed.message, processedAt: new Date(), ...RELEASE_KEYS } });
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
      data: { status, attempts, error: message.slice(0, 1000), processedAt: status === "PENDING" ? null : new Date(), ...(permanent ? RELEASE_KEYS : {}) },
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

/**
 * Read-your-writes for integrators: processes a shop's PENDING deliveries (optionally only one
 * integration's, or one order's) before a read, so a tool that POSTs a webhook and then GETs sees
 * its effect. Bounded by `timeoutMs`: past it the read goes ahead with what is processed (the rest
 * stays PENDING for the background drain). Refunds parked until their order arrives are not waited
 * for. Returns whether nothing matching is left pending.
 */
export async function settlePendingInbox(
  db: Db,
  shopId: string,
  options: { timeoutMs?: number; integrationId?: string; externalId?: string } = {},
): Promise<{ settled: boolean }> {
  const deadline = Date.now() + (options.timeoutMs ?? 2000);
  const where = {
    shopId,
    status: "PENDING",
    error: null,
    ...(options.integrationId ? { integrationId: options.integrationId } : {}),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
  };
  for (;;) {
    if (!(await db.webhookDelivery.findFirst({ where, select: { id: true } }))) return { settled: true };
    if (Date.now() >= deadline) return { settled: false };
    await processPendingDeliveries(db, { shopId, integrationId: options.integrationId, externalId: options.externalId, limit: 50, eager: true });
  }
}
