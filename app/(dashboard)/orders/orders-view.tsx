"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatDateTime, formatMoney } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { OrderStatusBadge } from "./status";

type OrderRow = inferRouterOutputs<AppRouter>["orders"]["list"][number];

export function OrdersView() {
  return (
    <div className="space-y-6">
      <UnmappedInbox />
      <OrdersTable />
    </div>
  );
}

function OrdersTable() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"" | "OPEN" | "CANCELLED" | "REFUNDED">("");
  const [channel, setChannel] = useState("");
  const [unmappedOnly, setUnmappedOnly] = useState(false);
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search.trim());
  const channels = useQuery(trpc.orders.channels.queryOptions());
  const list = useQuery(
    trpc.orders.list.queryOptions({
      status: status || undefined,
      channel: channel || undefined,
      unmappedOnly: unmappedOnly || undefined,
      search: deferredSearch || undefined,
    }, { placeholderData: (previous) => previous }),
  );

  const columns: Column<OrderRow>[] = [
    {
      key: "externalId",
      header: "Order",
      value: (o) => o.externalId,
      render: (o) => (
        <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {o.externalId}
        </Link>
      ),
    },
    { key: "placedAt", header: "Placed", value: (o) => new Date(o.placedAt).getTime(), render: (o) => formatDateTime(o.placedAt) },
    { key: "status", header: "Status", value: (o) => o.status, render: (o) => <OrderStatusBadge status={o.status} /> },
    { key: "location", header: "Location", value: (o) => o.locationCode },
    { key: "channel", header: "Channel", value: (o) => o.channel },
    {
      key: "tags",
      header: "Tags · campaign",
      value: (o) => [...o.tags, o.campaign ?? ""].join(" "),
      render: (o) => (
        <span className="flex flex-wrap gap-1">
          {o.tags.map((t) => <Badge key={t}>{t}</Badge>)}
          {o.campaign && <Badge tone="info">{o.campaign}</Badge>}
        </span>
      ),
    },
    { key: "source", header: "Source", value: (o) => o.integration.name },
    {
      key: "total",
      header: "Total",
      align: "right",
      value: (o) => o.subtotalMinor - o.refundedMinor,
      render: (o) => (
        <span>
          {formatMoney(o.subtotalMinor, o.currency)}
          {o.refundedMinor > 0 && <span className="block text-xs text-amber-700">−{formatMoney(o.refundedMinor, o.currency)} refunded</span>}
        </span>
      ),
    },
    {
      key: "unmapped",
      header: "Unmapped",
      align: "right",
      value: (o) => o.unmappedLines,
      render: (o) => (o.unmappedLines > 0 ? <Badge tone="warn">{o.unmappedLines} line{o.unmappedLines > 1 ? "s" : ""}</Badge> : "—"),
    },
  ];

  return (
    <Card title="Recent orders" actions={<span className="text-xs text-stone-500">Newest 100 matching the filters</span>}>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : list.data.length === 0 && !status && !channel && !unmappedOnly && !deferredSearch ? (
        <EmptyState
          title="No orders yet"
          action={<Link href="/settings" className="text-sm font-medium text-brand-700 underline">Connect your POS</Link>}
        >
          Orders appear here as soon as your POS sends them. Copy the webhook URL and secret from Settings → POS integrations into your
          POS, or press “Send test event” on an integration to see one arrive.
        </EmptyState>
      ) : (
        <DataTable
          rows={list.data}
          columns={columns}
          rowKey={(o) => o.id}
          caption="Orders"
          filterPlaceholder="Filter orders…"
          initialSort={{ key: "placedAt", dir: "desc" }}
          empty="No orders match these filters."
          toolbar={
            <div className="flex flex-wrap items-end gap-2">
              <TextField
                label="Find order"
                placeholder="Order id, campaign or customer"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                className="w-56"
              />
              <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)} className="w-36">
                <option value="">Any status</option>
                <option value="OPEN">Open</option>
                <option value="REFUNDED">Refunded</option>
                <option value="CANCELLED">Cancelled</option>
              </SelectField>
              <SelectField label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)} className="w-40">
                <option value="">Any channel</option>
                {channels.data?.map((c) => (
                  <option key={c.code} value={c.code}>{c.name}</option>
                ))}
              </SelectField>
              <label className="flex h-9 items-center gap-2 text-sm text-stone-700">
                <input type="checkbox" checked={unmappedOnly} onChange={(e) => setUnmappedOnly(e.target.checked)} />
                Only with unmapped SKUs
              </label>
            </div>
          }
        />
      )}
    </Card>
  );
}

function UnmappedInbox() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unmapped = useQuery(trpc.orders.unmapped.queryOptions());
  const products = useQuery(trpc.catalog.products.queryOptions());
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const map = useMutation(
    trpc.orders.mapSku.mutationOptions({
      onSuccess: (r) => {
        setDone(`${r.sku} → ${r.product.name}: consumption applied to ${r.linesMapped} line${r.linesMapped === 1 ? "" : "s"} in ${r.ordersUpdated} order${r.ordersUpdated === 1 ? "" : "s"}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(map.error);

  if (unmapped.isPending) return <Card title="Unmapped SKUs"><Loading /></Card>;
  if (unmapped.isError) return <Card title="Unmapped SKUs"><ErrorState error={unmapped.error} retry={() => unmapped.refetch()} /></Card>;
  if (unmapped.data.length === 0) {
    return done ? <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{done}</p> : null;
  }
  return (
    <Card title={<span className="flex items-center gap-2">Unmapped SKUs <Badge tone="warn">{unmapped.data.length}</Badge></span>}>
      <p className="mb-3 text-sm text-stone-600">
        These SKUs came from your POS but match no product, so they took nothing from stock. Map each to a product: its kit is applied to the
        orders already recorded, and future orders with this SKU use it automatically.
      </p>
      {done && <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{done}</p>}
      {map.error && !errors.productId && <p className="mb-3 text-sm text-red-700">{map.error.message}</p>}
      <ul className="divide-y divide-stone-100">
        {unmapped.data.map((u) => (
          <li key={u.sku} className="flex flex-wrap items-end gap-3 py-3">
            <div className="min-w-40 flex-1">
              <p className="font-mono text-sm font-semibold text-stone-900">{u.sku}</p>
              <p className="text-xs text-stone-500">
                {u.quantity} sold in {u.lines} line{u.lines === 1 ? "" : "s"} · last seen {u.lastSeen ?? "—"}
              </p>
            </div>
            <SelectField
              label={`Product for ${u.sku}`}
              value={choice[u.sku] ?? ""}
              onChange={(e) => setChoice((c) => ({ ...c, [u.sku]: e.target.value }))}
              error={map.variables?.sku === u.sku ? errors.productId : undefined}
              className="w-64"
            >
              <option value="">Choose a product…</option>
              {products.data?.map((p) => (
                <option key={p.id} value={p.id}>{p.name} ({p.sku})</option>
              ))}
            </SelectField>
            <Button
              size="sm"
              disabled={!choice[u.sku]}
              busy={map.isPending && map.variables?.sku === u.sku}
              onClick={() => map.mutate({ sku: u.sku, productId: choice[u.sku] ?? "" })}
            >
              Map and apply
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
