"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { Button } from "@/components/ui/button";
import { validateCustomRange, type RangeFieldErrors } from "@/server/domain/date-range";
import { CampaignPanel } from "./campaign-panel";
import { ChannelPanel, RefundPanel } from "./channel-panel";
import { FilterBar } from "./filter-bar";
import { filtersToSearch, type DashboardFilters } from "./filters";
import { KpiStrip } from "./kpi-strip";
import { StockoutPanel } from "./stockout-panel";
import { TagPanel } from "./tag-panel";

/** Procedures take the URL filters as they are; null clears location/channel. */
export function toInput(f: DashboardFilters) {
  return {
    preset: f.preset,
    from: f.from,
    to: f.to,
    locationId: f.locationId ?? null,
    channel: f.channel ?? null,
    granularity: f.granularity,
  };
}

const FAR_FUTURE = "9999-12-31";

export function DashboardView({ initial }: { initial: DashboardFilters }) {
  const router = useRouter();
  const pathname = usePathname();
  const [filters, setFilters] = useState(initial);
  const trpc = useTRPC();
  const options = useQuery(trpc.dashboard.filterOptions.queryOptions());
  const today = options.data?.today;
  // A custom range that breaks the rules (from a shared link, say) is never sent: its problems show
  // beside the date fields and the figures fall back to the last 30 days until it is fixed.
  const urlRangeErrors: RangeFieldErrors = filters.preset === "custom" ? validateCustomRange(filters.from, filters.to, today ?? FAR_FUTURE) : {};
  const rangeInvalid = Boolean(urlRangeErrors.from || urlRangeErrors.to);
  const input = toInput(rangeInvalid ? { ...filters, preset: "30d", from: undefined, to: undefined } : filters);
  const summary = useQuery({ ...trpc.dashboard.summary.queryOptions(input), placeholderData: keepPreviousData });
  const customers = useQuery({ ...trpc.dashboard.customers.queryOptions(input), placeholderData: keepPreviousData });
  const operations = useQuery({ ...trpc.dashboard.operations.queryOptions(input), placeholderData: keepPreviousData });
  const serverFields = fieldErrorsOf(summary.error);
  const rangeErrors: RangeFieldErrors = rangeInvalid ? urlRangeErrors : { from: serverFields.from, to: serverFields.to };
  const rangeErrorKey = `${rangeErrors.from ?? ""}|${rangeErrors.to ?? ""}`;

  function update(next: DashboardFilters) {
    setFilters(next);
    // The URL carries the view so it can be bookmarked or shared.
    router.replace(`${pathname}${filtersToSearch(next)}`, { scroll: false });
  }

  const noOrders = summary.data && summary.data.orders.current === 0 && summary.data.orders.previous === 0;

  return (
    <div className="space-y-6">
      <FilterBar
        key={rangeErrorKey}
        filters={filters}
        onChange={update}
        options={options.data}
        scope={summary.data?.scope}
        today={today}
        rangeErrors={rangeErrors}
      />
      <p role="status" aria-live="polite" className="-mt-4 min-h-4 text-xs text-stone-500">
        {rangeInvalid
          ? "Those dates can't be shown (see the date fields); the figures below are for the last 30 days."
          : summary.isPlaceholderData
            ? "Updating figures for the new filters…"
            : ""}
      </p>
      {summary.isPending ? (
        <Card>
          <Loading label="Loading the dashboard…" />
        </Card>
      ) : summary.isError ? (
        serverFields.from || serverFields.to ? (
          <p className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
            Fix the date range above to see the key figures.
          </p>
        ) : (
          <ErrorState error={summary.error} retry={() => summary.refetch()} />
        )
      ) : (
        <>
          <KpiStrip
            summary={summary.data}
            customers={customers.data}
            customersError={customers.isError}
            operations={operations.data}
            operationsError={operations.isError}
          />
          {noOrders && (
            <EmptyState
              title="No orders in this period"
              action={
                filters.preset !== "90d" ? (
                  <Button variant="secondary" onClick={() => update({ ...filters, preset: "90d", from: undefined, to: undefined })}>
                    Show the last 90 days
                  </Button>
                ) : undefined
              }
            >
              Orders appear here as soon as your POS sends them. Connect it under Settings → POS integrations, or widen the date
              range and clear the location and channel filters.
            </EmptyState>
          )}
        </>
      )}
      <ChannelPanel input={input} />
      <div className="grid gap-6 xl:grid-cols-2">
        <CampaignPanel input={input} />
        <TagPanel input={input} />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <RefundPanel input={input} />
        <StockoutPanel input={input} />
      </div>
    </div>
  );
}
