"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading, SecretReveal } from "@/components/ui/states";

type Scope = "write" | "read";

const SCOPES: { value: Scope; label: string; description: string }[] = [
  { value: "write", label: "Read and write", description: "Catalog sync and stock movements (PUT /catalog, POST …/movements) as well as every read." },
  { value: "read", label: "Read only", description: "Stock, availability and orders. Writes are refused with 403." },
];

export function ApiKeysPanel() {
  const trpc = useTRPC();
  const keys = useQuery(trpc.settings.apiKeys.queryOptions());
  const [creating, setCreating] = useState(false);
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.settings.revokeApiKey.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiKeys.queryKey() }) }),
  );

  return (
    <Card title="API keys" actions={<Button size="sm" onClick={() => setCreating(true)}>Create key</Button>}>
      <p className="mb-3 text-sm text-stone-600">
        Tools outside the browser call <code className="rounded bg-stone-100 px-1">/api/v1</code> with{" "}
        <code className="rounded bg-stone-100 px-1">Authorization: Bearer &lt;key&gt;</code>. Keys are stored hashed and can be revoked at any time.
        Writes accept an <code className="rounded bg-stone-100 px-1">Idempotency-Key</code> header so a retry never applies twice.
      </p>
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorState error={keys.error} retry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet" action={<Button onClick={() => setCreating(true)}>Create the first key</Button>}>
          Create one for your catalog sync, listings or fulfilment tool.
        </EmptyState>
      ) : (
        <DataTable
          rows={keys.data}
          rowKey={(k) => k.id}
          filterPlaceholder="Filter keys"
          initialSort={{ key: "created", dir: "desc" }}
          columns={[
            { key: "name", header: "Name", value: (k) => k.name },
            { key: "prefix", header: "Key", value: (k) => k.prefix, render: (k) => <code>{k.prefix}…</code> },
            {
              key: "scope",
              header: "Access",
              value: (k) => k.scope,
              render: (k) => (k.scope === "write" ? <Badge tone="info">Read and write</Badge> : <Badge>Read only</Badge>),
            },
            { key: "created", header: "Created", value: (k) => new Date(k.createdAt).getTime(), render: (k) => formatDateTime(k.createdAt) },
            { key: "used", header: "Last used", value: (k) => (k.lastUsedAt ? new Date(k.lastUsedAt).getTime() : 0), render: (k) => formatDateTime(k.lastUsedAt) },
            {
              key: "status",
              header: "Status",
              value: (k) => (k.revokedAt ? "revoked" : "active"),
              render: (k) => (k.revokedAt ? <Badge tone="bad">Revoked</Badge> : <Badge tone="good">Active</Badge>),
            },
            {
              key: "actions",
              header: "",
              render: (k) =>
                k.revokedAt ? null : (
                  <Button size="sm" variant="ghost" onClick={() => confirm(`Revoke ${k.name}? Tools using it stop working at once.`) && revoke.mutate({ id: k.id })}>
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Dialog open={creating} onClose={() => setCreating(false)} title="Create an API key">
        {creating && <CreateKeyForm onClose={() => setCreating(false)} />}
      </Dialog>
    </Card>
  );
}

function CreateKeyForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("write");
  const create = useMutation(
    trpc.settings.createApiKey.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiKeys.queryKey() }) }),
  );
  const errors = fieldErrorsOf(create.error);

  if (create.data) {
    return (
      <div className="space-y-4">
        <SecretReveal label={`API key “${create.data.name}” (${create.data.scope === "write" ? "read and write" : "read only"})`} value={create.data.key} />
        <Button onClick={onClose}>Done</Button>
      </div>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name, scope });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="New API key">
      <TextField
        label="Key name"
        placeholder="e.g. Listings sync"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (create.isError) create.reset();
        }}
        error={errors.name}
        hint="Name it after the tool that will use it, so you know what breaks if you revoke it."
        autoFocus
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-stone-700">Access</legend>
        {SCOPES.map((s) => (
          <label
            key={s.value}
            className="flex cursor-pointer items-start gap-3 rounded-md p-3 ring-1 ring-stone-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-600"
          >
            <input type="radio" name="scope" value={s.value} checked={scope === s.value} onChange={() => setScope(s.value)} className="mt-1" />
            <span>
              <span className="block text-sm font-medium text-stone-900">{s.label}</span>
              <span className="block text-xs text-stone-600">{s.description}</span>
            </span>
          </label>
        ))}
        {errors.scope && <p className="text-sm text-red-700">{errors.scope}</p>}
      </fieldset>
      {create.error && Object.keys(errors).length === 0 && <p className="text-sm text-red-700">{create.error.message}</p>}
      <div className="flex gap-2">
        <Button type="submit" busy={create.isPending}>
          Create key
        </Button>
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
