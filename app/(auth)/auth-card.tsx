import type { ReactNode } from "react";

/** The centred card of the sign-in and sign-out pages: logo, heading, a line under it, the form. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-stone-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-xl bg-brand-600 text-2xl text-white" aria-hidden>
            ◐
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          <p className="mt-1 text-sm text-stone-600">{subtitle}</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">{children}</div>
      </div>
    </main>
  );
}
