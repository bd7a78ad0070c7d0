/** Display formats for money in integer minor units (the exact arithmetic lives in server/domain/money.ts). */
import { minorToDecimal } from "@/server/domain/money";

export { currencyExponent, minorToDecimal } from "@/server/domain/money";

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const k = `${currency}|${compact}`;
  let f = formatters.get(k);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", compact ? { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 } : { style: "currency", currency });
    } catch {
      f = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
    }
    formatters.set(k, f);
  }
  return f;
}

/** "$1,234.56", "¥1,234", "BHD 1.234" — Intl formats the exact decimal string. */
export function formatMinor(minor: number, currency: string): string {
  return formatter(currency, false).format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}

/** Compact form for axis ticks: "$1.2K". */
export function formatMinorShort(minor: number, currency: string): string {
  return formatter(currency, true).format(minorToDecimal(Math.round(minor), currency) as Intl.StringNumericLiteral);
}
