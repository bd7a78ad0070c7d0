"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartPanel } from "@/components/charts/chart-panel";
import { moneyCell, percentCell, toCsv } from "@/components/charts/csv";
import { PREVIOUS_COLOUR, SERIES_COLOURS } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { toInput } from "./dashboard-view";
import { formatChange, formatMoney, formatMoneyShort } from "./format";

export function TagPanel({ input }: { input: ReturnType<typeof toInput> }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboard.tagRevenue.queryOptions(input), placeholderData: keepPreviousData });
  if (q.isPending) return <Card title="Revenue by tag"><Loading /></Card>;
  if (q.isError) return <Card title="Revenue by tag"><ErrorState error={q.error} retry={() => q.refetch()} /></Card>;
  const { scope, tags } = q.data;
  const money = (v: number) => formatMoney(v, scope.currency);
  return (
    <ChartPanel
      title="Revenue by tag"
      definition="Net revenue of orders carrying each tag the POS sent (preorder, midnight-bundle …). An order with two tags counts in both, so tags do not add up to total revenue."
      filename={`revenue-by-tag-${scope.from}-${scope.to}.csv`}
      csv={() =>
        toCsv(
          ["tag", "orders", `revenue (${scope.currency})`, `previous_revenue (${scope.currency})`, "change_pct"],
          tags.map((t) => [t.tag, t.orders, moneyCell(t.revenueMinor, scope.currency), moneyCell(t.previousRevenueMinor, scope.currency), percentCell(t.change, 1)]),
        )
      }
      chart={
        tags.length === 0 ? (
          <EmptyState title="No tagged orders in this period">Tags come from the POS (for example preorder or midnight-bundle).</EmptyState>
        ) : (
          <StackedBarChart
            ariaLabel="Revenue per tag, this period and the previous one"
            layout="vertical"
            stacked={false}
            height={Math.max(180, tags.length * 52 + 60)}
            data={tags.map((t) => ({ label: t.tag, current: t.revenueMinor, previous: t.previousRevenueMinor }))}
            series={[
              { key: "current", name: "This period", color: SERIES_COLOURS[0] },
              { key: "previous", name: "Previous period", color: PREVIOUS_COLOUR },
            ]}
            format={(v) => formatMoneyShort(v, scope.currency)}
          />
        )
      }
      table={
        <DataTable
          caption="Revenue per tag"
          rows={tags}
          rowKey={(t) => t.tag}
          filterPlaceholder="Filter tags"
          initialSort={{ key: "revenue", dir: "desc" }}
          columns={[
            { key: "tag", header: "Tag", value: (t) => t.tag },
            { key: "orders", header: "Orders", align: "right", value: (t) => t.orders },
            { key: "revenue", header: "Revenue", align: "right", value: (t) => t.revenueMinor, render: (t) => money(t.revenueMinor) },
            { key: "previous", header: "Previous", align: "right", value: (t) => t.previousRevenueMinor, render: (t) => money(t.previousRevenueMinor) },
            { key: "change", header: "Change", align: "right", value: (t) => t.change ?? -Infinity, render: (t) => formatChange(t.change) },
          ]}
        />
      }
    />
  );
}
