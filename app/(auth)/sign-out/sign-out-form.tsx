"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await signOut({ callbackUrl: "/sign-in" });
    } catch {
      setBusy(false);
      setError("Could not sign out. Check your connection and try again.");
    }
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-600">On a shared device, sign out when you leave so the next person starts with their own account.</p>
      {error && <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{error}</p>}
      <Button type="button" size="lg" className="w-full" busy={busy} onClick={() => void confirm()}>
        Sign out
      </Button>
      <Link href="/" className="block text-center text-sm font-medium text-brand-700 hover:underline">
        Cancel and go back
      </Link>
    </div>
  );
}
