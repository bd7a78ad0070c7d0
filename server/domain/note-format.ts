/**
 * Shift notes use a tiny, safe formatting language: blank-line separated paragraphs, lines starting
 * with "- " or "* " as bullets, and **bold**. The parser yields a tree that the UI renders as React
 * elements, so no HTML from a note ever reaches the page.
 */
import { DomainError } from "./errors";

export type Span = { text: string; bold: boolean };
export type NoteBlock = { kind: "paragraph"; lines: Span[][] } | { kind: "list"; items: Span[][] };

export const NOTE_TAGS = ["low-stock", "equipment", "customer", "delivery", "cleaning", "cash", "staffing", "other"] as const;
export type NoteTag = (typeof NOTE_TAGS)[number];
export const NOTE_MAX_LENGTH = 2000;

/** Splits text on **…** pairs; an unmatched ** stays literal. */
export function parseSpans(line: string): Span[] {
  const spans: Span[] = [];
  let rest = line;
  while (rest.length) {
    const open = rest.indexOf("**");
    const close = open >= 0 ? rest.indexOf("**", open + 2) : -1;
    if (open < 0 || close < 0) {
      spans.push({ text: rest, bold: false });
      break;
    }
    if (open > 0) spans.push({ text: rest.slice(0, open), bold: false });
    const inner = rest.slice(open + 2, close);
    if (inner) spans.push({ text: inner, bold: true });
    rest = rest.slice(close + 2);
  }
  return spans;
}

const BULLET = /^\s*[-*•]\s+/;

export function parseNote(body: string): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let current: NoteBlock | null = null;
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      current = null;
      continue;
    }
    if (BULLET.test(line)) {
      if (current?.kind !== "list") blocks.push((current = { kind: "list", items: [] }));
      current.items.push(parseSpans(line.replace(BULLET, "")));
    } else {
      if (current?.kind !== "paragraph") blocks.push((current = { kind: "paragraph", lines: [] }));
      current.lines.push(parseSpans(line.trim()));
    }
  }
  return blocks;
}

/** Plain text preview (formatting marks removed) for lists and notifications. */
export function notePreview(body: string, max = 140): string {
  const text = body.replace(/\*\*/g, "").replace(/^\s*[-*•]\s+/gm, "• ").replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Checks a note before it is stored; returns the trimmed body and de-duplicated tags. */
export function validateNote(input: { body: string; tags: readonly string[] }): { body: string; tags: NoteTag[] } {
  const body = input.body.trim();
  if (!body) throw new DomainError("UNPROCESSABLE", "Write something for the next shift.", { fields: { body: "Write something for the next shift." } });
  if (body.length > NOTE_MAX_LENGTH) {
    const message = `Keep the note under ${NOTE_MAX_LENGTH} characters.`;
    throw new DomainError("UNPROCESSABLE", message, { fields: { body: message } });
  }
  const unknown = input.tags.filter((t) => !(NOTE_TAGS as readonly string[]).includes(t));
  if (unknown.length) {
    const message = `Unknown tag: ${unknown.join(", ")}.`;
    throw new DomainError("UNPROCESSABLE", message, { fields: { tags: message } });
  }
  return { body, tags: [...new Set(input.tags)] as NoteTag[] };
}
