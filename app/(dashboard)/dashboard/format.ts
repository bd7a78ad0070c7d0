/** Share 0–1 → "12.5 %"; null → "—". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "—";
  return `${(value * 100).toFixed(digits)} %`;
}

/** Signed change → "+12 %" / "−3 %"; null → "new" or "—". */
export function formatChange(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const pct = Math.round(value * 100);
  return `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct)} %`;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-03" → "Nov 3" (business dates are already shop-local). */
export function formatDay(date: string): string {
  const [, m, d] = date.split("-");
  return `${months[Number(m) - 1] ?? "?"} ${Number(d)}`;
}

export function formatBucket(bucket: string, granularity: "day" | "week"): string {
  return granularity === "week" ? `Week of ${formatDay(bucket)}` : formatDay(bucket);
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

export { formatMinor as formatMoney, formatMinorShort as formatMoneyShort } from "@/components/charts/money";
