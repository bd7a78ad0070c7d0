import { describe, expect, it } from "vitest";
import { isDomainError } from "./errors";
import { notePreview, parseNote, parseSpans, validateNote } from "./note-format";

describe("parseSpans", () => {
  it.each([
    ["plain", [{ text: "plain", bold: false }]],
    ["a **b** c", [{ text: "a ", bold: false }, { text: "b", bold: true }, { text: " c", bold: false }]],
    ["**all**", [{ text: "all", bold: true }]],
    ["open ** only", [{ text: "open ** only", bold: false }]],
    ["<b>x</b>", [{ text: "<b>x</b>", bold: false }]],
    ["****", []],
  ])("%j", (line, spans) => expect(parseSpans(line)).toEqual(spans));
});

describe("parseNote", () => {
  it("splits paragraphs on blank lines and groups bullets", () => {
    const blocks = parseNote("Fryer 2 is **broken**\nCall Joe\n\n- glaze low\n* jam low\nafter list");
    expect(blocks).toEqual([
      { kind: "paragraph", lines: [[{ text: "Fryer 2 is ", bold: false }, { text: "broken", bold: true }], [{ text: "Call Joe", bold: false }]] },
      { kind: "list", items: [[{ text: "glaze low", bold: false }], [{ text: "jam low", bold: false }]] },
      { kind: "paragraph", lines: [[{ text: "after list", bold: false }]] },
    ]);
  });
  it("keeps markup-looking text as text", () => {
    expect(parseNote("<script>alert(1)</script>")).toEqual([{ kind: "paragraph", lines: [[{ text: "<script>alert(1)</script>", bold: false }]] }]);
  });
  it("handles CRLF and empty input", () => {
    expect(parseNote("a\r\n\r\nb")).toHaveLength(2);
    expect(parseNote("  \n ")).toEqual([]);
  });
});

describe("validateNote / notePreview", () => {
  it("trims and de-duplicates tags", () => {
    expect(validateNote({ body: "  hi  ", tags: ["equipment", "equipment"] })).toEqual({ body: "hi", tags: ["equipment"] });
  });
  it.each([
    [{ body: "   ", tags: [] }, "body"],
    [{ body: "x".repeat(2001), tags: [] }, "body"],
    [{ body: "ok", tags: ["nope"] }, "tags"],
  ])("refuses %#", (input, field) => {
    try {
      validateNote(input);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && (e.details as { fields: Record<string, string> }).fields[field]).toBeTruthy();
    }
  });
  it("previews without marks", () => {
    expect(notePreview("**Fryer** down\n- call Joe")).toBe("Fryer down • call Joe");
    expect(notePreview("x".repeat(200), 10)).toHaveLength(10);
  });
});
