"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { formatDateTime, formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { MOVEMENT_LABELS, formatUnitCost } from "../../format";

const TONES: Record<string, "good" | "bad" | "warn" | "info" | "neutral"> = {
  RECEIPT: "good",
  REFUND_RESTOCK: "good",
  TRANSFER_IN: "info",
  TRANSFER_OUT: "info",
  SALE: "neutral",
  WASTE: "bad",
  COUNT_ADJUSTMENT: "warn",
  RECONCILIATION: "warn",
};

/** Every ledger movement of one component, newest first, with who/when/why. */
export function ComponentHistory({ componentId }: { componentId: string }) {
  const trpc = useTRPC();
  const [locationId, setLocationId] = useState("");
  const locations = useQuery(trpc.catalog.locations.queryOptions());
  const levels = useQuery(trpc.stock.levels.queryOptions({ includeInactive: true }));
  const history = useInfiniteQuery(
    trpc.stock.movements.infiniteQueryOptions(
      { componentId, ...(locationId ? { locationId } : {}), limit: 100 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = useMemo(() => history.data?.pages.flatMap((p) => p.movements) ?? [], [history.data]);
  const component = history.data?.pages[0]?.component;
  const here = (levels.data ?? []).filter((r) => r.componentId === componentId);

  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} retry={() => history.refetch()} />;
  if (!component) return <EmptyState title="Component not found" />;

  return (
    <>
      <PageHeader title={`${component.name}`} description={`${component.code} · counted in ${component.unit} · ${formatUnitCost(component.costPerUnitMilli, component.unit)}`} />
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {here.map((r) => (
          <Card key={r.locationId}>
            <p className="text-sm text-stone-600">{locations.data?.find((l) => l.id === r.locationId)?.name ?? "Location"}</p>
            <p className={`text-xl font-semibold tabular-nums ${r.negative ? "text-red-700" : ""}`}>{formatQuantity(r.onHand, r.unit)}</p>
          </Card>
        ))}
      </div>
      <Card title="Movement history">
        {rows.length === 0 ? (
          <EmptyState title="No movements yet">Record a receipt on the Inventory page to give this component its opening stock.</EmptyState>
        ) : (
          <DataTable
            rows={rows}
            rowKey={(m) => m.id}
            filterPlaceholder="Filter movements"
            initialSort={{ key: "when", dir: "desc" }}
            toolbar={
              <select
                aria-label="Location"
                value={locationId}
                onChange={(e) => setLocationId(e.target.value)}
                className="h-9 rounded-md border-0 bg-white px-2 text-sm ring-1 ring-inset ring-stone-300"
              >
                <option value="">All locations</option>
                {(locations.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            }
            columns={[
              {
                key: "when",
                header: "When",
                value: (m) => new Date(m.occurredAt).getTime(),
                render: (m) => <span className="whitespace-nowrap">{formatDateTime(m.occurredAt)}</span>,
              },
              { key: "type", header: "Type", value: (m) => MOVEMENT_LABELS[m.type] ?? m.type, render: (m) => (
                  <span className="whitespace-nowrap">
                    <Badge tone={TONES[m.type] ?? "neutral"}>{MOVEMENT_LABELS[m.type] ?? m.type}</Badge>
                  </span>
                ),
              },
              { key: "location", header: "Location", value: (m) => m.location.name },
              {
                key: "qty",
                header: "Change",
                align: "right",
                value: (m) => m.quantity,
                render: (m) => <span className={m.quantity < 0 ? "text-red-700" : "text-emerald-700"}>{m.quantity > 0 ? "+" : ""}{formatQuantity(m.quantity, component.unit)}</span>,
              },
              { key: "who", header: "Who", value: (m) => m.who },
              { key: "why", header: "Why", value: (m) => m.reason ?? (m.orderId ? "Order" : ""), render: (m) => m.reason ?? (m.transferId ? "Transfer" : m.orderId ? "Order consumption" : "—") },
            ]}
          />
        )}
        {history.hasNextPage && (
          <div className="mt-3">
            <Button variant="secondary" size="sm" busy={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
              Load older movements
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
