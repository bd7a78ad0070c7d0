/**
 * The daily close report of one location: its shape and its CSV. Amounts are integer minor units;
 * the CSV prints them as exact decimals (no float) so a spreadsheet sums them right.
 */

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

/** 1234 → "12.34", -5 → "-0.05": exact for any safe integer, assuming two minor digits. */
export function minorToDecimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
export function csvCell(value: string | number): string {
  // A plain number (an amount like -0.48) is data, not a formula.
  if (typeof value === "number" || /^-?\d+(\.\d+)?$/.test(value)) return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

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
    amountMinor === null ? "" : minorToDecimal(amountMinor),
    amountMinor === null ? "" : s.currency,
    detail,
  ];
  const rows: string[][] = [];
  rows.push(base("sales", "total", s.orders, "", "", s.netMinor, `gross ${minorToDecimal(s.grossMinor)}, refunded ${minorToDecimal(s.refundedMinor)}, cancelled orders ${s.cancelledOrders}`));
  for (const c of s.salesByChannel) rows.push(base("sales_by_channel", c.channel, c.orders, "", "", c.netMinor, `gross ${minorToDecimal(c.grossMinor)}, refunded ${minorToDecimal(c.refundedMinor)}`));
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
