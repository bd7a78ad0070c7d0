"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/format";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading, SecretReveal } from "@/components/ui/states";

const DELIVERY_TONE = { SUCCEEDED: "good", PENDING: "neutral", FAILED: "warn", DEAD: "bad", CANCELLED: "neutral" } as const;

export function WebhooksPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.subscriptions.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.subscriptions.pathKey() });
  const [revealed, setRevealed] = useState<{ id: string; secret: string; previousSecretUntil: Date } | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const rotate = useMutation(trpc.subscriptions.rotateSecret.mutationOptions({ onSuccess: (r) => { setRevealed(r); void invalidate(); } }));
  const update = useMutation(trpc.subscriptions.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.subscriptions.delete.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(trpc.subscriptions.sendTest.mutationOptions({ onSuccess: invalidate }));

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="space-y-4">
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} retry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title="No subscriptions yet">
            Add the URL of your newsletter, listings or fulfilment tool on the right. Each request is signed (Standard Webhooks) with the subscription&apos;s
            own secret.
          </EmptyState>
        ) : (
          list.data.map((s) => (
            <article key={s.id} aria-label={`Subscription ${s.description || s.url}`}>
            <Card
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <span className="break-all">{s.description || s.url}</span>
                  {s.active ? <Badge tone="good">Active</Badge> : <Badge tone="bad">Disabled</Badge>}
                </span>
              }
              actions={
                <>
                  <Button size="sm" variant="secondary" busy={test.isPending && test.variables?.id === s.id} disabled={!s.active} onClick={() => test.mutate({ id: s.id })}>
                    Send test
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setLogFor(logFor === s.id ? null : s.id)} aria-expanded={logFor === s.id}>
                    {logFor === s.id ? "Hide log" : "Delivery log"}
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => rotate.mutate({ id: s.id })}>
                    Rotate secret
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => update.mutate({ id: s.id, url: s.url, description: s.description, eventTypes: s.eventTypes, active: !s.active })}
                  >
                    {s.active ? "Disable" : "Enable"}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: s.id })}>
                    Delete
                  </Button>
                </>
              }
            >
              <dl className="grid gap-2 text-sm sm:grid-cols-[9rem_1fr]">
                <dt className="text-stone-500">URL</dt>
                <dd className="break-all font-mono text-xs">{s.url}</dd>
                <dt className="text-stone-500">Events</dt>
                <dd>{s.eventTypes.length ? s.eventTypes.join(", ") : "All events"}</dd>
                <dt className="text-stone-500">Secret</dt>
                <dd>
                  <span className="font-mono text-xs">{s.secretHint}</span>
                  {s.previousSecretUntil && (
                    <span className="block text-xs text-stone-600">The previous secret also signs until {formatDateTime(s.previousSecretUntil)}.</span>
                  )}
                </dd>
                <dt className="text-stone-500">Deliveries</dt>
                <dd>
                  {s.delivered} delivered · {s.failing} pending or retrying · {s.dead} dead
                  {s.cancelled ? ` · ${s.cancelled} not sent (subscription was off)` : ""}
                </dd>
                {s.disabledReason && (
                  <>
                    <dt className="text-stone-500">Disabled</dt>
                    <dd className="text-red-700">{s.disabledReason}</dd>
                  </>
                )}
              </dl>
              {revealed?.id === s.id && (
                <div className="mt-3">
                  <SecretReveal label="New signing secret" value={revealed.secret} />
                  <p className="mt-1 text-xs text-stone-600">
                    Until {formatDateTime(revealed.previousSecretUntil)} every delivery is signed with both secrets, so your receiver keeps verifying
                    while you switch it to the new one.
                  </p>
                </div>
              )}
              {test.data && test.variables?.id === s.id && (
                <p className="mt-3 text-sm" role="status">
                  Test event: {test.data.status === "SUCCEEDED" ? "delivered" : "not delivered"}
                  {test.data.statusCode ? ` (HTTP ${test.data.statusCode})` : ""}
                  {test.data.error ? ` — ${test.data.error}` : ""}.
                </p>
              )}
              {logFor === s.id && <DeliveryLog subscriptionId={s.id} />}
            </Card>
            </article>
          ))
        )}
        {(rotate.error || update.error || remove.error || test.error) && (
          <p className="text-sm text-red-700">{(rotate.error ?? update.error ?? remove.error ?? test.error)?.message}</p>
        )}
      </div>
      <CreateSubscription onCreated={invalidate} />
    </div>
  );
}

function DeliveryLog({ subscriptionId }: { subscriptionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const log = useQuery(trpc.subscriptions.deliveries.queryOptions({ subscriptionId }));
  const replay = useMutation(
    trpc.subscriptions.replay.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.subscriptions.pathKey() }) }),
  );
  if (log.isPending) return <Loading label="Loading deliveries…" />;
  if (log.isError) return <ErrorState error={log.error} retry={() => log.refetch()} />;
  return (
    <div className="mt-4">
      <DataTable
        rows={log.data}
        rowKey={(d) => d.id}
        filterPlaceholder="Filter deliveries"
        initialSort={{ key: "created", dir: "desc" }}
        empty={<p className="py-4 text-sm text-stone-600">No deliveries yet: events are sent within a few seconds of happening.</p>}
        columns={[
          { key: "created", header: "Event time", value: (d) => new Date(d.event.createdAt).getTime(), render: (d) => formatDateTime(d.event.createdAt) },
          { key: "type", header: "Event", value: (d) => d.event.type },
          {
            key: "status",
            header: "Status",
            value: (d) => d.status,
            render: (d) => <Badge tone={DELIVERY_TONE[d.status as keyof typeof DELIVERY_TONE] ?? "neutral"}>{d.status.toLowerCase()}</Badge>,
          },
          { key: "attempts", header: "Attempts", align: "right", value: (d) => d.attempts },
          {
            key: "last",
            header: "Last answer",
            value: (d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ""),
            render: (d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "—"),
          },
          {
            key: "next",
            header: "Next try",
            value: (d) => (d.status === "FAILED" || d.status === "PENDING" ? new Date(d.nextAttemptAt).getTime() : null),
            render: (d) => (d.status === "FAILED" || d.status === "PENDING" ? formatDateTime(d.nextAttemptAt) : "—"),
          },
          {
            key: "actions",
            header: "",
            render: (d) => (
              <Button size="sm" variant="secondary" busy={replay.isPending && replay.variables?.deliveryId === d.id} onClick={() => replay.mutate({ deliveryId: d.id })}>
                Replay
              </Button>
            ),
          },
        ]}
      />
      {replay.error && <p className="mt-2 text-sm text-red-700">{replay.error.message}</p>}
    </div>
  );
}

function CreateSubscription({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const types = useQuery(trpc.subscriptions.eventTypes.queryOptions());
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const create = useMutation(
    trpc.subscriptions.create.mutationOptions({
      onSuccess: () => {
        setUrl("");
        setDescription("");
        setSelected([]);
        onCreated();
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ url, description: description || null, eventTypes: selected });
  }
  return (
    <Card title="Add a subscription">
      <form onSubmit={submit} className="space-y-4">
        <TextField label="Endpoint URL" type="url" placeholder="https://example.com/hooks/backroom" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} required />
        <TextField label="Description" placeholder="Newsletter tool" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
        <fieldset>
          <legend className="text-sm font-medium text-stone-700">Events (none ticked = all)</legend>
          <div className="mt-2 grid gap-1">
            {(types.data ?? []).map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selected.includes(t)}
                  onChange={(e) => setSelected((s) => (e.target.checked ? [...s, t] : s.filter((x) => x !== t)))}
                />
                <code>{t}</code>
              </label>
            ))}
          </div>
          {errors.eventTypes && <p className="text-sm text-red-700">{errors.eventTypes}</p>}
        </fieldset>
        {create.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{create.error.message}</p>}
        <Button type="submit" busy={create.isPending}>
          Add subscription
        </Button>
        {create.data && <SecretReveal label="Signing secret (whsec_…) for this subscription" value={create.data.secret} />}
      </form>
    </Card>
  );
}
