"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDateTime, formatMoney, formatQuantity, formatRelative } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { DropStatusBadge } from "../drop-status";
import { FeasibilityPanel } from "../feasibility-panel";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-stone-200">
      <p className="text-xs font-medium uppercase tracking-wide text-stone-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-stone-900">{value}</p>
      {hint && <p className="mt-0.5 text-xs text-stone-500">{hint}</p>}
    </div>
  );
}

function Progress({ sold, cap }: { sold: number; cap: number }) {
  const pct = cap > 0 ? Math.min(100, Math.round((sold / cap) * 100)) : 0;
  return (
    <div className="flex items-center gap-2">
      <div className="h-2 w-28 overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={`${sold} of ${cap} sold`}>
        <div className={`h-full ${pct >= 100 ? "bg-emerald-600" : "bg-brand-500"}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="text-xs tabular-nums text-stone-600">{pct}%</span>
    </div>
  );
}

export function DropDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const drop = useQuery({
    ...trpc.drops.get.queryOptions({ id }),
    // Live drops refresh their sell-through on their own.
    refetchInterval: (q) => (q.state.data?.status === "LIVE" ? 15_000 : false),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.drops.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.drops.list.queryKey() });
  };
  const cancel = useMutation(trpc.drops.cancel.mutationOptions({ onSuccess: refresh }));
  const [raising, setRaising] = useState<string | null>(null);
  const raise = useMutation(
    trpc.drops.raiseShortfall.mutationOptions({
      onSettled: () => setRaising(null),
      onSuccess: refresh,
    }),
  );

  if (drop.isPending) return <Loading label="Loading the drop…" />;
  if (drop.isError) return <ErrorState error={drop.error} retry={() => drop.refetch()} />;
  const d = drop.data;
  const tz = d.timeZone;
  const started = d.status === "LIVE" || d.status === "ENDED";

  return (
    <div className="space-y-6">
      <PageHeader
        title={d.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <DropStatusBadge status={d.status} />
            <span>
              {d.location.name} · {formatDateTime(d.startsAt, tz)} – {formatDateTime(d.endsAt, tz)} · {d.channels.join(", ")}
              {d.campaign ? ` · campaign ${d.campaign}` : ""}
            </span>
          </span>
        }
        actions={
          <>
            <Link href="/drops" className="inline-flex h-10 items-center rounded-md px-3 text-sm font-medium text-stone-700 hover:bg-stone-100">
              All drops
            </Link>
            {d.status === "SCHEDULED" && (
              <Link href={`/drops/${d.id}/edit`} className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100">
                Edit
              </Link>
            )}
            {(d.status === "SCHEDULED" || d.status === "LIVE") && (
              <Button variant="danger" busy={cancel.isPending} onClick={() => confirm(`Cancel ${d.name}? Its caps stop being held.`) && cancel.mutate({ id: d.id })}>
                Cancel drop
              </Button>
            )}
          </>
        }
      />
      {cancel.error && <ErrorState error={cancel.error} />}

      {d.announcement && (
        <Card title="Announcement">
          <p className="whitespace-pre-line text-sm text-stone-800">{d.announcement}</p>
        </Card>
      )}

      {d.status === "SCHEDULED" && d.feasibility && (
        <Card title="Feasibility" actions={<span className="text-xs text-stone-500">Starts {formatRelative(d.startsAt)}</span>}>
          <FeasibilityPanel
            feasibility={d.feasibility}
            timeZone={tz}
            raisingId={raising}
            onRaise={(componentId) => {
              setRaising(componentId);
              raise.mutate({ dropId: d.id, componentId });
            }}
          />
          {raise.data && (
            <p role="status" className="mt-3 text-sm text-emerald-800">
              {raise.data.status === "raised" ? (
                <>
                  Raised {formatQuantity(raise.data.quantity, raise.data.unit)} {raise.data.component} for the delivery on {formatDateTime(raise.data.arrivesAt, tz)} (the draft
                  for that delivery now asks for {formatQuantity(raise.data.lineQuantity, raise.data.unit)}). It is a draft: send it to the supplier by{" "}
                  {formatDateTime(raise.data.orderBy, tz)} from the{" "}
                </>
              ) : (
                <>
                  {raise.data.component} is already covered before the start ({formatQuantity(raise.data.ordered, raise.data.unit)} ordered,{" "}
                  {formatQuantity(raise.data.planned, raise.data.unit)} planned); nothing more was raised. See the{" "}
                </>
              )}
              <Link href="/resupply" className="underline">
                resupply board
              </Link>
              .
            </p>
          )}
          {raise.error && <p role="alert" className="mt-3 text-sm text-red-700">{raise.error.message}</p>}
        </Card>
      )}

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Units sold" value={`${d.totals.units} / ${d.totals.cap}`} hint={`${d.totals.orders} orders`} />
        <Stat label="Revenue" value={formatMoney(d.totals.revenueMinor)} hint="Drop products, after refunds" />
        <Stat
          label="Sold out"
          value={d.soldOutAt ? (d.sellOutMinutes !== null ? `${d.sellOutMinutes} min` : "Yes") : "Not yet"}
          hint={d.soldOutAt ? formatDateTime(d.soldOutAt, tz) : started ? "Still selling" : "Starts later"}
        />
        <Stat label="Leftover" value={String(d.items.reduce((s, i) => s + i.leftover, 0))} hint="Cap − sold" />
      </div>

      <Card title={d.status === "ENDED" ? "Sell-through" : "Live sell-through"}>
        {!started && d.totals.units === 0 ? (
          <EmptyState title="Not started yet">Sell-through per product and channel appears here as orders arrive during the drop.</EmptyState>
        ) : (
          <DataTable
            rows={d.items}
            rowKey={(i) => i.productId}
            filterPlaceholder="Filter products"
            initialSort={{ key: "sold", dir: "desc" }}
            caption="Sell-through per product"
            columns={[
              { key: "sku", header: "Product", value: (i) => i.sku, render: (i) => <span><span className="font-medium">{i.sku}</span> <span className="text-stone-500">{i.name}</span></span> },
              { key: "sold", header: "Sold", value: (i) => i.sold, align: "right" },
              { key: "cap", header: "Cap", value: (i) => i.cap, align: "right" },
              { key: "progress", header: "Sell-through", value: (i) => (i.cap ? i.sold / i.cap : 0), render: (i) => <Progress sold={i.sold} cap={i.cap} /> },
              ...d.channels.map((c) => ({ key: `ch-${c}`, header: c, align: "right" as const, value: (i: (typeof d.items)[number]) => i.perChannel[c] ?? 0 })),
              {
                key: "leftover",
                header: "Leftover",
                value: (i) => i.leftover - i.oversold,
                align: "right",
                render: (i) => (i.oversold > 0 ? <span className="font-medium text-amber-700">{i.oversold} over cap</span> : i.leftover),
              },
              { key: "revenue", header: "Revenue", value: (i) => i.revenueMinor, align: "right", render: (i) => formatMoney(i.revenueMinor) },
              { key: "soldout", header: "Sold out at", value: (i) => (i.soldOutAt ? new Date(i.soldOutAt).getTime() : null), render: (i) => (i.soldOutAt ? formatDateTime(i.soldOutAt, tz) : "—") },
            ]}
          />
        )}
      </Card>

      {d.channelsSold.length > 0 && (
        <Card title="By channel">
          <DataTable
            rows={d.channelsSold}
            rowKey={(c) => c.channel}
            filterPlaceholder="Filter channels"
            initialSort={{ key: "units", dir: "desc" }}
            columns={[
              { key: "channel", header: "Channel", value: (c) => c.channel },
              { key: "orders", header: "Orders", value: (c) => c.orders, align: "right" },
              { key: "units", header: "Units", value: (c) => c.units, align: "right" },
              { key: "revenue", header: "Revenue", value: (c) => c.revenueMinor, align: "right", render: (c) => formatMoney(c.revenueMinor) },
            ]}
          />
        </Card>
      )}

      {d.report && (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Waste during the drop" actions={<span className="text-sm font-medium">{formatMoney(d.report.wasteCostMinor)}</span>}>
            {d.report.waste.length === 0 ? (
              <p className="text-sm text-stone-500">No waste recorded at {d.location.name} during the drop window.</p>
            ) : (
              <ul className="divide-y divide-stone-100 text-sm">
                {d.report.waste.map((w) => (
                  <li key={w.code} className="flex justify-between py-1.5">
                    <span>
                      <span className="font-medium">{w.code}</span> <span className="text-stone-500">{w.name}</span>
                    </span>
                    <span className="tabular-nums">
                      {formatQuantity(w.quantity, w.unit)} · {formatMoney(w.costMinor)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Campaign attribution">
            {!d.report.campaign ? (
              <p className="text-sm text-stone-500">No campaign on this drop. Set one when planning to attribute the orders it brings in.</p>
            ) : (
              <div className="space-y-2 text-sm">
                <p>
                  <span className="font-medium">{d.report.campaign.orders}</span> orders at {d.location.name} tagged <code className="rounded bg-stone-100 px-1">{d.report.campaign.code}</code> during the drop,{" "}
                  <span className="font-medium">{formatMoney(d.report.campaign.revenueMinor)}</span> in revenue (all their lines, after refunds).
                </p>
                <ul className="divide-y divide-stone-100">
                  {d.report.campaign.byChannel.map((c) => (
                    <li key={c.channel} className="flex justify-between py-1.5">
                      <span>{c.channel}</span>
                      <span className="tabular-nums">
                        {c.orders} orders · {formatMoney(c.revenueMinor)}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
