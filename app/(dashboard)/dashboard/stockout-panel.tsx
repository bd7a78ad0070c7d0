"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartPanel } from "@/components/charts/chart-panel";
import { percentCell, toCsv } from "@/components/charts/csv";
import { SERIES_COLOURS } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { KPI_DEFINITIONS } from "@/server/domain/kpi";
import type { toInput } from "./dashboard-view";
import { formatMinutes, formatPercent } from "./format";

export function StockoutPanel({ input }: { input: ReturnType<typeof toInput> }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboard.stockouts.queryOptions(input), placeholderData: keepPreviousData });
  if (q.isPending) return <Card title="Stock-out minutes"><Loading /></Card>;
  if (q.isError) return <Card title="Stock-out minutes"><ErrorState error={q.error} retry={() => q.refetch()} /></Card>;
  const { scope, rows, totalMinutes } = q.data;
  const top = rows.slice(0, 10);
  return (
    <ChartPanel
      title="Stock-out minutes"
      definition={`${KPI_DEFINITIONS.stockout.definition} The channel filter does not apply: stock is shared by every channel.`}
      filename={`stockouts-${scope.from}-${scope.to}.csv`}
      csv={() =>
        toCsv(
          ["location", "component_code", "component", "minutes", "share_of_period_pct"],
          rows.map((r) => [r.locationName, r.componentCode, r.componentName, r.minutes, percentCell(r.share)]),
        )
      }
      chart={
        rows.length === 0 ? (
          <EmptyState title="No stock-outs in this period">Every component stayed above zero at every location. Resupply rules keep it that way.</EmptyState>
        ) : (
          <StackedBarChart
            ariaLabel="Stock-out minutes per component and location (top 10)"
            layout="vertical"
            stacked={false}
            height={Math.max(180, top.length * 40 + 60)}
            data={top.map((r) => ({ label: `${r.componentCode} @ ${r.locationName}`, minutes: r.minutes }))}
            series={[{ key: "minutes", name: "Minutes at or below zero", color: SERIES_COLOURS[3] }]}
            format={(v) => formatMinutes(v)}
          />
        )
      }
      table={
        <DataTable
          caption="Stock-out minutes per component per location"
          rows={rows}
          rowKey={(r) => `${r.locationId}:${r.componentId}`}
          filterPlaceholder="Filter components or locations"
          initialSort={{ key: "minutes", dir: "desc" }}
          empty="No stock-outs in this period."
          columns={[
            { key: "location", header: "Location", value: (r) => r.locationName },
            { key: "component", header: "Component", value: (r) => `${r.componentCode} ${r.componentName}`, render: (r) => `${r.componentName} (${r.componentCode})` },
            { key: "minutes", header: "Out of stock", align: "right", value: (r) => r.minutes, render: (r) => formatMinutes(r.minutes) },
            { key: "share", header: "Of period", align: "right", value: (r) => r.share ?? 0, render: (r) => formatPercent(r.share) },
          ]}
        />
      }
      footer={rows.length > 0 ? `${formatMinutes(totalMinutes)} in total across ${rows.length} component × location pairs.` : undefined}
    />
  );
}
