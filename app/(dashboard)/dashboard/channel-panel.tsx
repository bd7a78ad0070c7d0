"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartPanel } from "@/components/charts/chart-panel";
import { moneyCell, percentCell, toCsv } from "@/components/charts/csv";
import { colourFor, SERIES_COLOURS } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { ErrorState, Loading } from "@/components/ui/states";
import { KPI_DEFINITIONS } from "@/server/domain/kpi";
import type { toInput } from "./dashboard-view";
import { formatBucket, formatChange, formatMoney, formatMoneyShort, formatPercent } from "./format";

type Input = ReturnType<typeof toInput>;

export function ChannelPanel({ input }: { input: Input }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboard.channelRevenue.queryOptions(input), placeholderData: keepPreviousData });
  if (q.isPending) return <Card title="Revenue by channel"><Loading /></Card>;
  if (q.isError) return <Card title="Revenue by channel"><ErrorState error={q.error} retry={() => q.refetch()} /></Card>;
  const { scope, series, channels, totals } = q.data;
  const shown = channels.filter((c) => !scope.channel || c.code === scope.channel);
  const data = series.map((s) => ({ label: s.bucket, ...Object.fromEntries(shown.map((c) => [c.code, s.values[c.code] ?? 0])) }));
  const money = (v: number) => formatMoney(v, scope.currency);
  const nameOf = new Map(channels.map((c) => [c.code, c.name]));
  // A channel keeps its colour whatever the filter: by its place among all channels.
  const colourOf = new Map(channels.map((c, i) => [c.code, colourFor(i, c.color)]));
  return (
    <ChartPanel
      title="Revenue by channel"
      definition={`${KPI_DEFINITIONS.revenue.definition} Bars stack each channel per ${scope.granularity}.`}
      filename={`revenue-by-channel-${scope.from}-${scope.to}.csv`}
      csv={() =>
        toCsv(
          [scope.granularity === "week" ? "week_start" : "date", ...shown.map((c) => `${c.name} (${scope.currency})`), `total (${scope.currency})`],
          series.map((s) => {
            // Sums stay in integer minor units; only the written cell is a decimal.
            const values = shown.map((c) => s.values[c.code] ?? 0);
            return [s.bucket, ...values.map((v) => moneyCell(v, scope.currency)), moneyCell(values.reduce((a, b) => a + b, 0), scope.currency)];
          }),
        )
      }
      chart={
        <StackedBarChart
          ariaLabel={`Stacked revenue per channel per ${scope.granularity}`}
          data={data}
          series={shown.map((c) => ({ key: c.code, name: c.name, color: colourOf.get(c.code) }))}
          format={(v) => formatMoneyShort(v, scope.currency)}
          formatLabel={(l) => formatBucket(l, scope.granularity)}
        />
      }
      table={
        <DataTable
          caption="Revenue per channel per period"
          rows={series}
          rowKey={(s) => s.bucket}
          filterPlaceholder="Filter dates"
          initialSort={{ key: "bucket", dir: "asc" }}
          columns={[
            { key: "bucket", header: scope.granularity === "week" ? "Week of" : "Date", value: (s) => s.bucket, render: (s) => formatBucket(s.bucket, scope.granularity) },
            ...shown.map((c) => ({
              key: c.code,
              header: c.name,
              align: "right" as const,
              value: (s: (typeof series)[number]) => s.values[c.code] ?? 0,
              render: (s: (typeof series)[number]) => money(s.values[c.code] ?? 0),
            })),
            {
              key: "total",
              header: "Total",
              align: "right",
              value: (s) => Object.values(s.values).reduce((a, b) => a + b, 0),
              render: (s) => money(Object.values(s.values).reduce((a, b) => a + b, 0)),
            },
          ]}
        />
      }
      footer={
        <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Channel totals">
          {totals.map((t) => (
            <li key={t.channel} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="size-2.5 rounded-sm" style={{ background: colourOf.get(t.channel) ?? colourFor(0) }} />
              <span className="font-medium text-stone-700">{nameOf.get(t.channel) ?? t.channel}</span> {money(t.revenueMinor)} ({formatChange(t.change)})
            </li>
          ))}
        </ul>
      }
    />
  );
}

export function RefundPanel({ input }: { input: Input }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboard.channelRevenue.queryOptions(input), placeholderData: keepPreviousData });
  if (q.isPending) return <Card title="Refund rate by channel"><Loading /></Card>;
  if (q.isError) return <Card title="Refund rate by channel"><ErrorState error={q.error} retry={() => q.refetch()} /></Card>;
  const { scope, totals, channels } = q.data;
  const nameOf = new Map(channels.map((c) => [c.code, c.name]));
  const rows = totals.filter((t) => t.orders > 0);
  const money = (v: number) => formatMoney(v, scope.currency);
  return (
    <ChartPanel
      title="Refund rate by channel"
      definition={KPI_DEFINITIONS.refundRate.definition}
      filename={`refunds-by-channel-${scope.from}-${scope.to}.csv`}
      csv={() =>
        toCsv(
          ["channel", "orders", "refunded_orders", `revenue (${scope.currency})`, `refunded (${scope.currency})`, "refund_rate_pct"],
          rows.map((t) => [
            nameOf.get(t.channel) ?? t.channel,
            t.orders,
            t.refundedOrders,
            moneyCell(t.revenueMinor, scope.currency),
            moneyCell(t.refundedMinor, scope.currency),
            percentCell(t.refundRate),
          ]),
        )
      }
      chart={
        rows.length === 0 ? (
          <p className="py-8 text-center text-sm text-stone-500">No orders in this period, so no refunds to compare.</p>
        ) : (
          <StackedBarChart
            ariaLabel="Refund rate per channel"
            layout="vertical"
            stacked={false}
            height={Math.max(160, rows.length * 44 + 60)}
            data={rows.map((t) => ({ label: nameOf.get(t.channel) ?? t.channel, rate: Math.round((t.refundRate ?? 0) * 10000) / 100 }))}
            series={[{ key: "rate", name: "Refund rate (%)", color: SERIES_COLOURS[1] }]}
            format={(v) => `${v.toFixed(1)} %`}
          />
        )
      }
      table={
        <DataTable
          caption="Refunds per channel"
          rows={rows}
          rowKey={(t) => t.channel}
          initialSort={{ key: "rate", dir: "desc" }}
          columns={[
            { key: "channel", header: "Channel", value: (t) => nameOf.get(t.channel) ?? t.channel },
            { key: "orders", header: "Orders", align: "right", value: (t) => t.orders },
            { key: "refundedOrders", header: "With refund", align: "right", value: (t) => t.refundedOrders },
            { key: "refunded", header: "Refunded", align: "right", value: (t) => t.refundedMinor, render: (t) => money(t.refundedMinor) },
            { key: "rate", header: "Refund rate", align: "right", value: (t) => t.refundRate ?? -1, render: (t) => formatPercent(t.refundRate) },
          ]}
        />
      }
    />
  );
}
