"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/** An ⓘ button that shows how a figure is defined; closes on Escape or a click elsewhere. */
export function Definition({ label, children, align = "left" }: { label: string; children: ReactNode; align?: "left" | "right" }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);
  return (
    <span ref={ref} className="relative inline-flex">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`How ${label} is defined`}
        onClick={() => setOpen((o) => !o)}
        // A 40 px touch target around the 20 px mark; the negative margin keeps the line compact.
        className="group -m-2.5 inline-flex size-10 shrink-0 items-center justify-center rounded-full focus-visible:outline-2 focus-visible:outline-stone-800"
      >
        <span
          aria-hidden
          className="inline-flex size-5 items-center justify-center rounded-full text-xs font-semibold text-stone-600 ring-1 ring-stone-400 group-hover:bg-stone-100 group-hover:text-stone-900"
        >
          i
        </span>
      </button>
      {open && (
        <span
          id={id}
          role="note"
          // On a phone the note is a strip along the bottom of the screen, so it never runs off the
          // edge whichever column the figure is in; from sm up it hangs under its button.
          className={`fixed inset-x-4 bottom-4 z-30 rounded-md bg-stone-900 p-3 text-sm font-normal leading-relaxed text-white shadow-lg sm:absolute sm:inset-x-auto sm:bottom-auto sm:top-8 sm:w-72 sm:text-xs ${align === "right" ? "sm:right-0" : "sm:left-0"}`}
        >
          {children}
        </span>
      )}
    </span>
  );
}
