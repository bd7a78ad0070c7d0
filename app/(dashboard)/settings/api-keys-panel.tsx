"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading, SecretReveal } from "@/components/ui/states";

export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.settings.apiKeys.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiKeys.queryKey() });
  const [name, setName] = useState("");
  const create = useMutation(trpc.settings.createApiKey.mutationOptions({ onSuccess: () => { setName(""); void invalidate(); } }));
  const revoke = useMutation(trpc.settings.revokeApiKey.mutationOptions({ onSuccess: invalidate }));
  const errors = fieldErrorsOf(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Card title="API keys">
        <p className="mb-3 text-sm text-stone-600">
          Tools outside the browser call <code className="rounded bg-stone-100 px-1">/api/v1</code> with{" "}
          <code className="rounded bg-stone-100 px-1">Authorization: Bearer &lt;key&gt;</code>. Keys are stored hashed and can be revoked at any time.
        </p>
        {keys.isPending ? (
          <Loading />
        ) : keys.isError ? (
          <ErrorState error={keys.error} retry={() => keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet">Create one for your catalog sync, listings or fulfilment tool.</EmptyState>
        ) : (
          <DataTable
            rows={keys.data}
            rowKey={(k) => k.id}
            filterPlaceholder="Filter keys"
            initialSort={{ key: "created", dir: "desc" }}
            columns={[
              { key: "name", header: "Name", value: (k) => k.name },
              { key: "prefix", header: "Key", value: (k) => k.prefix, render: (k) => <code>{k.prefix}…</code> },
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
      </Card>
      <Card title="Create a key">
        <form onSubmit={submit} noValidate className="space-y-3">
          <TextField label="Key name" placeholder="e.g. Listings sync" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
          <Button type="submit" busy={create.isPending}>
            Create key
          </Button>
          {create.data && <SecretReveal label={`API key “${create.data.name}”`} value={create.data.key} />}
        </form>
      </Card>
    </div>
  );
}
