import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { findLiveMembership } from "@/server/services/users";
import { homeFor } from "@/components/nav-config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const user = await getSessionUser();
  // Only a session whose membership still exists goes home; one that ended stays here to sign in
  // again (redirecting it would bounce between this page and the dashboard's guard).
  const membership = user ? await findLiveMembership(db, user.id, user.shopId) : null;
  if (membership) redirect(homeFor(membership.role));
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: an open redirect would let a link send people elsewhere after sign-in.
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : undefined;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-stone-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-xl bg-brand-600 text-2xl text-white" aria-hidden>
            ◐
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Backroom</h1>
          <p className="mt-1 text-sm text-stone-600">Stock, resupply, drops and shift notes for your shop.</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
          <SignInForm callbackUrl={safeCallback} initialError={error === "SessionEnded" ? "Your access changed. Sign in again." : undefined} />
        </div>
      </div>
    </main>
  );
}
