/**
 * CSV of exactly what a panel shows (RFC 4180, CRLF). Tag, campaign, channel and location names
 * come from the POS or the owner, so text cells that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) are neutralised with a leading apostrophe, as OWASP
 * advises. Numbers are written as numbers; money goes in as integer minor units and comes out as an
 * exact decimal in the currency's own number of places.
 */
import { csvCell as textCell } from "@/server/domain/csv";
import { minorToDecimal } from "@/server/domain/money";

/** A number already written exactly (money); it is never neutralised. */
export type CsvDecimal = { readonly decimal: string };
export type CsvCell = string | number | null | undefined | CsvDecimal;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Money cell: 123456 minor units of USD → 1234.56, of JPY → 123456. */
export function moneyCell(minor: number, currency: string): CsvDecimal {
  return { decimal: minorToDecimal(minor, currency) };
}

/** A share 0–1 as a percentage with fixed decimals (12.5 % → 12.50); empty when unknown. */
export function percentCell(share: number | null | undefined, digits = 2): CsvCell {
  return share === null || share === undefined || !Number.isFinite(share) ? "" : { decimal: (share * 100).toFixed(digits) };
}

export function csvCell(v: CsvCell): string {
  if (v !== null && typeof v === "object") return DECIMAL.test(v.decimal) ? v.decimal : textCell(`'${v.decimal}`);
  return textCell(v);
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Starts a browser download of a CSV string (with a BOM so spreadsheets read it as UTF-8). */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking right away can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
