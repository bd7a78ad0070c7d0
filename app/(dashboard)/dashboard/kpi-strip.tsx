"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Definition } from "@/components/charts/definition";
import { cn } from "@/components/ui/cn";
import type { AppRouter } from "@/server/api/root";
import { KPI_DEFINITIONS, type KpiKey } from "@/server/domain/kpi";
import { formatChange, formatMoney, formatPercent } from "./format";

type Summary = inferRouterOutputs<AppRouter>["dashboard"]["summary"];
type Operations = inferRouterOutputs<AppRouter>["dashboard"]["operations"];
type Customers = inferRouterOutputs<AppRouter>["dashboard"]["customers"];

function Kpi({
  kpi,
  value,
  previous,
  change,
  detail,
  lowerIsBetter,
}: {
  kpi: KpiKey;
  value: string;
  previous: string;
  change: number | null;
  detail?: string;
  lowerIsBetter?: boolean;
}) {
  const { label, definition } = KPI_DEFINITIONS[kpi];
  // A change that rounds to ±0 % is shown neutral, not as good or bad news.
  const good = change === null || Math.round(change * 100) === 0 ? null : lowerIsBetter ? change < 0 : change > 0;
  return (
    <div className="min-w-0 rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200 sm:p-4" data-testid={`kpi-${kpi}`}>
      <div className="flex items-start justify-between gap-2 text-sm text-stone-600">
        <span>{label}</span>
        <Definition label={label} align="right">
          {definition}
        </Definition>
      </div>
      <p className="mt-1 truncate text-xl font-semibold tabular-nums text-stone-900 sm:text-2xl">{value}</p>
      <p className="mt-1 text-xs text-stone-500">
        <span
          className={cn("font-medium", good === null ? "text-stone-600" : good ? "text-emerald-700" : "text-red-700")}
          aria-label={`Change ${formatChange(change)}`}
        >
          {formatChange(change)}
        </span>{" "}
        vs {previous}
      </p>
      {detail && <p className="mt-0.5 text-xs text-stone-500">{detail}</p>}
    </div>
  );
}

function Pending({ kpi, error }: { kpi: KpiKey; error?: boolean }) {
  return (
    <div className="min-w-0 rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200 sm:p-4" data-testid={`kpi-${kpi}`}>
      <p className="text-sm text-stone-600">{KPI_DEFINITIONS[kpi].label}</p>
      <p className="mt-2 text-sm text-stone-500">{error ? "Could not load this figure." : "Loading…"}</p>
    </div>
  );
}

/** Sales, customer and operations KPIs are three queries, loaded side by side. */
export function KpiStrip({
  summary,
  customers,
  customersError,
  operations,
  operationsError,
}: {
  summary: Summary;
  customers: Customers | undefined;
  customersError: boolean;
  operations: Operations | undefined;
  operationsError: boolean;
}) {
  const money = (v: number | null) => (v === null ? "—" : formatMoney(v, summary.scope.currency));
  const count = (v: number | null) => (v === null ? "—" : new Intl.NumberFormat("en-US").format(v));
  return (
    <section aria-label="Key figures" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Kpi kpi="revenue" value={money(summary.revenue.current)} previous={money(summary.revenue.previous)} change={summary.revenue.change} />
      <Kpi kpi="orders" value={count(summary.orders.current)} previous={count(summary.orders.previous)} change={summary.orders.change} />
      <Kpi kpi="aov" value={money(summary.aov.current)} previous={money(summary.aov.previous)} change={summary.aov.change} />
      <Kpi
        kpi="refundRate"
        value={formatPercent(summary.refundRate.current)}
        previous={formatPercent(summary.refundRate.previous)}
        change={summary.refundRate.change}
        lowerIsBetter
        detail="All channels; per channel below"
      />
      {customers ? (
        <>
      <Kpi
        kpi="preorderConversion"
        value={formatPercent(customers.preorderConversion.current)}
        previous={formatPercent(customers.preorderConversion.previous)}
        change={customers.preorderConversion.change}
        detail={`${count(customers.preorderConversion.collected)} of ${count(customers.preorderConversion.preorders)} preorders`}
      />
      <Kpi
        kpi="repeatRate"
        value={formatPercent(customers.repeatRate.current)}
        previous={formatPercent(customers.repeatRate.previous)}
        change={customers.repeatRate.change}
        detail={`${count(customers.repeatRate.repeaters)} of ${count(customers.repeatRate.customers)} known customers`}
      />
        </>
      ) : (
        <>
          <Pending kpi="preorderConversion" error={customersError} />
          <Pending kpi="repeatRate" error={customersError} />
        </>
      )}
      {operations ? (
        <>
      <Kpi
        kpi="waste"
        value={money(operations.waste.current)}
        previous={money(operations.waste.previous)}
        change={operations.waste.change}
        lowerIsBetter
        detail={`${formatPercent(operations.waste.share)} of usage (was ${formatPercent(operations.waste.previousShare)}); location filter only`}
      />
      <Kpi
        kpi="leadTimeMet"
        value={formatPercent(operations.leadTimeMet.current)}
        previous={formatPercent(operations.leadTimeMet.previous)}
        change={operations.leadTimeMet.change}
        detail={operations.leadTimeMet.received ? `${operations.leadTimeMet.onTime} of ${operations.leadTimeMet.received} deliveries on time` : "No deliveries received in this period"}
      />
        </>
      ) : (
        <>
          <Pending kpi="waste" error={operationsError} />
          <Pending kpi="leadTimeMet" error={operationsError} />
        </>
      )}
    </section>
  );
}
