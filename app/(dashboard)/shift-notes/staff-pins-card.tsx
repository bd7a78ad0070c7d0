"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";

/** The owner sets or clears the tablet PIN of a staff member (e.g. one who forgot theirs). */
export function StaffPinsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.settings.members.queryOptions());
  const staff = (members.data ?? []).filter((m) => m.role === "STAFF");
  const [membershipId, setMembershipId] = useState("");
  const [pin, setPin] = useState("");
  const chosen = membershipId || staff[0]?.id || "";
  const save = useMutation(
    trpc.shifts.setMemberPin.mutationOptions({
      onSuccess: async () => {
        setPin("");
        await queryClient.invalidateQueries({ queryKey: trpc.settings.members.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  if (!members.data || staff.length === 0) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ membershipId: chosen, pin });
  }

  return (
    <Card title="Staff tablet PINs">
      <ul className="mb-3 space-y-1 text-sm">
        {staff.map((m) => (
          <li key={m.id} className="flex items-center justify-between">
            <span>{m.user.name}</span>
            {m.hasPin ? <Badge tone="good">PIN set</Badge> : <Badge>No PIN</Badge>}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate className="space-y-3">
        <SelectField label="Staff member" value={chosen} onChange={(e) => setMembershipId(e.target.value)}>
          {staff.map((m) => (
            <option key={m.id} value={m.id}>
              {m.user.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="New PIN"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, "").slice(0, 8))}
          error={errors.pin ?? (save.error && !Object.keys(errors).length ? save.error.message : undefined)}
          hint="4 to 8 digits. Tell them in person; they can change it on this page."
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" busy={save.isPending && save.variables?.pin !== null}>
            Set PIN
          </Button>
          <Button type="button" variant="ghost" onClick={() => save.mutate({ membershipId: chosen, pin: null })}>
            Clear PIN
          </Button>
        </div>
      </form>
    </Card>
  );
}
