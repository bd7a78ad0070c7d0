import { describe, expect, test } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  test.each([
    { header: ["a", "b"], rows: [[1, "x"]], out: "a,b\r\n1,x\r\n" },
    { header: ["name"], rows: [['Say "hi", ok']], out: 'name\r\n"Say ""hi"", ok"\r\n' },
    { header: ["a", "b"], rows: [[null, undefined]], out: "a,b\r\n,\r\n" },
    { header: ["multi"], rows: [["line1\nline2"]], out: 'multi\r\n"line1\nline2"\r\n' },
  ])("$out", ({ header, rows, out }) => {
    expect(toCsv(header, rows)).toBe(out);
  });
});
