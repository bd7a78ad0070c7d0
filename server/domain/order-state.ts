import { DomainError } from "./errors";
import { MAX_STORED_INT } from "./pos-payload";

/**
 * Order state rules shared by ingestion and SKU mapping. Stock consumption of an order is always
 * derived from its current state (what should have left the shelf), and the ledger receives only the
 * difference from what was already applied. That makes updates, cancellations, refunds, late and
 * repeated events converge to the same ledger whatever order they arrive in.
 */

export type StateLine = {
  lineNo: number;
  sku: string;
  /** The POS's own line id, when it has one (Shopify). */
  posLineId: string | null;
  productId: string | null;
  quantity: number;
  unitPriceMinor: number;
  refundedQty: number;
  restockedQty: number;
};

type CarryKey = Pick<StateLine, "lineNo" | "sku" | "posLineId">;
const carryKey = (l: CarryKey) => (l.posLineId ? `id|${l.posLineId}` : `no|${l.lineNo}|${l.sku}`);

/**
 * A full new state replaces the lines; refunds already applied stay with the same line (the same
 * POS line id, or else the same number and SKU), capped at the new quantity, since an update never
 * undoes a refund.
 */
export function carryRefunds<L extends { lineNo: number; sku: string; quantity: number; posLineId: string | null }>(
  previous: readonly Pick<StateLine, "lineNo" | "sku" | "posLineId" | "refundedQty" | "restockedQty">[],
  next: readonly L[],
): (L & { refundedQty: number; restockedQty: number })[] {
  const byLine = new Map(previous.map((l) => [carryKey(l), l]));
  return next.map((l) => {
    const old = byLine.get(carryKey(l));
    const refundedQty = Math.min(old?.refundedQty ?? 0, l.quantity);
    return { ...l, refundedQty, restockedQty: Math.min(old?.restockedQty ?? 0, refundedQty) };
  });
}

/** A refund names its line by POS line id (Shopify) and/or SKU; the id wins when the order has it. */
export type RefundRequest = { sku: string | null; posLineId: string | null; quantity: number; restock: boolean }[];

/**
 * Applies a refund to the lines. A refund line naming a POS line id the order has goes to that line
 * only; otherwise it fills lines of the same SKU in order. Quantities beyond what is still
 * refundable are reported, not applied, so a double refund can never restock twice.
 */
export function applyRefund<L extends StateLine>(lines: readonly L[], refund: RefundRequest) {
  const next = lines.map((l) => ({ ...l }));
  let amountMinor = 0;
  const unmatched: { sku: string; quantity: number }[] = [];
  for (const r of refund) {
    let left = r.quantity;
    const byId = r.posLineId ? next.filter((l) => l.posLineId === r.posLineId) : [];
    const targets = byId.length ? byId : r.sku !== null ? next.filter((l) => l.sku === r.sku) : [];
    for (const line of targets) {
      if (left === 0) break;
      const take = Math.min(left, line.quantity - line.refundedQty);
      if (take <= 0) continue;
      line.refundedQty += take;
      if (r.restock) line.restockedQty += take;
      amountMinor += take * line.unitPriceMinor;
      left -= take;
    }
    if (left > 0) unmatched.push({ sku: r.sku ?? `line ${r.posLineId ?? "?"}`, quantity: left });
  }
  return { lines: next, amountMinor, unmatched };
}

export function subtotalOf(lines: readonly { quantity: number; unitPriceMinor: number }[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
}

/** OPEN | CANCELLED | REFUNDED (every unit refunded); a partial refund keeps the order OPEN. */
export function orderStatusOf(cancelled: boolean, lines: readonly Pick<StateLine, "quantity" | "refundedQty">[]): string {
  if (cancelled) return "CANCELLED";
  if (lines.length > 0 && lines.every((l) => l.refundedQty >= l.quantity)) return "REFUNDED";
  return "OPEN";
}

/**
 * Component usage the order should have caused: mapped lines, less what was restocked. A cancelled
 * order gives back what is still on it, but units refunded earlier without restock were used up
 * (eaten, spoilt, kept by the customer): they stay consumed. `explode` turns product × quantity
 * into usage.
 */
export function desiredUsage(
  cancelled: boolean,
  lines: readonly Pick<StateLine, "productId" | "quantity" | "refundedQty" | "restockedQty">[],
  explode: (productId: string, quantity: number, into: Map<string, number>) => void,
): Map<string, number> {
  const usage = new Map<string, number>();
  for (const line of lines) {
    const qty = cancelled ? line.refundedQty - line.restockedQty : line.quantity - line.restockedQty;
    if (line.productId && qty > 0) explode(line.productId, qty, usage);
  }
  return usage;
}

export type ConsumptionMove = { locationId: string; componentId: string; type: "SALE" | "REFUND_RESTOCK"; quantity: number };

/**
 * Movements that bring what is applied (signed ledger sums per location+component for this order)
 * to what is desired (usage at the order's location). Negative deltas are sales, positive restocks.
 */
export function consumptionMoves(
  locationId: string | null,
  desired: ReadonlyMap<string, number>,
  applied: readonly { locationId: string; componentId: string; quantity: number }[],
): ConsumptionMove[] {
  const target = new Map<string, number>();
  if (locationId) for (const [componentId, qty] of desired) target.set(`${locationId}|${componentId}`, -qty);
  const current = new Map<string, number>();
  for (const a of applied) {
    const key = `${a.locationId}|${a.componentId}`;
    current.set(key, (current.get(key) ?? 0) + a.quantity);
  }
  const moves: ConsumptionMove[] = [];
  for (const key of new Set([...target.keys(), ...current.keys()])) {
    const delta = (target.get(key) ?? 0) - (current.get(key) ?? 0);
    if (delta === 0) continue;
    // Movements are stored in 32-bit columns: an order whose kits explode beyond that is refused (kept, shown).
    if (!Number.isSafeInteger(delta) || Math.abs(delta) > MAX_STORED_INT) {
      throw new DomainError("UNPROCESSABLE", `The order's kit consumption (${Math.abs(delta)} units of one component) is more than can be stored.`);
    }
    const [loc = "", componentId = ""] = key.split("|");
    moves.push({ locationId: loc, componentId, type: delta < 0 ? "SALE" : "REFUND_RESTOCK", quantity: delta });
  }
  return moves;
}

/**
 * Whether a full state stamped `incomingAt` may replace one stamped `currentAt`. Equal times are
 * accepted (a repeat is harmless: the same state again). Cancellation is final: no state revives it.
 */
export function acceptsState(current: { stateAt: Date; cancelled: boolean } | null, incoming: { at: Date; cancelled: boolean }): boolean {
  if (!current) return true;
  if (current.cancelled && !incoming.cancelled) return false;
  if (incoming.cancelled && !current.cancelled) return true;
  return incoming.at.getTime() >= current.stateAt.getTime();
}

const calendarFormatters = new Map<string, Intl.DateTimeFormat>();

/** Business date (YYYY-MM-DD), hour and weekday (0 = Sunday) of an instant in the shop's time zone. */
export function orderCalendar(instant: Date, timeZone: string): { businessDate: string; localHour: number; weekday: number } {
  let f = calendarFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit" });
    calendarFormatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  const y = Number(parts.year), m = Number(parts.month), d = Number(parts.day);
  return {
    businessDate: `${parts.year}-${parts.month}-${parts.day}`,
    localHour: Number(parts.hour),
    weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay(),
  };
}
