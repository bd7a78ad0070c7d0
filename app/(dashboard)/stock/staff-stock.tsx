"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { formatQuantity } from "@/components/format";
import { Badge, Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { MovementForm, type MovementKind } from "../inventory/movement-form";

const ACTIONS: { id: MovementKind; label: string }[] = [
  { id: "count", label: "Count" },
  { id: "waste", label: "Waste" },
  { id: "receipt", label: "Receive" },
];

/** Phone-first: pick a location, an action and a component; big targets, one form at a time. */
export function StaffStock() {
  const trpc = useTRPC();
  const locations = useQuery(trpc.catalog.locations.queryOptions());
  const [picked, setLocationId] = useState("");
  const locationId = picked || locations.data?.[0]?.id || "";
  const [kind, setKind] = useState<MovementKind>("count");
  const [componentId, setComponentId] = useState("");
  const [flash, setFlash] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const stock = useQuery({ ...trpc.stock.atLocation.queryOptions({ locationId }), enabled: locationId !== "" });
  const rows = useMemo(() => stock.data?.rows ?? [], [stock.data]);
  const shown = rows.filter((r) => `${r.name} ${r.code}`.toLowerCase().includes(filter.trim().toLowerCase()));

  if (locations.isPending) return <Loading />;
  if (locations.isError) return <ErrorState error={locations.error} retry={() => locations.refetch()} />;
  if (locations.data.length === 0) return <EmptyState title="No location assigned">Ask the owner to assign you to a location.</EmptyState>;

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      {locations.data.length > 1 && (
        <label className="block text-sm font-medium text-stone-700">
          Location
          <select
            value={locationId}
            onChange={(e) => {
              setLocationId(e.target.value);
              setComponentId("");
            }}
            className="mt-1 block h-12 w-full rounded-md border-0 bg-white px-3 text-base ring-1 ring-inset ring-stone-300"
          >
            {locations.data.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div role="radiogroup" aria-label="What are you recording?" className="grid grid-cols-3 gap-2">
        {ACTIONS.map((a) => (
          <button
            key={a.id}
            type="button"
            role="radio"
            aria-checked={kind === a.id}
            onClick={() => {
              setKind(a.id);
              setFlash(null);
            }}
            className={cn(
              "h-12 rounded-md text-base font-medium ring-1 ring-inset",
              kind === a.id ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-stone-800 ring-stone-300",
            )}
          >
            {a.label}
          </button>
        ))}
      </div>
      {flash && (
        <p className="rounded-md bg-emerald-50 px-3 py-3 text-base text-emerald-800" data-testid="stock-flash">
          ✓ {flash}
        </p>
      )}
      <Card>
        {stock.isPending ? (
          <Loading />
        ) : stock.isError ? (
          <ErrorState error={stock.error} retry={() => stock.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No components to count">The owner adds components on the Inventory page.</EmptyState>
        ) : (
          <MovementForm
            key={`${kind}:${locationId}:${componentId}`}
            kind={kind}
            locationId={locationId}
            components={rows.map((r) => ({ componentId: r.componentId, code: r.code, name: r.name, unit: r.unit, onHand: r.onHand }))}
            initialComponentId={componentId}
            large
            onDone={(message) => {
              setFlash(message);
              setComponentId("");
            }}
          />
        )}
      </Card>
      {rows.length > 0 && (
        <section aria-label="On hand here" className="space-y-2">
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Find a component"
            aria-label="Find a component"
            className="h-12 w-full rounded-md border-0 bg-white px-3 text-base ring-1 ring-inset ring-stone-300"
          />
          <ul className="divide-y divide-stone-100 overflow-hidden rounded-lg bg-white ring-1 ring-stone-200">
            {shown.map((r) => (
              <li key={r.componentId}>
                <button
                  type="button"
                  onClick={() => {
                    setComponentId(r.componentId);
                    setFlash(null);
                    window.scrollTo({ top: 0, behavior: "smooth" });
                  }}
                  className="flex min-h-14 w-full items-center justify-between gap-3 px-4 py-3 text-left hover:bg-stone-50"
                >
                  <span>
                    <span className="block font-medium text-stone-900">{r.name}</span>
                    <span className="text-xs text-stone-500">{r.code}</span>
                  </span>
                  <span className="flex items-center gap-2 tabular-nums">
                    {r.negative && <Badge tone="bad">Negative</Badge>}
                    <span className={r.negative ? "font-semibold text-red-700" : "font-semibold"}>{formatQuantity(r.onHand, r.unit)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
