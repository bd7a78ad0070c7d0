"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

/** Sends whoever holds the tablet to the password sign-in, coming back here afterwards. */
export function ManagerSignInButton({ returnTo, signedIn }: { returnTo: string; signedIn: boolean }) {
  const router = useRouter();
  const target = `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`;
  return (
    <Button
      size="lg"
      className="w-full sm:w-auto"
      onClick={() => (signedIn ? signOut({ callbackUrl: target }) : router.push(target))}
    >
      {signedIn ? "Sign out and sign in as a manager" : "Sign in as owner or manager"}
    </Button>
  );
}
