import { Fragment } from "react";
import { parseNote, type Span } from "@/server/domain/note-format";

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((s, i) => (s.bold ? <strong key={i} className="font-semibold text-stone-900">{s.text}</strong> : <Fragment key={i}>{s.text}</Fragment>))}
    </>
  );
}

/** Renders a note's tiny formatting as React elements: text is never interpreted as HTML. */
export function NoteBody({ body }: { body: string }) {
  return (
    <div className="space-y-2 text-[15px] leading-relaxed text-stone-800">
      {parseNote(body).map((block, i) =>
        block.kind === "list" ? (
          <ul key={i} className="list-disc space-y-1 pl-5">
            {block.items.map((item, j) => (
              <li key={j}>
                <Spans spans={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            {block.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                <Spans spans={line} />
              </Fragment>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
