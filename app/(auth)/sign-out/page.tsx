import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { AuthCard } from "../auth-card";
import { SignOutForm } from "./sign-out-form";

export const metadata: Metadata = { title: "Sign out" };

/** Confirmation before the session ends (authOptions.pages.signOut), so a stray tap does not. */
export default async function SignOutPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return (
    <AuthCard
      title="Sign out of Backroom?"
      subtitle={
        <>
          You are signed in as <strong className="font-medium text-stone-900">{user.name}</strong> ({user.email}) at {user.shopName}.
        </>
      }
    >
      <SignOutForm />
    </AuthCard>
  );
}
