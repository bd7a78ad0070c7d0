import { currencyExponent } from "@/server/domain/money";

const formatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // An odd code from a POS must not break a page: show it as a plain 2-decimal amount.
      f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f;
}

/** Money in minor units → "$12.50" in the order's currency, with its own minor unit (JPY 0, KWD 3). */
export function formatMoney(minor: number, currency = "USD"): string {
  return moneyFormatter(currency).format(minor / 10 ** currencyExponent(currency));
}

/** Quantity in a component's unit: 12500 g → "12.5 kg", 3 pc → "3 pc". */
export function formatQuantity(quantity: number, unit: string): string {
  const abs = Math.abs(quantity);
  if ((unit === "g" || unit === "ml") && abs >= 1000) {
    return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(quantity / 1000)} ${unit === "g" ? "kg" : "l"}`;
  }
  return `${new Intl.NumberFormat("en-US").format(quantity)} ${unit}`;
}

export function formatDateTime(value: Date | string | null | undefined, timeZone?: string): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(value));
}

export function formatRelative(value: Date | string, now = new Date()): string {
  const diff = new Date(value).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const abs = Math.abs(diff);
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), "second");
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), "minute");
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), "hour");
  return rtf.format(Math.round(diff / 86_400_000), "day");
}
