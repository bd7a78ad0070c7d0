"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading, SecretReveal } from "@/components/ui/states";

export function IntegrationsPanel({ baseUrl }: { baseUrl: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.settings.integrations.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.settings.integrations.queryKey() });
  const [revealed, setRevealed] = useState<{ id: string; secret: string } | null>(null);
  const rotate = useMutation(trpc.settings.rotateIntegrationSecret.mutationOptions({ onSuccess: (r) => { setRevealed(r); void invalidate(); } }));
  const setActive = useMutation(trpc.settings.setIntegrationActive.mutationOptions({ onSuccess: invalidate }));

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-4">
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} retry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title="No POS connected">Create an integration, then paste its URL and secret into your POS webhook settings.</EmptyState>
        ) : (
          list.data.map((i) => (
            <Card
              key={i.id}
              title={
                <span className="flex items-center gap-2">
                  {i.name} <Badge tone="info">{i.kind === "generic" ? "Standard Webhooks" : "Shopify"}</Badge>
                  {!i.active && <Badge tone="bad">Paused</Badge>}
                </span>
              }
              actions={
                <>
                  <a href={`/settings/integrations/${i.id}`} className="text-sm font-medium text-brand-700 underline">Delivery log &amp; setup</a>
                  <Button size="sm" variant="secondary" busy={rotate.isPending && rotate.variables?.id === i.id}
                    onClick={() => confirm("Rotate the secret? The old one keeps working for 24 hours.") && rotate.mutate({ id: i.id })}>
                    Rotate secret
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setActive.mutate({ id: i.id, active: !i.active })}>
                    {i.active ? "Pause" : "Resume"}
                  </Button>
                </>
              }
            >
              <dl className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
                <dt className="text-stone-500">Webhook URL</dt>
                <dd><code className="break-all rounded bg-stone-100 px-1">{baseUrl}{i.path}</code></dd>
                <dt className="text-stone-500">Secret</dt>
                <dd><code>{i.secretHint}</code>{i.previousSecretExpiresAt && new Date(i.previousSecretExpiresAt) > new Date() && (
                  <span className="ml-2 text-xs text-stone-500">previous secret valid until {formatDateTime(i.previousSecretExpiresAt)}</span>)}</dd>
                <dt className="text-stone-500">Signing</dt>
                <dd className="text-stone-700">
                  {i.kind === "generic"
                    ? "Standard Webhooks v1: webhook-id, webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>)."
                    : "Shopify: X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body), X-Shopify-Topic, X-Shopify-Webhook-Id."}
                </dd>
              </dl>
              {revealed?.id === i.id && <div className="mt-3"><SecretReveal label="New signing secret" value={revealed.secret} /></div>}
            </Card>
          ))
        )}
      </div>
      <CreateIntegration baseUrl={baseUrl} onCreated={invalidate} />
    </div>
  );
}

function CreateIntegration({ baseUrl, onCreated }: { baseUrl: string; onCreated: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"generic" | "shopify">("generic");
  const create = useMutation(trpc.settings.createIntegration.mutationOptions({ onSuccess: () => { setName(""); onCreated(); } }));
  const errors = fieldErrorsOf(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name, kind });
  }
  return (
    <Card title="Connect a POS">
      <form onSubmit={submit} noValidate className="space-y-3">
        <TextField label="Name" placeholder="e.g. Kiosk POS" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as "generic" | "shopify")} error={errors.kind}>
          <option value="generic">Generic (Standard Webhooks)</option>
          <option value="shopify">Shopify</option>
        </SelectField>
        <Button type="submit" busy={create.isPending}>Create integration</Button>
        {create.data && (
          <div className="space-y-2">
            <p className="text-sm">Webhook URL: <code className="break-all">{baseUrl}{create.data.path}</code></p>
            <SecretReveal label="Signing secret" value={create.data.secret} />
          </div>
        )}
      </form>
    </Card>
  );
}
