import { describe, expect, test } from "vitest";
import { csvCell, moneyCell, percentCell, toCsv } from "./csv";
import { currencyExponent, formatMinor, minorToDecimal } from "./money";

describe("toCsv", () => {
  test.each([
    { header: ["a", "b"], rows: [[1, "x"]], out: "a,b\r\n1,x\r\n" },
    { header: ["name"], rows: [['Say "hi", ok']], out: 'name\r\n"Say ""hi"", ok"\r\n' },
    { header: ["a", "b"], rows: [[null, undefined]], out: "a,b\r\n,\r\n" },
    { header: ["multi"], rows: [["line1\nline2"]], out: 'multi\r\n"line1\nline2"\r\n' },
  ])("$out", ({ header, rows, out }) => {
    expect(toCsv(header, rows)).toBe(out);
  });

  test.each([
    { cell: "=HYPERLINK(\"http://x\")", out: `"'=HYPERLINK(""http://x"")"` },
    { cell: "+1+cmd", out: "'+1+cmd" },
    { cell: "-2+3", out: "'-2+3" },
    { cell: "@SUM(A1)", out: "'@SUM(A1)" },
    { cell: "\tcmd", out: "'\tcmd" },
    { cell: "\r=1", out: `"'\r=1"` },
    { cell: "preorder", out: "preorder" },
    { cell: "a=b", out: "a=b" }, // only a leading sign is dangerous
  ])("neutralises a text cell a spreadsheet would run: $cell", ({ cell, out }) => {
    expect(csvCell(cell)).toBe(out);
  });

  test("numbers and money stay numbers, negative ones included", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(moneyCell(-1250, "USD"))).toBe("-12.50");
    expect(csvCell({ decimal: "=1+1" })).toBe("'=1+1");
    expect(csvCell(percentCell(0.125))).toBe("12.50");
    expect(csvCell(percentCell(null))).toBe("");
  });

  test("a header from the owner (a channel name) is neutralised too", () => {
    expect(toCsv(["date", "=cmd"], [])).toBe("date,'=cmd\r\n");
  });
});

describe("money from minor units", () => {
  test.each([
    { currency: "USD", minor: 123456, decimal: "1234.56" },
    { currency: "USD", minor: 5, decimal: "0.05" },
    { currency: "USD", minor: -5, decimal: "-0.05" },
    { currency: "USD", minor: 0, decimal: "0.00" },
    { currency: "JPY", minor: 1234, decimal: "1234" },
    { currency: "BHD", minor: 1234, decimal: "1.234" },
    { currency: "KWD", minor: -1, decimal: "-0.001" },
    { currency: "EUR", minor: 900719925474099, decimal: "9007199254740.99" },
  ])("$minor $currency → $decimal", ({ currency, minor, decimal }) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  test("exponents come from the currency, unknown codes fall back to 2", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("nope")).toBe(2);
  });

  test("sums of cents never drift like float sums do", () => {
    // 0.1 + 0.2 as floats is 0.30000000000000004; as minor units it is exactly 30.
    expect(10 / 100 + 20 / 100).not.toBe(0.3);
    expect(minorToDecimal(10 + 20, "USD")).toBe("0.30");
  });

  test("formats for display with the currency's own decimals", () => {
    expect(formatMinor(123456, "USD")).toBe("$1,234.56");
    expect(formatMinor(1234, "JPY")).toBe("¥1,234");
    expect(formatMinor(-50, "USD")).toBe("-$0.50");
  });

  test("refuses fractions of a minor unit instead of rounding silently", () => {
    expect(() => minorToDecimal(1.5, "USD")).toThrow(RangeError);
  });
});
