"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { registerThisDevice, type RegisterDeviceState } from "./actions";

type Location = { id: string; code: string; name: string };

/** "Register this device": the manager is signed in on the tablet itself and picks its location. */
export function RegisterDeviceForm({
  locations,
  defaultLocationId,
  replacing,
  onRegistered,
}: {
  locations: Location[];
  defaultLocationId?: string;
  /** Name of the registration this browser holds now; registering again replaces it. */
  replacing?: string | null;
  onRegistered?: () => void;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState<RegisterDeviceState, FormData>(registerThisDevice, { ok: false });
  useEffect(() => {
    if (!state.ok) return;
    onRegistered?.();
    router.refresh();
  }, [state, router, onRegistered]);

  if (locations.length === 0) {
    return <p className="text-sm text-stone-600">Add a location under Inventory first: a tablet belongs to one location.</p>;
  }
  return (
    <form action={action} noValidate className="space-y-3">
      {state.ok && state.device && (
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200" role="status">
          This device is now the counter tablet “{state.device.name}” of {state.device.locationName}.{" "}
          <Link href={state.device.tabletPath} className="font-medium underline">
            Open its sign-in page
          </Link>
        </p>
      )}
      {!state.ok && state.message && !state.fieldErrors && <p className="text-sm text-red-700">{state.message}</p>}
      <TextField label="Tablet name" name="name" defaultValue="Counter tablet" maxLength={60} error={state.fieldErrors?.name} hint="So you recognise it in the list, e.g. Front counter iPad." />
      <SelectField label="Location" name="locationId" defaultValue={defaultLocationId ?? locations[0]?.id} error={state.fieldErrors?.locationId}>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
      {replacing && <p className="text-xs text-stone-500">This device is registered as “{replacing}”; registering it again replaces that registration.</p>}
      <Button type="submit" size="lg" busy={pending} className="w-full sm:w-auto">
        Register this device
      </Button>
    </form>
  );
}
