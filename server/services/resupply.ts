import type { Db, DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { findStockout, forecastUsage, HOUR_MS } from "../domain/forecast";
import { signedDelta } from "../domain/ledger";
import {
  arrivalAt,
  CADENCES,
  describeReason,
  draftKey,
  latestWindowBetween,
  manualNeedEntry,
  mergeManualNeed,
  OPEN_STATUSES,
  openLineKey,
  planDraftLine,
  REASON_MAX,
  ruleFieldErrors,
  suggestRuleDefaults,
  windowNameAt,
  windowsForCadence,
  type Cadence,
  type DeliveryWindow,
} from "../domain/resupply";
import { forecastComponent, loadLocationForecast } from "./forecast";
import { appendMovements } from "./ledger";
import { enqueueEvent } from "./outbox";
import { isUniqueViolation } from "../db-errors";
import { groupBy } from "../domain/collections";

export type RaisedLine = { created: boolean; suggestionId: string; lineId: string; quantity: number };


/**
 * The DRAFT suggestion of a supplier × location × window, created if there is none. Its draftKey
 * is unique while it is a draft, so two raises racing for the same window join one draft.
 */
async function ensureDraft(tx: DbTx, shopId: string, input: { locationId: string; supplierId: string | null; windowAt: Date }) {
  const key = draftKey(shopId, input.locationId, input.supplierId, input.windowAt.getTime());
  return tx.resupplySuggestion.upsert({
    where: { draftKey: key },
    create: { shopId, locationId: input.locationId, supplierId: input.supplierId, windowAt: input.windowAt, draftKey: key },
    update: {},
    select: { id: true },
  });
}

/**
 * Adds a draft line to the draft of its supplier and window. The line's openKey (component ×
 * location × window) is unique while it is a draft, so a second insert for the same window fails
 * here instead of duplicating: callers treat that as "already raised".
 */
async function insertDraftLine(
  tx: DbTx,
  shopId: string,
  input: {
    locationId: string;
    componentId: string;
    supplierId: string | null;
    windowAt: Date;
    quantity: number;
    reason: string;
    projectedStockoutAt: Date | null;
    pinned: boolean;
  },
): Promise<{ suggestionId: string; lineId: string }> {
  const suggestion = await ensureDraft(tx, shopId, input);
  const line = await tx.resupplyLine.create({
    data: {
      suggestionId: suggestion.id,
      componentId: input.componentId,
      quantity: input.quantity,
      reason: input.reason.slice(0, REASON_MAX),
      projectedStockoutAt: input.projectedStockoutAt,
      openKey: openLineKey(input.locationId, input.componentId, input.windowAt.getTime()),
      pinned: input.pinned,
    },
    select: { id: true },
  });
  return { suggestionId: suggestion.id, lineId: line.id };
}

type RuleTerms = { supplierId: string | null; leadTimeHours: number; cadence: string; windows: string };

/** A rule's delivery windows, or null when the rule is missing or its windows are broken. */
function ruleWindows(rule: Pick<RuleTerms, "cadence" | "windows"> | null): DeliveryWindow[] | null {
  if (!rule) return null;
  try {
    return windowsForCadence(parseCadence(rule.cadence), parseWindowList(rule.windows));
  } catch {
    return null;
  }
}

/**
 * The delivery a person's need rides on: the supplier's last window that still lands by the
 * needed-by time (after the lead time from now); without a rule, or when no window makes it in
 * time, the needed-by time itself (an extra delivery agreed with the supplier).
 */
function windowForNeed(rule: RuleTerms | null, neededBy: Date, now: Date, timeZone: string): Date {
  const windows = ruleWindows(rule);
  if (!rule || !windows) return neededBy;
  const at = latestWindowBetween(windows, now.getTime() + rule.leadTimeHours * HOUR_MS, neededBy.getTime(), timeZone);
  return at === null ? neededBy : new Date(at);
}

const MERGE_ATTEMPTS = 5;

/**
 * Raises a need by hand (or from another feature: a drop short of dough). It joins the draft of
 * the component's supplier for the delivery that lands by `neededBy`. If that draft already has a
 * line for the component, the need is added to it (a catering order comes on top of what the
 * forecast asked for) and its reason is appended; the line is pinned so rescans keep the person's
 * quantity. The same need submitted twice is recognised and changes nothing.
 */
export async function raiseManualSuggestion(
  db: Db,
  shopId: string,
  input: { locationId: string; componentId: string; quantity: number; neededBy: Date; reason: string },
): Promise<RaisedLine> {
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0) {
    throw invalidFields("Check the quantity.", { quantity: "Use a whole number above zero." });
  }
  if (Number.isNaN(input.neededBy.getTime())) throw invalidFields("Check the date.", { neededBy: "Pick a valid date and time." });
  const reason = (input.reason.trim() || "Raised by hand.").slice(0, 500);
  const [location, component] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true, code: true, shop: { select: { timeZone: true } } } }),
    db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true, code: true, unit: true, supplierId: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  const rule = await db.resupplyRule.findFirst({
    where: { shopId, locationId: location.id, componentId: component.id },
    select: { supplierId: true, leadTimeHours: true, cadence: true, windows: true },
  });
  const supplierId = rule?.supplierId ?? component.supplierId ?? null;
  const windowAt = windowForNeed(rule, input.neededBy, new Date(), location.shop.timeZone);
  const key = openLineKey(location.id, component.id, windowAt.getTime());
  const need = { quantity: input.quantity, reason, unit: component.unit };
  const event = (suggestionId: string, quantity: number, extra: Record<string, unknown>) => ({
    suggestionId,
    location: location.code,
    component: component.code,
    quantity,
    unit: component.unit,
    windowAt: windowAt.toISOString(),
    neededBy: input.neededBy.toISOString(),
    reason,
    manual: true,
    ...extra,
  });

  for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
    const existing = await db.resupplyLine.findUnique({
      where: { openKey: key },
      select: { id: true, quantity: true, reason: true, suggestionId: true },
    });
    if (!existing) {
      try {
        return await db.$transaction(async (tx) => {
          const raised = await insertDraftLine(tx, shopId, {
            locationId: location.id,
            componentId: component.id,
            supplierId,
            windowAt,
            quantity: input.quantity,
            reason: manualNeedEntry(need),
            projectedStockoutAt: null,
            pinned: true,
          });
          await enqueueEvent(tx, shopId, "resupply.suggested", event(raised.suggestionId, input.quantity, {}));
          return { created: true, ...raised, quantity: input.quantity };
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue; // someone raised this window's line meanwhile: join it
      }
    }
    const merged = mergeManualNeed(existing, need);
    if (!merged) return { created: false, suggestionId: existing.suggestionId, lineId: existing.id, quantity: existing.quantity };
    const applied = await db.$transaction(async (tx) => {
      // Conditional on what was read, so a racing scan, edit or send is never overwritten.
      const { count } = await tx.resupplyLine.updateMany({
        where: { id: existing.id, openKey: key, quantity: existing.quantity, reason: existing.reason },
        data: { quantity: merged.quantity, reason: merged.reason, pinned: true },
      });
      if (count) await enqueueEvent(tx, shopId, "resupply.suggested", event(existing.suggestionId, merged.quantity, { added: input.quantity }));
      return count > 0;
    });
    if (applied) return { created: false, suggestionId: existing.suggestionId, lineId: existing.id, quantity: merged.quantity };
  }
  throw new DomainError("CONFLICT", "This order is being changed right now; try again.");
}

// ───────────────────────── scan (the trigger) ─────────────────────────

export type ScanResult = { rulesChecked: number; linesRaised: number; linesUpdated: number; linesRemoved: number; alreadyOpen: number };

/**
 * Checks every active rule of a shop against the forecast. For each rule it projects the stock at
 * the earliest delivery still reachable (next window after the lead time), counting every open
 * line (draft or sent, net of what was received) due by then, and plans that window's draft line
 * (domain planDraftLine): raise one under the reorder point (with stock.low and
 * resupply.suggested in the same transaction), follow the projection on a scan-raised one, leave
 * a person's pinned line alone. A sent order landing after the window does not count, so it never
 * hides a need that comes first. Every write is conditional (unique openKey, or the quantity
 * read), so rescans, late events and concurrent scanners never duplicate or clobber a line.
 */
export async function scanShop(db: Db, shopId: string, now = new Date()): Promise<ScanResult> {
  const rules = await db.resupplyRule.findMany({
    where: { shopId, active: true, location: { active: true }, component: { active: true } },
    select: {
      locationId: true,
      componentId: true,
      supplierId: true,
      reorderPoint: true,
      targetLevel: true,
      leadTimeHours: true,
      cadence: true,
      windows: true,
      location: { select: { code: true } },
      component: { select: { code: true, name: true, unit: true, supplierId: true } },
    },
  });
  const result: ScanResult = { rulesChecked: rules.length, linesRaised: 0, linesUpdated: 0, linesRemoved: 0, alreadyOpen: 0 };
  const byLocation = groupBy(rules, (r) => r.locationId);
  for (const [locationId, locationRules] of byLocation) {
    const [forecast, balances, openLines] = await Promise.all([
      loadLocationForecast(db, shopId, locationId, now),
      db.stockBalance.findMany({ where: { shopId, locationId }, select: { componentId: true, onHand: true } }),
      db.resupplyLine.findMany({
        where: { suggestion: { shopId, locationId, status: { in: [...OPEN_STATUSES] } } },
        select: {
          id: true,
          componentId: true,
          quantity: true,
          receivedQty: true,
          reason: true,
          openKey: true,
          pinned: true,
          suggestionId: true,
          suggestion: { select: { windowAt: true } },
        },
      }),
    ]);
    const onHandOf = new Map(balances.map((b) => [b.componentId, b.onHand]));
    for (const rule of locationRules) {
      const windows = ruleWindows(rule);
      if (!windows) continue; // a broken rule is shown as such in the editor; it must not stop the others
      const arrival = arrivalAt(windows, rule.leadTimeHours, now.getTime(), forecast.timeZone);
      const key = openLineKey(locationId, rule.componentId, arrival);
      const mine = openLines.filter((l) => l.componentId === rule.componentId);
      const draft = mine.find((l) => l.openKey === key) ?? null;
      const others = mine
        .filter((l) => l !== draft)
        .map((l) => ({ at: l.suggestion.windowAt.getTime(), quantity: l.quantity - l.receivedQty }))
        .filter((i) => i.quantity > 0);
      const profile = forecast.profiles.get(rule.componentId);
      const usage = profile ? forecastUsage(profile, now.getTime(), arrival, forecast.slotOf) : 0;
      const onHand = onHandOf.get(rule.componentId) ?? 0;
      const due = others.filter((i) => i.at <= arrival).reduce((s, i) => s + i.quantity, 0);
      const projected = onHand - usage + due;
      const plan = planDraftLine({
        projectedWithoutLine: projected,
        reorderPoint: rule.reorderPoint,
        targetLevel: rule.targetLevel,
        existing: draft ? { quantity: draft.quantity, pinned: draft.pinned } : null,
      });
      if (plan.action === "none") continue;
      if (draft?.pinned) {
        result.alreadyOpen++;
        continue;
      }
      // Without this line, when would the stock run out? That is what ordering it prevents.
      const stockoutAt = profile
        ? findStockout({ onHand, profile, incoming: others, from: now.getTime(), horizonMs: 14 * 24 * HOUR_MS, slotOf: forecast.slotOf })
        : onHand <= 0
          ? now.getTime()
          : null;
      const reason = describeReason({
        onHand,
        usage,
        incoming: due,
        projectedAtArrival: projected,
        reorderPoint: rule.reorderPoint,
        targetLevel: rule.targetLevel,
        unit: rule.component.unit,
        arrivalLabel: formatLocal(arrival, forecast.timeZone),
      });
      const projectedStockoutAt = stockoutAt === null ? null : new Date(stockoutAt);

      if (plan.action === "raise") {
        try {
          await db.$transaction(async (tx) => {
            const raised = await insertDraftLine(tx, shopId, {
              locationId,
              componentId: rule.componentId,
              supplierId: rule.supplierId ?? rule.component.supplierId,
              windowAt: new Date(arrival),
              quantity: plan.quantity,
              reason,
              projectedStockoutAt,
              pinned: false,
            });
            const common = {
              location: rule.location.code,
              component: rule.component.code,
              unit: rule.component.unit,
              onHand,
              projectedAtArrival: Math.round(projected),
              reorderPoint: rule.reorderPoint,
              projectedStockoutAt: projectedStockoutAt?.toISOString() ?? null,
            };
            await enqueueEvent(tx, shopId, "stock.low", common);
            await enqueueEvent(tx, shopId, "resupply.suggested", {
              ...common,
              suggestionId: raised.suggestionId,
              quantity: plan.quantity,
              windowAt: new Date(arrival).toISOString(),
              reason,
            });
          });
          result.linesRaised++;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          result.alreadyOpen++;
        }
        continue;
      }
      if (!draft) continue;
      const guard = { id: draft.id, openKey: key, pinned: false, quantity: draft.quantity };
      if (plan.action === "remove") {
        const removed = await db.$transaction(async (tx) => {
          const { count } = await tx.resupplyLine.deleteMany({ where: guard });
          if (count) await tx.resupplySuggestion.deleteMany({ where: { id: draft.suggestionId, status: "DRAFT", lines: { none: {} } } });
          return count;
        });
        result.linesRemoved += removed;
      } else if (plan.action === "update" || reason !== draft.reason) {
        const quantity = plan.action === "update" ? plan.quantity : draft.quantity;
        const { count } = await db.resupplyLine.updateMany({ where: guard, data: { quantity, reason, projectedStockoutAt } });
        if (plan.action === "update") result.linesUpdated += count;
      }
    }
  }
  return result;
}

/** Scans every shop that has active rules (the resupply-scan job). */
export async function scanAllShops(db: Db, now = new Date()): Promise<ScanResult & { shops: number }> {
  const shops = await db.resupplyRule.findMany({ where: { active: true }, distinct: ["shopId"], select: { shopId: true } });
  const total = { shops: shops.length, rulesChecked: 0, linesRaised: 0, linesUpdated: 0, linesRemoved: 0, alreadyOpen: 0 };
  for (const { shopId } of shops) {
    const r = await scanShop(db, shopId, now);
    total.rulesChecked += r.rulesChecked;
    total.linesRaised += r.linesRaised;
    total.linesUpdated += r.linesUpdated;
    total.linesRemoved += r.linesRemoved;
    total.alreadyOpen += r.alreadyOpen;
  }
  return total;
}

function formatLocal(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "numeric", minute: "2-digit" }).format(new Date(ms));
}

export function parseCadence(value: string): Cadence {
  return (CADENCES as readonly string[]).includes(value) ? (value as Cadence) : "DAILY";
}

export function parseWindowList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

// ───────────────────────── lifecycle: sent, received, cancelled ─────────────────────────

async function findSuggestion(db: DbTx, shopId: string, id: string) {
  const s = await db.resupplySuggestion.findFirst({
    where: { id, shopId },
    select: {
      id: true,
      status: true,
      locationId: true,
      lines: { select: { id: true, componentId: true, quantity: true, receivedQty: true } },
    },
  });
  if (!s) throw new DomainError("NOT_FOUND", "Resupply suggestion not found.");
  return s;
}

const CHANGED_MEANWHILE = "This order changed meanwhile (sent, received or cancelled elsewhere); reload the board.";

/**
 * DRAFT → SENT: the order went to the supplier. Conditional on it still being a draft, so two
 * clicks (or a click racing a cancel) change it once. Its lines stop being drafts: a later need
 * for the same window raises a new draft.
 */
export async function markSuggestionSent(db: Db, shopId: string, id: string, now = new Date()) {
  const s = await findSuggestion(db, shopId, id);
  if (s.status !== "DRAFT") throw new DomainError("CONFLICT", `This suggestion is already ${s.status.toLowerCase()}.`);
  await db.$transaction(async (tx) => {
    const { count } = await tx.resupplySuggestion.updateMany({ where: { id, shopId, status: "DRAFT" }, data: { status: "SENT", sentAt: now, draftKey: null } });
    if (!count) throw new DomainError("CONFLICT", CHANGED_MEANWHILE);
    await tx.resupplyLine.updateMany({ where: { suggestionId: id }, data: { openKey: null } });
  });
  return { id, status: "SENT" as const };
}

/** Drops a draft or sent order; it no longer counts as incoming. */
export async function cancelSuggestion(db: Db, shopId: string, id: string) {
  const s = await findSuggestion(db, shopId, id);
  if (s.status !== "DRAFT" && s.status !== "SENT") throw new DomainError("CONFLICT", `A ${s.status.toLowerCase()} suggestion cannot be cancelled.`);
  await db.$transaction(async (tx) => {
    const { count } = await tx.resupplySuggestion.updateMany({
      where: { id, shopId, status: { in: ["DRAFT", "SENT"] } },
      data: { status: "CANCELLED", draftKey: null },
    });
    if (!count) throw new DomainError("CONFLICT", CHANGED_MEANWHILE);
    await tx.resupplyLine.updateMany({ where: { suggestionId: id }, data: { openKey: null } });
  });
  return { id, status: "CANCELLED" as const };
}

/** Changes the quantity of a draft line before it is sent; a person's number is pinned (rescans keep it). */
export async function updateLineQuantity(db: Db, shopId: string, lineId: string, quantity: number) {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw invalidFields("Check the quantity.", { quantity: "Use a whole number above zero." });
  const line = await db.resupplyLine.findFirst({ where: { id: lineId, suggestion: { shopId } }, select: { id: true, suggestion: { select: { status: true } } } });
  if (!line) throw new DomainError("NOT_FOUND", "Resupply line not found.");
  if (line.suggestion.status !== "DRAFT") throw new DomainError("CONFLICT", "Only a draft can be changed; this one was sent.");
  // A draft line carries its openKey; sending clears it, so this cannot change a sent order.
  const { count } = await db.resupplyLine.updateMany({ where: { id: lineId, openKey: { not: null } }, data: { quantity, pinned: true } });
  if (!count) throw new DomainError("CONFLICT", "Only a draft can be changed; this one was just sent.");
  return { id: lineId, quantity };
}

/**
 * Records what arrived (each line's quantity received now, partial allowed) as RECEIPT movements
 * tied to the suggestion. The suggestion is RECEIVED when every line has arrived, else PARTIAL;
 * `closeRemaining` closes it short (the rest won't come). A receipt of nothing is refused: on a
 * draft it would mark an order sent that never was.
 */
export async function receiveSuggestion(
  db: Db,
  shopId: string,
  input: { id: string; lines: { lineId: string; quantity: number }[]; closeRemaining?: boolean; userId?: string | null; allowedLocationIds?: string[] },
  now = new Date(),
) {
  const errors: Record<string, string> = {};
  input.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) errors[`lines.${i}.quantity`] = "Use a whole number of zero or more.";
  });
  if (Object.keys(errors).length) throw invalidFields("Check the received quantities.", errors);
  const nothing = input.lines.every((l) => l.quantity === 0);
  if (nothing && !input.closeRemaining) {
    throw invalidFields("Enter what arrived.", { "lines.0.quantity": "Enter what arrived (above zero on at least one line), or tick “Nothing more is coming”." });
  }
  return db.$transaction(async (tx) => {
    const s = await findSuggestion(tx, shopId, input.id);
    if (input.allowedLocationIds?.length && !input.allowedLocationIds.includes(s.locationId)) {
      throw new DomainError("FORBIDDEN", "You are not assigned to this location.");
    }
    if (s.status !== "SENT" && s.status !== "PARTIAL" && s.status !== "DRAFT") {
      throw new DomainError("CONFLICT", `This suggestion is already ${s.status.toLowerCase()}.`);
    }
    if (nothing && s.status === "DRAFT") {
      throw invalidFields("Nothing was received.", { "lines.0.quantity": "This order was never sent: cancel it instead of receiving nothing." });
    }
    const byId = new Map(s.lines.map((l) => [l.id, l]));
    for (const l of input.lines) if (!byId.has(l.lineId)) throw new DomainError("NOT_FOUND", "Resupply line not found.");
    const received = new Map(input.lines.map((l) => [l.lineId, l.quantity]));
    await appendMovements(
      tx,
      shopId,
      s.lines
        .filter((l) => (received.get(l.id) ?? 0) > 0)
        .map((l) => ({
          locationId: s.locationId,
          componentId: l.componentId,
          type: "RECEIPT" as const,
          quantity: signedDelta("RECEIPT", received.get(l.id) ?? 0),
          resupplyId: s.id,
          userId: input.userId ?? null,
          occurredAt: now,
          reason: "Resupply received",
        })),
    );
    let allDone = true;
    for (const l of s.lines) {
      const add = received.get(l.id) ?? 0;
      if (l.receivedQty + add < l.quantity && !input.closeRemaining) allDone = false;
      await tx.resupplyLine.update({ where: { id: l.id }, data: { receivedQty: { increment: add }, openKey: null } });
    }
    const status = allDone ? "RECEIVED" : "PARTIAL";
    // Conditional on the status read: a concurrent receipt or cancel makes this one fail whole.
    const { count } = await tx.resupplySuggestion.updateMany({
      where: { id: s.id, status: s.status },
      data: { status, draftKey: null, receivedAt: allDone ? now : null, ...(s.status === "DRAFT" ? { sentAt: now } : {}) },
    });
    if (!count) throw new DomainError("CONFLICT", CHANGED_MEANWHILE);
    return { id: s.id, status };
  });
}

// ───────────────────────── rules ─────────────────────────

export type RuleInput = {
  locationId: string;
  componentId: string;
  supplierName: string | null;
  reorderPoint: number;
  targetLevel: number;
  leadTimeHours: number;
  cadence: Cadence;
  windows: string[];
  active: boolean;
};

/** Creates or updates the rule of a component at a location (one per pair). */
export async function saveRule(db: Db, shopId: string, input: RuleInput) {
  const errors = ruleFieldErrors(input);
  try {
    windowsForCadence(input.cadence, input.windows);
  } catch (error) {
    errors.windows = error instanceof Error ? error.message : "Check the delivery windows.";
  }
  if (Object.keys(errors).length) throw invalidFields("Check the highlighted fields.", errors);
  const [location, component] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } }),
    db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  const name = input.supplierName?.trim();
  const supplier = name
    ? await db.supplier.upsert({ where: { shopId_name: { shopId, name } }, create: { shopId, name }, update: {}, select: { id: true } })
    : null;
  const data = {
    supplierId: supplier?.id ?? null,
    reorderPoint: input.reorderPoint,
    targetLevel: input.targetLevel,
    leadTimeHours: input.leadTimeHours,
    cadence: input.cadence,
    windows: JSON.stringify(input.windows.map((w) => w.trim())),
    active: input.active,
  };
  return db.resupplyRule.upsert({
    where: { locationId_componentId: { locationId: location.id, componentId: component.id } },
    create: { shopId, locationId: location.id, componentId: component.id, ...data },
    update: data,
    select: { id: true },
  });
}

export async function deleteRule(db: Db, shopId: string, id: string) {
  const { count } = await db.resupplyRule.deleteMany({ where: { id, shopId } });
  if (!count) throw new DomainError("NOT_FOUND", "Rule not found.");
  return { id };
}

export async function listRules(db: DbTx, shopId: string) {
  const [rules, balances] = await Promise.all([
    db.resupplyRule.findMany({
      where: { shopId },
      orderBy: [{ location: { code: "asc" } }, { component: { code: "asc" } }],
      select: {
        id: true,
        locationId: true,
        componentId: true,
        reorderPoint: true,
        targetLevel: true,
        leadTimeHours: true,
        cadence: true,
        windows: true,
        active: true,
        location: { select: { code: true, name: true } },
        component: { select: { code: true, name: true, unit: true } },
        supplier: { select: { name: true } },
      },
    }),
    db.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } }),
  ]);
  const onHand = new Map(balances.map((b) => [`${b.locationId}:${b.componentId}`, b.onHand]));
  return rules.map((r) => ({
    id: r.id,
    locationId: r.locationId,
    componentId: r.componentId,
    location: r.location,
    component: r.component,
    supplierName: r.supplier?.name ?? null,
    reorderPoint: r.reorderPoint,
    targetLevel: r.targetLevel,
    leadTimeHours: r.leadTimeHours,
    cadence: parseCadence(r.cadence),
    windows: parseWindowList(r.windows),
    active: r.active,
    onHand: onHand.get(`${r.locationId}:${r.componentId}`) ?? 0,
  }));
}

/** Rule defaults from the last 14 days of usage at the location (the "suggest" button). */
export async function suggestRule(
  db: DbTx,
  shopId: string,
  input: { locationId: string; componentId: string; leadTimeHours: number; cadence: Cadence; windows: string[] },
  now = new Date(),
) {
  const [location, component] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true } }),
    db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  let windows;
  try {
    windows = windowsForCadence(input.cadence, input.windows);
  } catch (error) {
    throw invalidFields("Check the delivery windows.", { windows: error instanceof Error ? error.message : "Invalid windows." });
  }
  const days = 14;
  const sum = await db.stockMovement.aggregate({
    where: { shopId, locationId: location.id, componentId: component.id, type: "SALE", occurredAt: { gte: new Date(now.getTime() - days * 24 * HOUR_MS) } },
    _sum: { quantity: true },
  });
  const dailyUsage = -(sum._sum.quantity ?? 0) / days;
  return { dailyUsage: Math.round(dailyUsage), ...suggestRuleDefaults({ dailyUsage, leadTimeHours: input.leadTimeHours, cadence: input.cadence, windows }) };
}

// ───────────────────────── board ─────────────────────────

/**
 * Open suggestions (and those finished in the last week) with their lines, earliest delivery
 * first. Each carries the name of its delivery window when the rule names it ("Bakery run").
 */
export async function listBoard(db: DbTx, shopId: string, now = new Date()) {
  const [suggestions, shop, rules] = await Promise.all([
    db.resupplySuggestion.findMany({
      where: {
        shopId,
        OR: [{ status: { in: [...OPEN_STATUSES] } }, { createdAt: { gte: new Date(now.getTime() - 7 * 24 * HOUR_MS) } }],
      },
      orderBy: [{ windowAt: "asc" }, { createdAt: "asc" }],
      take: 200,
      select: {
        id: true,
        status: true,
        windowAt: true,
        createdAt: true,
        sentAt: true,
        receivedAt: true,
        location: { select: { id: true, code: true, name: true } },
        supplier: { select: { name: true, email: true, phone: true } },
        lines: {
          orderBy: { component: { code: "asc" } },
          select: {
            id: true,
            quantity: true,
            receivedQty: true,
            reason: true,
            pinned: true,
            projectedStockoutAt: true,
            component: { select: { id: true, code: true, name: true, unit: true } },
          },
        },
      },
    }),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } }),
    db.resupplyRule.findMany({ where: { shopId }, select: { locationId: true, componentId: true, cadence: true, windows: true } }),
  ]);
  const windowsOf = new Map(rules.map((r) => [`${r.locationId}:${r.componentId}`, ruleWindows(r) ?? []]));
  return suggestions.map((s) => {
    let windowName: string | null = null;
    for (const l of s.lines) {
      windowName ??= windowNameAt(windowsOf.get(`${s.location.id}:${l.component.id}`) ?? [], s.windowAt.getTime(), shop.timeZone);
    }
    return { ...s, windowName, lines: s.lines.map((l) => ({ ...l, reasons: l.reason.split("\n").filter(Boolean) })) };
  });
}

/** Chart series for one board line plus the rule's reorder point and target. */
export async function loadLineForecast(db: DbTx, shopId: string, input: { locationId: string; componentId: string }) {
  const [series, rule] = await Promise.all([
    forecastComponent(db, shopId, input),
    db.resupplyRule.findFirst({
      where: { shopId, locationId: input.locationId, componentId: input.componentId },
      select: { reorderPoint: true, targetLevel: true },
    }),
  ]);
  return { ...series, reorderPoint: rule?.reorderPoint ?? null, targetLevel: rule?.targetLevel ?? null };
}

/** Locations, components and suppliers to pick from in the rule and raise forms. */
export async function listRuleOptions(db: DbTx, shopId: string) {
  const [locations, components, suppliers] = await Promise.all([
    db.location.findMany({ where: { shopId, active: true }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } }),
    db.component.findMany({ where: { shopId, active: true }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true, unit: true } }),
    db.supplier.findMany({ where: { shopId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { locations, components, suppliers };
}

/** Components whose on-hand is under their rule's reorder point (the navigation badge). */
export async function countLowStock(db: DbTx, shopId: string): Promise<number> {
  const [rules, balances] = await Promise.all([
    db.resupplyRule.findMany({ where: { shopId, active: true }, select: { locationId: true, componentId: true, reorderPoint: true } }),
    db.stockBalance.findMany({ where: { shopId }, select: { locationId: true, componentId: true, onHand: true } }),
  ]);
  const onHand = new Map(balances.map((b) => [`${b.locationId}:${b.componentId}`, b.onHand]));
  return rules.filter((r) => (onHand.get(`${r.locationId}:${r.componentId}`) ?? 0) < r.reorderPoint).length;
}
