"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Badge, Card } from "@/components/ui/card";
import { ErrorState, Loading } from "@/components/ui/states";
import { formatDateTime, formatMoney, formatQuantity } from "@/components/format";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-stone-500">{title}</h3>
      {children}
    </section>
  );
}

export function ShiftSummaryCard({ locationId }: { locationId: string }) {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.shifts.summary.queryOptions({ locationId }), refetchInterval: 60_000 });

  return (
    <Card title="Shift summary">
      {summary.isPending ? (
        <Loading />
      ) : summary.isError ? (
        <ErrorState error={summary.error} retry={() => summary.refetch()} />
      ) : (
        <div className="space-y-5 text-sm" data-testid="shift-summary">
          <div className="grid grid-cols-2 gap-3">
            {summary.data.sales.map((s) => (
              <div key={s.label + s.start.toString()} className="rounded-md bg-stone-50 p-3 ring-1 ring-stone-200">
                <p className="text-xs font-medium text-stone-500">{s.label}</p>
                <p className="text-lg font-semibold tabular-nums">{formatMoney(s.revenueMinor, summary.data.currency)}</p>
                <p className="text-xs text-stone-500">{s.orders} orders</p>
                {s.topProducts.length > 0 && (
                  <ol className="mt-2 space-y-0.5 text-xs text-stone-700">
                    {s.topProducts.slice(0, 3).map((p) => (
                      <li key={p.sku} className="flex justify-between gap-2">
                        <span className="truncate">{p.name}</span>
                        <span className="tabular-nums">×{p.quantity}</span>
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            ))}
          </div>
          {!summary.data.shiftDefined && <p className="text-xs text-stone-500">No shifts set up for this location, so sales are shown per day.</p>}

          <Section title="Stock to watch">
            {summary.data.stockAlerts.length === 0 ? (
              <p className="text-stone-600">Nothing low or negative.</p>
            ) : (
              <ul className="divide-y divide-stone-100">
                {summary.data.stockAlerts.slice(0, 8).map((a) => (
                  <li key={a.componentId} className="flex items-center justify-between gap-2 py-1.5">
                    <span>{a.name}</span>
                    <span className="flex items-center gap-2 tabular-nums">
                      {formatQuantity(a.onHand, a.unit)}
                      <Badge tone={a.level === "negative" ? "bad" : "warn"}>{a.level}</Badge>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="Open resupply">
            {summary.data.openResupply.length === 0 ? (
              <p className="text-stone-600">No open resupply orders.</p>
            ) : (
              <ul className="space-y-1">
                {summary.data.openResupply.map((r) => (
                  <li key={r.id} className="flex justify-between gap-2">
                    <span>
                      {r.supplier ?? "No supplier"} · {r.lines} items
                    </span>
                    <span className="text-stone-500">
                      {r.status.toLowerCase()} · {formatDateTime(r.windowAt, summary.data.timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="Drops coming up">
            {summary.data.upcomingDrops.length === 0 ? (
              <p className="text-stone-600">No drop in the next three days.</p>
            ) : (
              <ul className="space-y-1">
                {summary.data.upcomingDrops.map((d) => (
                  <li key={d.id} className="flex justify-between gap-2">
                    <span>{d.name}</span>
                    <span className="text-stone-500">{d.status === "LIVE" ? "live now" : formatDateTime(d.startsAt, summary.data.timeZone)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="Open anomalies">
            {summary.data.openAnomalies.length === 0 ? (
              <p className="text-stone-600">No open anomalies.</p>
            ) : (
              <ul className="space-y-1">
                {summary.data.openAnomalies.map((a) => (
                  <li key={a.id} className="text-stone-700">
                    {a.message}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      )}
    </Card>
  );
}
