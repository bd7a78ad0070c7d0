import type { Metadata } from "next";
import { TabletSetupForm } from "./tablet-setup-form";

export const metadata: Metadata = { title: "Set up a counter tablet" };

/** Where a shared tablet is pointed once: its shop and location codes make its sign-in address. */
export default function TabletSetupPage() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-stone-100 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
        <h1 className="text-2xl font-semibold tracking-tight">Set up this tablet</h1>
        <p className="mt-1 text-sm text-stone-600">
          Staff sign in here with a tap and their PIN. Enter the shop and location codes (the owner finds them on the Shift notes page), then bookmark
          the page.
        </p>
        <TabletSetupForm />
      </div>
    </main>
  );
}
