"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChartPanel } from "@/components/charts/chart-panel";
import { moneyCell, percentCell, toCsv } from "@/components/charts/csv";
import { SERIES_COLOURS } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { ATTRIBUTION_DEFINITION } from "@/server/domain/attribution";
import { formatZonedIso } from "@/server/domain/business-day";
import { CampaignsEditor } from "./campaigns-editor";
import type { toInput } from "./dashboard-view";
import { formatChange, formatMoney, formatMoneyShort } from "./format";

export function CampaignPanel({ input }: { input: ReturnType<typeof toInput> }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboard.campaignRevenue.queryOptions(input), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState(false);
  const manage = (
    <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
      Manage campaigns
    </Button>
  );
  const dialog = (
    <Dialog open={editing} onClose={() => setEditing(false)} title="Campaigns">
      {q.data && <CampaignsEditor timeZone={q.data.scope.timeZone} />}
    </Dialog>
  );
  if (q.isPending) return <Card title="Revenue by campaign"><Loading /></Card>;
  if (q.isError) return <Card title="Revenue by campaign"><ErrorState error={q.error} retry={() => q.refetch()} /></Card>;
  const { scope, campaigns, total } = q.data;
  const money = (v: number) => formatMoney(v, scope.currency);
  return (
    <>
      <ChartPanel
        title="Revenue by campaign"
        definition={`${ATTRIBUTION_DEFINITION} Each campaign's window is set in Manage campaigns.`}
        filename={`revenue-by-campaign-${scope.from}-${scope.to}.csv`}
        csv={() =>
          toCsv(
            [
              "campaign_code",
              "name",
              `sent_at (${scope.timeZone})`,
              "window_hours",
              "coded_orders",
              `coded_revenue (${scope.currency})`,
              "window_orders",
              `window_revenue (${scope.currency})`,
              `total_revenue (${scope.currency})`,
              `previous_revenue (${scope.currency})`,
              "change_pct",
            ],
            campaigns.map((c) => [
              c.code,
              c.name,
              c.sentAt ? formatZonedIso(new Date(c.sentAt), scope.timeZone) : "",
              c.attributionWindowHours ?? "",
              c.explicitOrders,
              moneyCell(c.explicitMinor, scope.currency),
              c.windowOrders,
              moneyCell(c.windowMinor, scope.currency),
              moneyCell(c.revenueMinor, scope.currency),
              moneyCell(c.previousRevenueMinor, scope.currency),
              percentCell(c.change, 1),
            ]),
          )
        }
        chart={
          campaigns.length === 0 ? (
            <EmptyState title="No campaign revenue in this period" action={manage}>
              Add a campaign with its send time and attribution window, or send orders with a campaign code from the POS.
            </EmptyState>
          ) : (
            <StackedBarChart
              ariaLabel="Revenue per campaign: coded orders and orders in the attribution window (top 10; the table lists all)"
              layout="vertical"
              height={Math.max(180, Math.min(campaigns.length, 10) * 44 + 60)}
              data={campaigns.slice(0, 10).map((c) => ({ label: c.name, explicit: c.explicitMinor, window: c.windowMinor }))}
              series={[
                { key: "explicit", name: "Orders with the code", color: SERIES_COLOURS[0] },
                { key: "window", name: "In the window after sending", color: SERIES_COLOURS[4] },
              ]}
              format={(v) => formatMoneyShort(v, scope.currency)}
            />
          )
        }
        table={
          <DataTable
            caption="Revenue per campaign"
            rows={campaigns}
            rowKey={(c) => c.code}
            filterPlaceholder="Filter campaigns"
            initialSort={{ key: "revenue", dir: "desc" }}
            columns={[
              { key: "name", header: "Campaign", value: (c) => `${c.name} ${c.code}`, render: (c) => <span>{c.name} <code className="text-xs text-stone-500">{c.code}</code></span> },
              { key: "sent", header: `Sent (${scope.timeZone})`, value: (c) => (c.sentAt ? new Date(c.sentAt).getTime() : 0), render: (c) => formatDateTime(c.sentAt, scope.timeZone) },
              { key: "window", header: "Window", align: "right", value: (c) => c.attributionWindowHours ?? 0, render: (c) => (c.attributionWindowHours ? `${c.attributionWindowHours} h` : "—") },
              { key: "orders", header: "Orders", align: "right", value: (c) => c.orders },
              { key: "revenue", header: "Revenue", align: "right", value: (c) => c.revenueMinor, render: (c) => money(c.revenueMinor) },
              { key: "previous", header: "Previous", align: "right", value: (c) => c.previousRevenueMinor, render: (c) => money(c.previousRevenueMinor) },
              { key: "change", header: "Change", align: "right", value: (c) => c.change ?? -Infinity, render: (c) => formatChange(c.change) },
            ]}
          />
        }
        footer={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span data-testid="campaign-total">
              All campaigns: <strong className="font-medium text-stone-700">{money(total.revenueMinor)}</strong> from {total.orders} orders ({formatChange(total.change)} vs{" "}
              {money(total.previousRevenueMinor)} in the previous period).
            </span>
            Coded orders carry the campaign code; window orders have no code and were placed within the window after the send. {manage}
          </span>
        }
      />
      {dialog}
    </>
  );
}
