/**
 * The daily close report of one location: its shape and its CSV. Amounts are integer minor units;
 * the CSV prints them as exact decimals in the shop currency's own places (no float) so a
 * spreadsheet sums them right.
 */
import { csvCell } from "./csv";
import { minorToDecimal } from "./money";

export type CloseSummary = {
  businessDate: string;
  location: { code: string; name: string };
  currency: string;
  orders: number;
  cancelledOrders: number;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
  salesByChannel: { channel: string; orders: number; grossMinor: number; refundedMinor: number; netMinor: number }[];
  waste: { lines: CloseStockLine[]; totalValueMinor: number };
  variance: { lines: CloseStockLine[]; totalValueMinor: number };
  anomalies: { kind: string; message: string; status: string; scope: "location" | "shop" }[];
  closedAt: string;
};

export type CloseStockLine = { code: string; name: string; unit: string; quantity: number; valueMinor: number };

export const CLOSE_CSV_HEADER = ["business_date", "location", "section", "item", "orders", "quantity", "unit", "amount", "currency", "detail"] as const;

/** Rows of one close; several closes concatenate under one header. */
export function closeCsvRows(s: CloseSummary): string[][] {
  const base = (section: string, item: string, orders: number | "", quantity: number | "", unit: string, amountMinor: number | null, detail = "") => [
    s.businessDate,
    s.location.code,
    section,
    item,
    String(orders),
    String(quantity),
    unit,
    amountMinor === null ? "" : minorToDecimal(amountMinor, s.currency),
    amountMinor === null ? "" : s.currency,
    detail,
  ];
  const rows: string[][] = [];
  rows.push(base("sales", "total", s.orders, "", "", s.netMinor, `gross ${minorToDecimal(s.grossMinor, s.currency)}, refunded ${minorToDecimal(s.refundedMinor, s.currency)}, cancelled orders ${s.cancelledOrders}`));
  for (const c of s.salesByChannel) rows.push(base("sales_by_channel", c.channel, c.orders, "", "", c.netMinor, `gross ${minorToDecimal(c.grossMinor, s.currency)}, refunded ${minorToDecimal(c.refundedMinor, s.currency)}`));
  for (const w of s.waste.lines) rows.push(base("waste", w.code, "", w.quantity, w.unit, w.valueMinor, w.name));
  rows.push(base("waste", "total", "", "", "", s.waste.totalValueMinor));
  for (const v of s.variance.lines) rows.push(base("variance", v.code, "", v.quantity, v.unit, v.valueMinor, v.name));
  rows.push(base("variance", "total", "", "", "", s.variance.totalValueMinor));
  for (const a of s.anomalies) rows.push(base("anomaly", a.kind, "", "", "", null, `${a.status.toLowerCase()}${a.scope === "shop" ? " (shop-wide)" : ""}: ${a.message}`));
  return rows;
}

export function closesToCsv(summaries: readonly CloseSummary[]): string {
  const lines = [CLOSE_CSV_HEADER.join(",")];
  for (const s of summaries) {
    for (const row of closeCsvRows(s)) lines.push(row.map((cell) => csvCell(cell)).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
