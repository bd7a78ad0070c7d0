import { describe, expect, it } from "vitest";
import { formatMoney, formatQuantity } from "./format";

describe("formatMoney", () => {
  it.each([
    [1250, "USD", "$12.50"],
    [-399, "USD", "-$3.99"],
    [0, "EUR", "€0.00"],
    [1250, "JPY", "¥1,250"],
    [1250, "KWD", "KWD 1.250"],
    [1250, "ZZ!", "12.50"],
  ])("%i minor units of %s read %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, " ")).toBe(text);
  });
});

describe("formatQuantity", () => {
  it.each([
    [12500, "g", "12.5 kg"],
    [999, "ml", "999 ml"],
    [1500, "ml", "1.5 l"],
    [3, "pc", "3 pc"],
    [-2000, "g", "-2 kg"],
  ])("%i %s reads %s", (q, unit, text) => {
    expect(formatQuantity(q, unit)).toBe(text);
  });
});
