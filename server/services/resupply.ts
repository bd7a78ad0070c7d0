import type { Db, DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { findStockout, forecastUsage, HOUR_MS } from "../domain/forecast";
import { signedDelta } from "../domain/ledger";
import {
  arrivalAt,
  CADENCES,
  decideReorder,
  describeReason,
  OPEN_STATUSES,
  openLineKey,
  ruleFieldErrors,
  suggestRuleDefaults,
  windowsForCadence,
  type Cadence,
} from "../domain/resupply";
import { loadIncoming, loadLocationForecast } from "./forecast";
import { appendMovements } from "./ledger";
import { enqueueEvent } from "./outbox";

export type RaisedLine = { created: boolean; suggestionId: string; lineId: string; quantity: number };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * Adds one open line to the DRAFT suggestion of its supplier and window (creating that suggestion
 * if needed). The line's openKey is unique while it is open, so a second raise for the same
 * component and location fails here instead of duplicating: callers treat that as "already raised".
 */
export async function insertSuggestionLine(
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
  },
): Promise<{ suggestionId: string; lineId: string }> {
  const existing = await tx.resupplySuggestion.findFirst({
    where: { shopId, locationId: input.locationId, supplierId: input.supplierId, windowAt: input.windowAt, status: "DRAFT" },
    select: { id: true },
  });
  const suggestion =
    existing ??
    (await tx.resupplySuggestion.create({
      data: { shopId, locationId: input.locationId, supplierId: input.supplierId, windowAt: input.windowAt },
      select: { id: true },
    }));
  const line = await tx.resupplyLine.create({
    data: {
      suggestionId: suggestion.id,
      componentId: input.componentId,
      quantity: input.quantity,
      reason: input.reason,
      projectedStockoutAt: input.projectedStockoutAt,
      openKey: openLineKey(input.locationId, input.componentId),
    },
    select: { id: true },
  });
  return { suggestionId: suggestion.id, lineId: line.id };
}

/** The open line of a component at a location, if any. */
export function findOpenLine(db: DbTx, locationId: string, componentId: string) {
  return db.resupplyLine.findUnique({
    where: { openKey: openLineKey(locationId, componentId) },
    select: { id: true, quantity: true, suggestionId: true, suggestion: { select: { status: true, shopId: true } } },
  });
}

/**
 * Raises a resupply line by hand (or from another feature: a drop that needs more dough, a shift
 * note). If the component already has an open line at the location, no second one is made: a
 * draft line is raised to the larger quantity, a sent one is left as ordered.
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
  const reason = input.reason.trim() || "Raised by hand.";
  const [location, component] = await Promise.all([
    db.location.findFirst({ where: { id: input.locationId, shopId }, select: { id: true, code: true } }),
    db.component.findFirst({ where: { id: input.componentId, shopId }, select: { id: true, code: true, unit: true, supplierId: true } }),
  ]);
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  if (!component) throw new DomainError("NOT_FOUND", "Component not found.");
  const rule = await db.resupplyRule.findUnique({
    where: { locationId_componentId: { locationId: location.id, componentId: component.id } },
    select: { supplierId: true },
  });
  const supplierId = rule?.supplierId ?? component.supplierId ?? null;
  try {
    return await db.$transaction(async (tx) => {
      const raised = await insertSuggestionLine(tx, shopId, {
        locationId: location.id,
        componentId: component.id,
        supplierId,
        windowAt: input.neededBy,
        quantity: input.quantity,
        reason: reason.slice(0, 500),
        projectedStockoutAt: null,
      });
      await enqueueEvent(tx, shopId, "resupply.suggested", {
        suggestionId: raised.suggestionId,
        location: location.code,
        component: component.code,
        quantity: input.quantity,
        unit: component.unit,
        neededBy: input.neededBy.toISOString(),
        reason,
        manual: true,
      });
      return { created: true, ...raised, quantity: input.quantity };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const open = await findOpenLine(db, location.id, component.id);
  if (!open || open.suggestion.shopId !== shopId) throw new DomainError("CONFLICT", "This component is being resupplied right now; try again.");
  if (open.suggestion.status === "DRAFT" && open.quantity < input.quantity) {
    await db.resupplyLine.update({ where: { id: open.id }, data: { quantity: input.quantity } });
    return { created: false, suggestionId: open.suggestionId, lineId: open.id, quantity: input.quantity };
  }
  return { created: false, suggestionId: open.suggestionId, lineId: open.id, quantity: open.quantity };
}

// ───────────────────────── scan (the trigger) ─────────────────────────

export type ScanResult = { rulesChecked: number; linesRaised: number; alreadyOpen: number };

/**
 * Checks every active rule of a shop against the forecast and raises a line when the stock
 * projected for the earliest possible delivery (next window after the lead time) is under the
 * reorder point. Rescans, late events and concurrent scanners never duplicate a line: an open line
 * short-circuits the rule, and the unique openKey refuses a racing second insert.
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
  const result: ScanResult = { rulesChecked: rules.length, linesRaised: 0, alreadyOpen: 0 };
  const byLocation = new Map<string, typeof rules>();
  for (const r of rules) byLocation.set(r.locationId, [...(byLocation.get(r.locationId) ?? []), r]);
  for (const [locationId, locationRules] of byLocation) {
    const [forecast, balances, incoming, open] = await Promise.all([
      loadLocationForecast(db, shopId, locationId, now),
      db.stockBalance.findMany({ where: { shopId, locationId }, select: { componentId: true, onHand: true } }),
      loadIncoming(db, shopId, locationId),
      db.resupplyLine.findMany({
        where: { openKey: { not: null }, suggestion: { shopId, locationId } },
        select: { componentId: true },
      }),
    ]);
    const onHandOf = new Map(balances.map((b) => [b.componentId, b.onHand]));
    const openComponents = new Set(open.map((o) => o.componentId));
    for (const rule of locationRules) {
      if (openComponents.has(rule.componentId)) {
        result.alreadyOpen++;
        continue;
      }
      let windows;
      try {
        windows = windowsForCadence(parseCadence(rule.cadence), parseWindowList(rule.windows));
      } catch {
        continue; // a broken rule is shown as such in the editor; it must not stop the others
      }
      const arrival = arrivalAt(windows, rule.leadTimeHours, now.getTime(), forecast.timeZone);
      const profile = forecast.profiles.get(rule.componentId);
      const usage = profile ? forecastUsage(profile, now.getTime(), arrival, forecast.slotOf) : 0;
      const onHand = onHandOf.get(rule.componentId) ?? 0;
      const lines = incoming.get(rule.componentId) ?? [];
      const due = lines.filter((i) => i.at <= arrival).reduce((s, i) => s + i.quantity, 0);
      const projectedAtArrival = onHand - usage + due;
      const quantity = decideReorder({ projectedAtArrival, reorderPoint: rule.reorderPoint, targetLevel: rule.targetLevel });
      if (quantity === 0) continue;
      const stockoutAt = profile
        ? findStockout({ onHand, profile, incoming: lines, from: now.getTime(), horizonMs: 14 * 24 * HOUR_MS, slotOf: forecast.slotOf })
        : onHand <= 0
          ? now.getTime()
          : null;
      const arrivalLabel = formatLocal(arrival, forecast.timeZone);
      const reason = describeReason({
        onHand,
        usage,
        incoming: due,
        projectedAtArrival,
        reorderPoint: rule.reorderPoint,
        unit: rule.component.unit,
        arrivalLabel,
      });
      try {
        await db.$transaction(async (tx) => {
          const raised = await insertSuggestionLine(tx, shopId, {
            locationId,
            componentId: rule.componentId,
            supplierId: rule.supplierId ?? rule.component.supplierId,
            windowAt: new Date(arrival),
            quantity,
            reason,
            projectedStockoutAt: stockoutAt === null ? null : new Date(stockoutAt),
          });
          const common = {
            location: rule.location.code,
            component: rule.component.code,
            unit: rule.component.unit,
            onHand,
            projectedAtArrival: Math.round(projectedAtArrival),
            reorderPoint: rule.reorderPoint,
            projectedStockoutAt: stockoutAt === null ? null : new Date(stockoutAt).toISOString(),
          };
          await enqueueEvent(tx, shopId, "stock.low", common);
          await enqueueEvent(tx, shopId, "resupply.suggested", {
            ...common,
            suggestionId: raised.suggestionId,
            quantity,
            windowAt: new Date(arrival).toISOString(),
            reason,
          });
        });
        result.linesRaised++;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        result.alreadyOpen++;
      }
    }
  }
  return result;
}

/** Scans every shop that has active rules (the resupply-scan job). */
export async function scanAllShops(db: Db, now = new Date()): Promise<ScanResult & { shops: number }> {
  const shops = await db.resupplyRule.findMany({ where: { active: true }, distinct: ["shopId"], select: { shopId: true } });
  const total = { shops: shops.length, rulesChecked: 0, linesRaised: 0, alreadyOpen: 0 };
  for (const { shopId } of shops) {
    const r = await scanShop(db, shopId, now);
    total.rulesChecked += r.rulesChecked;
    total.linesRaised += r.linesRaised;
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

/** DRAFT → SENT: the order went to the supplier. */
export async function markSuggestionSent(db: Db, shopId: string, id: string, now = new Date()) {
  const s = await findSuggestion(db, shopId, id);
  if (s.status !== "DRAFT") throw new DomainError("CONFLICT", `This suggestion is already ${s.status.toLowerCase()}.`);
  await db.resupplySuggestion.update({ where: { id }, data: { status: "SENT", sentAt: now } });
  return { id, status: "SENT" as const };
}

/** Drops an open suggestion; its lines stop blocking new ones. */
export async function cancelSuggestion(db: Db, shopId: string, id: string) {
  const s = await findSuggestion(db, shopId, id);
  if (s.status !== "DRAFT" && s.status !== "SENT") throw new DomainError("CONFLICT", `A ${s.status.toLowerCase()} suggestion cannot be cancelled.`);
  await db.$transaction([
    db.resupplySuggestion.update({ where: { id }, data: { status: "CANCELLED" } }),
    db.resupplyLine.updateMany({ where: { suggestionId: id }, data: { openKey: null } }),
  ]);
  return { id, status: "CANCELLED" as const };
}

/** Changes the quantity of a draft line before it is sent. */
export async function updateLineQuantity(db: Db, shopId: string, lineId: string, quantity: number) {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw invalidFields("Check the quantity.", { quantity: "Use a whole number above zero." });
  const line = await db.resupplyLine.findFirst({ where: { id: lineId, suggestion: { shopId } }, select: { id: true, suggestion: { select: { status: true } } } });
  if (!line) throw new DomainError("NOT_FOUND", "Resupply line not found.");
  if (line.suggestion.status !== "DRAFT") throw new DomainError("CONFLICT", "Only a draft can be changed; this one was sent.");
  await db.resupplyLine.update({ where: { id: lineId }, data: { quantity } });
  return { id: lineId, quantity };
}

/**
 * Records what arrived (each line's quantity received now, partial allowed) as RECEIPT movements
 * tied to the suggestion. A line is closed once its ordered quantity arrived; the suggestion is
 * RECEIVED when every line is, else PARTIAL. `closeRemaining` closes it short (the rest won't come).
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
  return db.$transaction(async (tx) => {
    const s = await findSuggestion(tx, shopId, input.id);
    if (input.allowedLocationIds?.length && !input.allowedLocationIds.includes(s.locationId)) {
      throw new DomainError("FORBIDDEN", "You are not assigned to this location.");
    }
    if (s.status !== "SENT" && s.status !== "PARTIAL" && s.status !== "DRAFT") {
      throw new DomainError("CONFLICT", `This suggestion is already ${s.status.toLowerCase()}.`);
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
      const receivedQty = l.receivedQty + (received.get(l.id) ?? 0);
      const done = receivedQty >= l.quantity || Boolean(input.closeRemaining);
      if (!done) allDone = false;
      await tx.resupplyLine.update({ where: { id: l.id }, data: { receivedQty, ...(done ? { openKey: null } : {}) } });
    }
    const status = allDone ? "RECEIVED" : "PARTIAL";
    await tx.resupplySuggestion.update({
      where: { id: s.id },
      data: { status, receivedAt: allDone ? now : null, sentAt: s.status === "DRAFT" ? now : undefined },
    });
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

/** Open suggestions (and those finished in the last week) with their lines, newest window first. */
export async function listBoard(db: DbTx, shopId: string, now = new Date()) {
  const suggestions = await db.resupplySuggestion.findMany({
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
          projectedStockoutAt: true,
          component: { select: { id: true, code: true, name: true, unit: true } },
        },
      },
    },
  });
  return suggestions;
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
