"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import { DeliveryStatusBadge } from "../../../orders/status";
import { LocationSettings } from "./location-settings";

type Delivery = inferRouterOutputs<AppRouter>["deliveries"]["list"][number];
type Status = "" | "PENDING" | "PROCESSED" | "INVALID" | "FAILED";

export function IntegrationDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.deliveries.integration.queryOptions({ integrationId: id }, { retry: false }));
  const [status, setStatus] = useState<Status>("");
  const log = useQuery(trpc.deliveries.list.queryOptions({ integrationId: id, status: status || undefined }, { refetchInterval: 10_000 }));
  const [viewing, setViewing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deliveries.pathKey() });
  const sendTest = useMutation(trpc.deliveries.sendTest.mutationOptions({ onSuccess: refresh }));
  const replay = useMutation(trpc.deliveries.replay.mutationOptions({ onSuccess: refresh }));

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => overview.refetch()} />;
  const i = overview.data;

  const columns: Column<Delivery>[] = [
    { key: "receivedAt", header: "Received", value: (d) => new Date(d.receivedAt).getTime(), render: (d) => <span className="whitespace-nowrap">{formatDateTime(d.receivedAt)}</span> },
    { key: "deliveryId", header: "Delivery id", value: (d) => d.deliveryId, render: (d) => (
        // Ids are long UUIDs: the start tells deliveries apart, the whole id is in the title and the detail.
        <span className="block max-w-[9rem] truncate font-mono text-xs" title={d.deliveryId}>
          {d.deliveryId}
        </span>
      ) },
    { key: "topic", header: "Event", value: (d) => d.topic, render: (d) => <span className="font-mono text-xs">{d.topic}</span> },
    { key: "order", header: "Order", value: (d) => d.externalId ?? "" },
    { key: "status", header: "Status", value: (d) => d.status, render: (d) => <DeliveryStatusBadge status={d.status} /> },
    { key: "latency", header: "Latency", align: "right", value: (d) => d.latencyMs ?? -1, render: (d) => (d.latencyMs === null ? "—" : `${d.latencyMs} ms`) },
    { key: "error", header: "Error", value: (d) => d.error ?? "", render: (d) => (d.error ? <span className="text-xs text-amber-800">{d.error}</span> : "—") },
    {
      key: "actions",
      header: "",
      render: (d) => (
        <span className="flex justify-end gap-1">
          <Button size="sm" variant="ghost" onClick={() => setViewing(d.id)}>Raw</Button>
          {d.status !== "PROCESSED" && (
            <Button size="sm" variant="secondary" busy={replay.isPending && replay.variables?.id === d.id} onClick={() => replay.mutate({ id: d.id })}>
              Replay
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={i.name}
        description={`${i.kind === "generic" ? "Standard Webhooks" : "Shopify"} POS integration · last delivery ${formatDateTime(i.lastReceivedAt)}`}
        actions={
          <>
            {!i.active && <Badge tone="bad">Paused</Badge>}
            <Button busy={sendTest.isPending} onClick={() => sendTest.mutate({ integrationId: id })} disabled={!i.active}>
              Send test event
            </Button>
          </>
        }
      />
      {sendTest.data && (
        <p role="status" className={`mb-4 rounded-md px-3 py-2 text-sm ${sendTest.data.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          {sendTest.data.ok
            ? "Test order received, recorded and cancelled again (stock unchanged). It is at the top of the log."
            : `Test event refused: ${sendTest.data.answers.map((a) => a.status).join(", ")}`}
        </p>
      )}
      {sendTest.error && <p className="mb-4 text-sm text-red-700">{sendTest.error.message}</p>}
      {replay.error && <p className="mb-4 text-sm text-red-700">{replay.error.message}</p>}
      {replay.data && (
        <p role="status" className="mb-4 rounded-md bg-stone-100 px-3 py-2 text-sm">
          Replayed: now {replay.data.status.toLowerCase()}{replay.data.error ? ` — ${replay.data.error}` : ""}.
        </p>
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card
          title="Delivery log"
          actions={
            <span className="flex flex-wrap gap-1 text-xs">
              <Badge tone="good">{i.counts.PROCESSED} processed</Badge>
              <Badge tone="info">{i.counts.PENDING} pending</Badge>
              <Badge tone="warn">{i.counts.INVALID} invalid</Badge>
              <Badge tone="bad">{i.counts.FAILED} failed</Badge>
            </span>
          }
        >
          {log.isPending ? (
            <Loading />
          ) : log.isError ? (
            <ErrorState error={log.error} retry={() => log.refetch()} />
          ) : log.data.length === 0 && !status ? (
            <EmptyState title="No deliveries yet">
              Set up your POS with the URL and secret on the right, or press “Send test event” to see one arrive here.
            </EmptyState>
          ) : (
            <DataTable
              rows={log.data}
              columns={columns}
              rowKey={(d) => d.id}
              caption="Deliveries"
              filterPlaceholder="Filter deliveries…"
              initialSort={{ key: "receivedAt", dir: "desc" }}
              empty="No deliveries with this status."
              toolbar={
                <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status)} className="w-36">
                  <option value="">Any status</option>
                  <option value="PROCESSED">Processed</option>
                  <option value="PENDING">Pending</option>
                  <option value="INVALID">Invalid</option>
                  <option value="FAILED">Failed</option>
                </SelectField>
              }
            />
          )}
        </Card>
        <div className="space-y-6">
          <LocationSettings integrationId={id} kind={i.kind} />
          <SetupInstructions kind={i.kind} url={i.url} />
        </div>
      </div>
      <RawDelivery id={viewing} onClose={() => setViewing(null)} />
    </>
  );
}

function SetupInstructions({ kind, url }: { kind: string; url: string }) {
  return (
    <Card title="Setup">
      <ol className="list-decimal space-y-3 pl-5 text-sm text-stone-700">
        <li>
          In your POS, add a webhook pointing to
          <code className="mt-1 block break-all rounded bg-stone-100 px-2 py-1 text-xs">{url}</code>
        </li>
        {kind === "generic" ? (
          <>
            <li>
              Sign with the integration secret (<code>whsec_…</code>, shown once when created or rotated in Settings) using Standard Webhooks v1:
              send <code>webhook-id</code>, <code>webhook-timestamp</code> (unix seconds) and <code>webhook-signature</code> ={" "}
              <code>v1,</code>base64(HMAC-SHA256(base64-decoded secret, <code>{"{id}.{timestamp}.{body}"}</code>)). Timestamps more than 5 minutes off are refused.
            </li>
            <li>
              Send <code>order.created</code>, <code>order.updated</code> (the full new state), <code>order.cancelled</code> and <code>order.refunded</code> with{" "}
              <code>data.orderId</code>, <code>location</code> (a location code), <code>channel</code>, <code>placedAt</code>, <code>currency</code> and{" "}
              <code>lineItems</code> (sku, quantity, unitPriceMinor, optional modifiers). Optional: <code>updatedAt</code> (orders competing states; without it the
              signed <code>webhook-timestamp</code> does) and <code>fulfilledAt</code> (when the customer collected it).
            </li>
            <li>
              Any Standard Webhooks library signs for you, e.g. in Node:
              <pre className="mt-1 overflow-x-auto rounded bg-stone-900 p-2 text-xs text-stone-100">{`import { Webhook } from "standardwebhooks";
const id = crypto.randomUUID();
const body = JSON.stringify(event);
const sig = new Webhook(secret).sign(id, new Date(), body);
await fetch(url, { method: "POST", body, headers: {
  "content-type": "application/json", "webhook-id": id,
  "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
  "webhook-signature": sig } });`}</pre>
            </li>
          </>
        ) : (
          <>
            <li>
              In Shopify admin → Settings → Notifications → Webhooks (or your app), subscribe <code>orders/create</code>, <code>orders/updated</code>,{" "}
              <code>orders/cancelled</code> and <code>refunds/create</code> in JSON to this URL.
            </li>
            <li>
              Shopify signs with <code>X-Shopify-Hmac-Sha256</code> (base64 HMAC-SHA256 of the raw body, keyed with the shared secret) and sends{" "}
              <code>X-Shopify-Webhook-Id</code>, which Backroom uses to ignore repeats. Paste the shared secret from Settings into your app.
            </li>
            <li>
              Each order lands at its <code>location</code> note attribute (a location code), else at the location linked to its <code>location_id</code> (Locations,
              above), else at the default location. Refunds name their line by <code>line_item_id</code> and restock by <code>restock_type</code>:{" "}
              <code>return</code>/<code>cancel</code> give stock back, <code>no_restock</code> does not. A fulfilment marks the order collected.
            </li>
          </>
        )}
        <li>
          Answers: 2xx stored (repeats say “duplicate”), 401 bad signature, 404 unknown or paused integration, 413 over 1 MiB, 422 invalid (kept here; fix
          the cause and replay it, or let the POS retry: a retry is checked again), 429 or 503 retry after the <code>Retry-After</code> seconds.
        </li>
      </ol>
    </Card>
  );
}

function RawDelivery({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const body = useQuery(trpc.deliveries.body.queryOptions({ id: id ?? "" }, { enabled: id !== null }));
  let pretty = body.data?.body ?? "";
  try {
    pretty = JSON.stringify(JSON.parse(pretty), null, 2);
  } catch {
    // Not JSON (that is often why it was refused): show it as it arrived.
  }
  return (
    <Dialog open={id !== null} onClose={onClose} title="Raw delivery">
      {body.isPending ? (
        <Loading />
      ) : body.isError ? (
        <ErrorState error={body.error} />
      ) : (
        <div className="space-y-2 text-sm">
          <p className="font-mono text-xs">{body.data.deliveryId} · {body.data.topic}</p>
          {body.data.error && <p className="text-amber-800">{body.data.error}</p>}
          <pre className="max-h-96 overflow-auto rounded bg-stone-100 p-2 text-xs">{pretty}</pre>
        </div>
      )}
    </Dialog>
  );
}
