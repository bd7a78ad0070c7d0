"use client";

import { signIn, signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";

type Person = { membershipId: string; name: string; initial: string };

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That PIN is not right. Try again.",
  RateLimited: "Too many tries for now. Wait a while, or ask a manager to set you a new PIN.",
};

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"] as const;

export function PinPad({ location, people, signedInAs }: { location: string; people: Person[]; signedInAs: string | null }) {
  const router = useRouter();
  const [person, setPerson] = useState<Person | null>(null);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const home = `/shift-notes?location=${encodeURIComponent(location)}`;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!person) return;
    if (pin.length < 4) {
      setError("Enter your 4 to 8 digit PIN.");
      return;
    }
    setBusy(true);
    setError(null);
    // A person taking over the tablet replaces whoever was signed in before.
    if (signedInAs) await signOut({ redirect: false });
    // The tablet's device cookie travels with this request; it decides the shop and location.
    const result = await signIn("pin", { membershipId: person.membershipId, pin, redirect: false });
    setBusy(false);
    if (!result || result.error) {
      setPin("");
      setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    router.replace(home);
    router.refresh();
  }

  function press(key: (typeof KEYS)[number]) {
    setError(null);
    if (key === "clear") setPin("");
    else if (key === "back") setPin((p) => p.slice(0, -1));
    else setPin((p) => (p.length < 8 ? p + key : p));
  }

  if (people.length === 0) {
    return (
      <div className="rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-stone-200">
        <h2 className="text-lg font-semibold">Nobody can use this tablet yet</h2>
        <p className="mt-2 text-sm text-stone-600">
          Staff assigned to this location appear here once they have a PIN: they set it on their Shift notes page after signing in once with their email and
          password, or the owner sets one for them.
        </p>
      </div>
    );
  }

  if (!person) {
    return (
      <div className="space-y-4">
        {signedInAs && (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-4 ring-1 ring-stone-200">
            <span className="text-sm">
              <span className="font-medium">{signedInAs}</span> is signed in.
            </span>
            <Button variant="secondary" onClick={() => router.push(home)}>
              Continue as {signedInAs.split(" ")[0]}
            </Button>
          </div>
        )}
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3" aria-label="Staff">
          {people.map((p) => (
            <li key={p.membershipId}>
              <button
                type="button"
                onClick={() => setPerson(p)}
                className="flex h-24 w-full flex-col items-center justify-center rounded-xl bg-white text-lg font-semibold shadow-sm ring-1 ring-stone-200 hover:bg-brand-50 hover:ring-brand-500"
              >
                {p.name}
                {p.initial && <span className="text-sm font-normal text-stone-500">{p.initial}.</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="mx-auto max-w-xs space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
      <div className="text-center">
        <p className="text-lg font-semibold">Hi {person.name}</p>
        <label htmlFor="pin" className="text-sm text-stone-600">
          Your PIN
        </label>
        <input
          id="pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, "").slice(0, 8))}
          className="mt-2 block w-full rounded-md border-0 py-3 text-center text-2xl tracking-[0.5em] ring-1 ring-stone-300 focus:ring-2 focus:ring-brand-600"
          autoFocus
        />
      </div>
      {error && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-center text-sm text-red-800 ring-1 ring-red-200" data-testid="pin-error">
          {error}
        </p>
      )}
      <div className="grid grid-cols-3 gap-2">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            onClick={() => press(k)}
            aria-label={k === "back" ? "Delete last digit" : k === "clear" ? "Clear PIN" : k}
            className="h-16 rounded-lg bg-stone-100 text-xl font-semibold hover:bg-stone-200"
          >
            {k === "back" ? "⌫" : k === "clear" ? "C" : k}
          </button>
        ))}
      </div>
      <Button type="submit" size="lg" className="w-full" busy={busy}>
        Sign in
      </Button>
      <button
        type="button"
        onClick={() => {
          setPerson(null);
          setPin("");
          setError(null);
        }}
        className="block w-full text-center text-sm font-medium text-stone-600 hover:underline"
      >
        Not {person.name}?
      </button>
    </form>
  );
}
