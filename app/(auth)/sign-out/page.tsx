import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { SignOutForm } from "./sign-out-form";

export const metadata: Metadata = { title: "Sign out" };

/** Confirmation before the session ends (authOptions.pages.signOut), so a stray tap does not. */
export default async function SignOutPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-br from-brand-50 to-stone-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-xl bg-brand-600 text-2xl text-white" aria-hidden>
            ◐
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign out of Backroom?</h1>
          <p className="mt-1 text-sm text-stone-600">
            You are signed in as <strong className="font-medium text-stone-900">{user.name}</strong> ({user.email}) at {user.shopName}.
          </p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
          <SignOutForm />
        </div>
      </div>
    </main>
  );
}
