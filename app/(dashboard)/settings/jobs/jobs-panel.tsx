"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime, formatRelative } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

const TONE = { SUCCEEDED: "good", RUNNING: "info", FAILED: "bad" } as const;

function every(ms: number): string {
  return ms >= 3_600_000 ? `every ${Math.round(ms / 3_600_000)} h` : ms >= 60_000 ? `every ${Math.round(ms / 60_000)} min` : `every ${Math.round(ms / 1000)} s`;
}

export function JobsPanel({ canRun }: { canRun: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery({ ...trpc.jobs.list.queryOptions(), refetchInterval: 15_000 });
  const run = useMutation(trpc.jobs.runNow.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }) }));
  if (jobs.isPending) return <Loading />;
  if (jobs.isError) return <ErrorState error={jobs.error} retry={() => jobs.refetch()} />;
  if (jobs.data.length === 0) return <EmptyState title="No jobs registered">Jobs appear here once the server registers them.</EmptyState>;
  return (
    <div className="space-y-3">
      {run.error && <p className="text-sm text-red-700">{run.error.message}</p>}
      {run.data && (
        <p className="text-sm text-stone-700" role="status">
          {run.variables?.name}: {run.data.status.toLowerCase()} in {run.data.durationMs ?? 0} ms — {run.data.summary ?? run.data.error}
        </p>
      )}
      <DataTable
        rows={jobs.data}
        rowKey={(j) => j.name}
        filterPlaceholder="Filter jobs"
        initialSort={{ key: "name", dir: "asc" }}
        columns={[
          {
            key: "name",
            header: "Job",
            value: (j) => j.name,
            render: (j) => (
              <div>
                <p className="font-medium">{j.name}</p>
                <p className="text-xs text-stone-500">
                  {j.description} ({every(j.everyMs)})
                </p>
              </div>
            ),
          },
          {
            key: "last",
            header: "Last run",
            value: (j) => (j.lastRun ? new Date(j.lastRun.startedAt).getTime() : null),
            render: (j) => (j.lastRun ? <span title={formatDateTime(j.lastRun.startedAt)}>{formatRelative(j.lastRun.startedAt)}</span> : "Never"),
          },
          { key: "duration", header: "Duration", align: "right", value: (j) => j.lastRun?.durationMs ?? null, render: (j) => (j.lastRun?.durationMs != null ? `${j.lastRun.durationMs} ms` : "—") },
          {
            key: "outcome",
            header: "Outcome",
            value: (j) => j.lastRun?.status ?? "",
            render: (j) =>
              j.lastRun ? (
                <div className="space-y-1">
                  <span className="flex flex-wrap items-center gap-1">
                    <Badge tone={TONE[j.lastRun.status as keyof typeof TONE] ?? "neutral"}>{j.lastRun.status.toLowerCase()}</Badge>
                    <span className="text-xs text-stone-500">{j.lastRun.scope === "shop" ? "this shop" : "all shops, counts only"}</span>
                  </span>
                  <p className="max-w-md text-xs text-stone-600">{j.lastRun.error ?? j.lastRun.summary}</p>
                </div>
              ) : (
                "—"
              ),
          },
          {
            key: "recent",
            header: "Last 10",
            value: (j) => j.recent.filter((r) => r.status === "FAILED").length,
            render: (j) => (
              <span aria-label={`${j.recent.filter((r) => r.status === "FAILED").length} of the last ${j.recent.length} runs failed`} className="flex gap-0.5">
                {j.recent.map((r) => (
                  <span key={r.id} className={`size-2.5 rounded-sm ${r.status === "FAILED" ? "bg-red-500" : r.status === "RUNNING" ? "bg-sky-500" : "bg-emerald-500"}`} />
                ))}
              </span>
            ),
          },
          ...(canRun
            ? [
                {
                  key: "actions",
                  header: "",
                  render: (j: (typeof jobs.data)[number]) => (
                    <Button size="sm" variant="secondary" busy={run.isPending && run.variables?.name === j.name} onClick={() => run.mutate({ name: j.name })} aria-label={`Run ${j.name} now`}>
                      Run now
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
