/**
 * Money from integer minor units, exact for any ISO currency: the number of decimals is the
 * currency's own (USD 2, JPY 0, BHD 3) as Intl knows it, and amounts become decimal strings by
 * integer arithmetic, never by dividing floats.
 */

const exponents = new Map<string, number | null>();

/** Minor-unit exponent of an ISO currency (USD 2, JPY 0, KWD 3), or null for a code Intl refuses. */
export function knownCurrencyExponent(currency: string): number | null {
  let e = exponents.get(currency);
  if (e === undefined) {
    try {
      e = new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      e = null;
    }
    exponents.set(currency, e);
  }
  return e;
}

/** Decimal places of a currency's minor unit (2 when Intl does not know the code). */
export function currencyExponent(currency: string): number {
  return knownCurrencyExponent(currency) ?? 2;
}

/** 123456 minor units of USD → "1234.56"; −5 → "-0.05"; 1234 JPY → "1234". Exact for safe integers. */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Money must be a whole number of minor units, got ${minor}`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${minor < 0 ? "-" : ""}${whole}${fraction}`;
}
