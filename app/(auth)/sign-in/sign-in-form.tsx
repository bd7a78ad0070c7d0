"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  RateLimited: "Too many sign-in attempts. Wait 15 minutes and try again.",
};

export function SignInForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = "Enter the email you were invited with.";
    if (!password) errors.password = "Enter your password.";
    setFieldErrors(errors);
    setFormError(undefined);
    if (errors.email || errors.password) return;
    setBusy(true);
    const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
    setBusy(false);
    if (!result || result.error) {
      setFormError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    router.replace(callbackUrl ?? "/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200" data-testid="sign-in-error">
          {formError}
        </p>
      )}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldErrors.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldErrors.password}
      />
      <Button type="submit" busy={busy} className="w-full" size="lg">
        Sign in
      </Button>
    </form>
  );
}
