import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { findLiveMembership } from "@/server/services/users";
import { homeFor } from "@/components/nav-config";
import { AuthCard } from "../auth-card";
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
    <AuthCard title="Sign in to Backroom" subtitle="Stock, resupply, drops and shift notes for your shop.">
      <SignInForm callbackUrl={safeCallback} initialError={error === "SessionEnded" ? "Your access changed. Sign in again." : undefined} />
    </AuthCard>
  );
}
