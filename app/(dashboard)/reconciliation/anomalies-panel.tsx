"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/components/format";
import { ANOMALY_LABELS, type AnomalyKind, type AnomalyStatus } from "@/server/domain/anomaly";

const FILTERS = [
  { id: "ACTIVE", label: "Needs attention" },
  { id: "OPEN", label: "Open" },
  { id: "ACKNOWLEDGED", label: "Acknowledged" },
  { id: "RESOLVED", label: "Resolved" },
] as const;

const STATUS_TONE = { OPEN: "bad", ACKNOWLEDGED: "warn", RESOLVED: "good" } as const;

export function AnomaliesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]["id"]>("ACTIVE");
  const anomalies = useQuery(trpc.anomalies.list.queryOptions({ status: filter }));
  const runs = useQuery(trpc.reconciliation.runs.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.anomalies.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.reconciliation.runs.queryKey() }),
    ]);
  const run = useMutation(trpc.reconciliation.runNow.mutationOptions({ onSuccess: refresh }));
  const setStatus = useMutation(trpc.anomalies.setStatus.mutationOptions({ onSuccess: refresh }));
  const lastRun = runs.data?.[0];

  return (
    <div className="space-y-6">
      <Card
        title="Reconciliation run"
        actions={
          <Button onClick={() => run.mutate()} busy={run.isPending}>
            Run reconciliation now
          </Button>
        }
      >
        <div className="text-sm text-stone-700" data-testid="reconciliation-status">
          {run.data ? (
            <p>
              Done: {run.data.countsChecked} counts checked, {run.data.adjustments} adjustments booked, {run.data.anomaliesRaised} anomalies raised,{" "}
              {run.data.anomaliesResolved} resolved automatically.
            </p>
          ) : lastRun ? (
            <p>
              Last run {formatDateTime(lastRun.startedAt)}
              {lastRun.result ? `: ${lastRun.result.adjustments} adjustments, ${lastRun.result.anomaliesRaised} anomalies raised.` : "."}
            </p>
          ) : (
            <p>Not run yet. It runs by itself every night after 04:00 shop time; run it now to check today&apos;s counts.</p>
          )}
          {run.error && <p className="mt-1 text-red-700">{run.error.message}</p>}
        </div>
      </Card>

      <Card title="Anomalies">
        <div role="group" aria-label="Status filter" className="mb-3 flex flex-wrap gap-2">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={filter === f.id}
              onClick={() => setFilter(f.id)}
              className={cn(
                "h-9 rounded-full px-4 text-sm font-medium ring-1",
                filter === f.id ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-50",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        {setStatus.error && <p className="mb-2 text-sm text-red-700">{setStatus.error.message}</p>}
        {anomalies.isPending ? (
          <Loading />
        ) : anomalies.isError ? (
          <ErrorState error={anomalies.error} retry={() => anomalies.refetch()} />
        ) : anomalies.data.length === 0 && filter === "ACTIVE" ? (
          <EmptyState title="Nothing needs attention">
            No open anomalies. Count variances over 10 % (and at least 100 g/ml or 2 pieces), negative stock, unmapped SKUs, invalid or stuck POS deliveries
            and missing order numbers show up here. Once you resolve one it stays resolved while the problem stays the same.
          </EmptyState>
        ) : (
          <DataTable
            rows={anomalies.data}
            rowKey={(a) => a.id}
            filterPlaceholder="Filter anomalies"
            initialSort={{ key: "createdAt", dir: "desc" }}
            empty="No anomalies with this status."
            columns={[
              {
                key: "kind",
                header: "Kind",
                value: (a) => ANOMALY_LABELS[a.kind as AnomalyKind] ?? a.kind,
              },
              { key: "message", header: "What happened", value: (a) => a.message, className: "min-w-64 whitespace-normal" },
              { key: "location", header: "Location", value: (a) => a.location?.name ?? "Whole shop" },
              {
                key: "createdAt",
                header: "Raised",
                value: (a) => new Date(a.createdAt).getTime(),
                render: (a) => (
                  <span>
                    {formatDateTime(a.createdAt)}
                    {a.businessDate && <span className="block text-xs text-stone-500">for {a.businessDate}</span>}
                  </span>
                ),
              },
              {
                key: "status",
                header: "Status",
                value: (a) => a.status,
                render: (a) => (
                  <span className="flex flex-col gap-0.5">
                    <Badge tone={STATUS_TONE[a.status as AnomalyStatus] ?? "neutral"}>{a.status.toLowerCase()}</Badge>
                    {a.status === "RESOLVED" ? (
                      <span className="text-xs text-stone-500">{a.resolvedByName ? `by ${a.resolvedByName}` : "cleared by itself"}</span>
                    ) : (
                      a.acknowledgedByName && a.status !== "OPEN" && <span className="text-xs text-stone-500">by {a.acknowledgedByName}</span>
                    )}
                  </span>
                ),
              },
              {
                key: "actions",
                header: "",
                render: (a) => (
                  <span className="flex flex-wrap justify-end gap-1">
                    {a.status === "OPEN" && (
                      <Button size="sm" variant="secondary" onClick={() => setStatus.mutate({ id: a.id, status: "ACKNOWLEDGED" })}>
                        Acknowledge
                      </Button>
                    )}
                    {a.status !== "RESOLVED" && (
                      <Button size="sm" variant="secondary" onClick={() => setStatus.mutate({ id: a.id, status: "RESOLVED" })}>
                        Resolve
                      </Button>
                    )}
                    {a.status === "RESOLVED" && (
                      <Button size="sm" variant="ghost" onClick={() => setStatus.mutate({ id: a.id, status: "OPEN" })}>
                        Reopen
                      </Button>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
