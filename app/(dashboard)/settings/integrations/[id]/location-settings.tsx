"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";

type LocationRow = inferRouterOutputs<AppRouter>["deliveries"]["locations"]["locations"][number];

/**
 * Where this integration's orders land: the default location (Shopify orders that name no linked
 * location) and, per Backroom location, the POS's own id for it.
 */
export function LocationSettings({ integrationId, kind }: { integrationId: string; kind: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.deliveries.locations.queryOptions({ integrationId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deliveries.locations.queryKey({ integrationId }) });
  const setDefault = useMutation(trpc.deliveries.setDefaultLocation.mutationOptions({ onSuccess: refresh }));

  if (settings.isPending) return <Card title="Locations"><Loading /></Card>;
  if (settings.isError) return <Card title="Locations"><ErrorState error={settings.error} retry={() => settings.refetch()} /></Card>;
  const { defaultLocationId, locations } = settings.data;
  const shopify = kind === "shopify";

  return (
    <Card title="Locations">
      {locations.length === 0 ? (
        <EmptyState title="No locations yet">Create a location in Inventory first: every order is recorded at one.</EmptyState>
      ) : (
        <div className="space-y-4 text-sm">
          <p className="text-stone-600">
            {shopify ? (
              <>
                An order lands at the location named by its <code>location</code> note attribute (a location code), else at the location linked to its
                Shopify <code>location_id</code> below, else at the default location.
              </>
            ) : (
              <>
                <code>data.location</code> is a location code. A POS location id linked below is accepted there too.
              </>
            )}
          </p>
          {shopify && (
            <SelectField
              label="Default location"
              value={defaultLocationId ?? ""}
              disabled={setDefault.isPending}
              onChange={(e) => setDefault.mutate({ integrationId, locationId: e.target.value || null })}
              error={setDefault.error ? (fieldErrorsOf(setDefault.error).locationId ?? setDefault.error.message) : null}
              hint={
                setDefault.isSuccess
                  ? "Saved."
                  : locations.filter((l) => l.active).length === 1
                    ? "With one active location, orders go there when no default is set."
                    : "Online orders and unlinked Shopify locations go here; without one they are refused (422) and kept in the log."
              }
            >
              <option value="">No default</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({l.code}){l.active ? "" : " — inactive"}
                </option>
              ))}
            </SelectField>
          )}
          <ul className="divide-y divide-stone-200" aria-label="POS location ids">
            {locations.map((l) => (
              <PosRefRow key={`${l.id}:${l.posRef ?? ""}`} location={l} onSaved={refresh} shopify={shopify} />
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function PosRefRow({ location, onSaved, shopify }: { location: LocationRow; onSaved: () => void; shopify: boolean }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(location.posRef ?? "");
  const save = useMutation(trpc.deliveries.setLocationPosRef.mutationOptions({ onSuccess: onSaved }));
  const dirty = value.trim() !== (location.posRef ?? "");
  const error = save.error ? (fieldErrorsOf(save.error).posRef ?? save.error.message) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ locationId: location.id, posRef: value.trim() || null });
  };
  return (
    <li className="py-3">
      <form onSubmit={submit} className="flex items-start gap-2">
        <TextField
          className="min-w-0 flex-1"
          label={`${location.name} (${location.code})`}
          value={value}
          inputMode={shopify ? "numeric" : undefined}
          placeholder={shopify ? "Shopify location id, e.g. 68357324979" : "POS location id"}
          onChange={(e) => {
            setValue(e.target.value);
            save.reset();
          }}
          error={error}
          hint={!location.active ? <Badge tone="neutral">inactive</Badge> : location.posRef ? "Linked." : "Not linked."}
        />
        <Button type="submit" variant="secondary" className="mt-6 h-9" busy={save.isPending} disabled={!dirty} aria-label={`Save POS location id of ${location.name}`}>
          Save
        </Button>
      </form>
    </li>
  );
}
