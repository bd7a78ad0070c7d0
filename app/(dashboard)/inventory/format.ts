/** Cost per unit from thousandths of a minor unit: 350 → "$0.0035 / g". */
export function formatUnitCost(milli: number, unit: string, currency = "USD"): string {
  const value = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 5 }).format(milli / 100_000);
  return `${value} / ${unit}`;
}

/** An exact cost in thousandths of a minor unit, shown to the cent (or finer below a cent). */
export function formatMilli(milli: number, currency = "USD"): string {
  const digits = Math.abs(milli) < 1000 && milli !== 0 ? 4 : 2;
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(milli / 100_000);
}

export function formatMargin(basisPoints: number | null): string {
  return basisPoints === null ? "—" : `${(basisPoints / 100).toFixed(1)} %`;
}

export const MOVEMENT_LABELS: Record<string, string> = {
  SALE: "Sale",
  REFUND_RESTOCK: "Refund restock",
  RECEIPT: "Receipt",
  WASTE: "Waste",
  COUNT_ADJUSTMENT: "Count adjustment",
  TRANSFER_OUT: "Transfer out",
  TRANSFER_IN: "Transfer in",
  RECONCILIATION: "Reconciliation",
};

export const WASTE_REASONS = ["expired", "damaged", "dropped", "quality", "overproduction", "other"] as const;
