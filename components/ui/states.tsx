import type { ReactNode } from "react";

/** What to show when there is nothing yet: say what it is and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 bg-white px-6 py-10 text-center">
      <h3 className="text-base font-semibold text-stone-900">{title}</h3>
      {children && <div className="mx-auto mt-1 max-w-md text-sm text-stone-600">{children}</div>}
      {action && <div className="mt-4 flex justify-center">{action}</div>}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-3 py-8 text-sm text-stone-600">
      <span className="size-5 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
      {label}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: { message: string } | null | undefined; retry?: () => void }) {
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="error-state">
      <p className="font-medium">Could not load this.</p>
      <p className="mt-1">{error?.message ?? "Unknown error"}</p>
      {retry && (
        <button type="button" onClick={retry} className="mt-2 font-medium underline">
          Try again
        </button>
      )}
    </div>
  );
}

/** A one-time secret with a copy button; the caller explains it will not be shown again. */
export function SecretReveal({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
      <p className="text-sm font-medium text-amber-900">{label}</p>
      <code className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono text-sm text-stone-900 ring-1 ring-amber-200" data-testid="secret-value">
        {value}
      </code>
      <p className="mt-1 text-xs text-amber-800">Copy it now: it will not be shown again.</p>
    </div>
  );
}
