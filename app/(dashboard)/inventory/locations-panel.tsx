"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

const KINDS = [
  { id: "store", label: "Store" },
  { id: "kiosk", label: "Kiosk" },
  { id: "micro-hub", label: "Micro-hub" },
  { id: "pop-up", label: "Pop-up" },
] as const;
type Kind = (typeof KINDS)[number]["id"];
type Draft = { isNew: boolean; code: string; name: string; kind: Kind };
const blank: Draft = { isNew: true, code: "", name: "", kind: "store" };

/** Where stock lives: each location has its own balance of every component. */
export function LocationsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locations = useQuery(trpc.catalog.locations.queryOptions());
  const [form, setForm] = useState<Draft>(blank);
  const save = useMutation(
    trpc.catalog.saveLocation.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.locations.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.stock.pathKey() });
        setForm(blank);
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const formError = save.error && Object.keys(errors).length === 0 ? save.error.message : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ code: form.code, name: form.name, kind: form.kind });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Card title="Locations">
        {locations.isPending ? (
          <Loading />
        ) : locations.isError ? (
          <ErrorState error={locations.error} retry={() => locations.refetch()} />
        ) : locations.data.length === 0 ? (
          <EmptyState title="No locations yet">Add the store, kiosk, hub or pop-up where you keep stock.</EmptyState>
        ) : (
          <DataTable
            rows={locations.data}
            rowKey={(l) => l.id}
            filterPlaceholder="Filter locations"
            initialSort={{ key: "code", dir: "asc" }}
            columns={[
              { key: "code", header: "Code", value: (l) => l.code, render: (l) => <code className="text-xs">{l.code}</code> },
              { key: "name", header: "Name", value: (l) => l.name },
              { key: "kind", header: "Kind", value: (l) => KINDS.find((k) => k.id === l.kind)?.label ?? l.kind },
              { key: "status", header: "Status", value: (l) => (l.active ? "active" : "closed"), render: (l) => (l.active ? <Badge tone="good">Active</Badge> : <Badge>Closed</Badge>) },
              {
                key: "edit",
                header: "",
                render: (l) => (
                  <Button size="sm" variant="ghost" aria-label={`Edit location ${l.code}`} onClick={() => setForm({ isNew: false, code: l.code, name: l.name, kind: l.kind as Kind })}>
                    Edit
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={form.isNew ? "Add a location" : `Edit ${form.code}`}>
        <form onSubmit={submit} noValidate className="space-y-3" aria-label="Location">
          <TextField
            label="Code"
            value={form.code}
            disabled={!form.isNew}
            onChange={(e) => setForm({ ...form, code: e.target.value.toLowerCase() })}
            error={errors.code}
            hint="What the POS sends as the order's location, e.g. kiosk."
          />
          <TextField label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} />
          <SelectField label="Kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })} error={errors.kind}>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </SelectField>
          {formError && <p className="text-sm text-red-700">{formError}</p>}
          <div className="flex gap-2">
            <Button type="submit" busy={save.isPending}>
              {form.isNew ? "Add location" : "Save location"}
            </Button>
            {!form.isNew && (
              <Button variant="ghost" onClick={() => setForm(blank)}>
                Cancel
              </Button>
            )}
          </div>
        </form>
      </Card>
    </div>
  );
}
