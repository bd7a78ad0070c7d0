"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";

/** A staff member sets the PIN they use on the shared tablet of their location. */
export function PinCard({ locationCode }: { locationCode: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.shifts.myPin.queryOptions());
  const [pin, setPin] = useState("");
  const save = useMutation(
    trpc.shifts.setMyPin.mutationOptions({
      onSuccess: async () => {
        setPin("");
        await queryClient.invalidateQueries({ queryKey: trpc.shifts.myPin.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  if (!state.data?.canUsePin) return null;
  const tabletPath = `/tablet/${state.data.shopSlug}/${locationCode}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ pin });
  }

  return (
    <Card title="Tablet PIN">
      <form onSubmit={submit} noValidate className="space-y-3">
        <p className="text-sm text-stone-600">
          {state.data.hasPin ? "Your PIN is set. " : "Set a PIN to sign in on the counter tablet with a tap. "}
          It works only on the location&apos;s registered counter tablet (its sign-in page is <span className="whitespace-nowrap">{tabletPath}</span>), never on
          another device.
        </p>
        <TextField
          label={state.data.hasPin ? "New PIN" : "PIN"}
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, "").slice(0, 8))}
          error={errors.pin ?? (save.error && !Object.keys(errors).length ? save.error.message : undefined)}
          hint="4 to 8 digits; not 1234 or 0000."
        />
        <Button type="submit" busy={save.isPending}>
          {state.data.hasPin ? "Change PIN" : "Set PIN"}
        </Button>
        {save.isSuccess && <p className="text-sm text-emerald-700">PIN saved.</p>}
        {state.data.hasPin && (
          <Button type="button" variant="secondary" size="lg" className="w-full" onClick={() => signOut({ callbackUrl: tabletPath })}>
            Done — hand the tablet over
          </Button>
        )}
      </form>
    </Card>
  );
}
