"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

type Product = { id: string; sku: string; name: string };
type Component = { id: string; code: string; name: string; unit: string };
type Channel = { code: string; name: string; color: string | null };
type Kind = "product" | "component";
/** One row of the grid: a product (units) or a component (in its own unit). */
type Item = { kind: Kind; id: string; code: string; name: string; unit: string | null };

function Cell({ locationId, item, channel, value }: { locationId: string; item: Item; channel: Channel; value: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(String(value));
  const save = useMutation(
    trpc.channels.setAllocation.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.channels.allocations.queryKey({ locationId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.channels.availability.queryKey({ locationId }) });
      },
    }),
  );
  const fields = fieldErrorsOf(save.error);
  const error = fields.quantity ?? fields.item ?? save.error?.message;
  const commit = () => {
    const text = draft.trim() === "" ? "0" : draft.trim();
    const n = Number(text);
    if (n === value) return;
    save.mutate({
      locationId,
      ...(item.kind === "product" ? { productId: item.id } : { componentId: item.id }),
      channel: channel.code,
      quantity: n,
    });
  };
  return (
    <td className="px-2 py-1 text-right align-top">
      <input
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && (e.currentTarget as HTMLInputElement).blur()}
        aria-label={`${item.code} held for ${channel.name}`}
        aria-invalid={error ? true : undefined}
        className={cn(
          "h-8 rounded-md border-0 px-2 text-right text-sm tabular-nums ring-1 ring-inset",
          // Grams and millilitres run to six or seven digits.
          item.kind === "component" ? "w-28" : "w-20",
          error ? "ring-red-500" : "ring-stone-300",
          save.isSuccess && !save.isPending ? "bg-emerald-50" : "bg-white",
        )}
      />
      {error && <p className="mt-0.5 max-w-32 text-left text-xs text-red-700">{error}</p>}
    </td>
  );
}

/**
 * Grid of buffers at one location: products × channels (units) or components × channels (in the
 * component's unit); each cell saves when it loses focus.
 */
export function AllocationsEditor({
  locationId,
  products,
  components,
  channels,
}: {
  locationId: string;
  products: Product[];
  components: Component[];
  channels: Channel[];
}) {
  const trpc = useTRPC();
  const allocations = useQuery(trpc.channels.allocations.queryOptions({ locationId }));
  const [kind, setKind] = useState<Kind>("product");
  const [filter, setFilter] = useState("");
  const [onlyHeld, setOnlyHeld] = useState(false);
  if (allocations.isPending) return <Loading label="Loading buffers…" />;
  if (allocations.isError) return <ErrorState error={allocations.error} retry={() => allocations.refetch()} />;

  const held = new Map<string, number>();
  const heldItems = new Set<string>();
  for (const a of allocations.data) {
    const key = a.productId ? `product:${a.productId}` : `component:${a.componentId ?? ""}`;
    held.set(`${key}:${a.channel}`, a.quantity);
    heldItems.add(key);
  }
  const counts = {
    product: allocations.data.filter((a) => a.productId).length,
    component: allocations.data.filter((a) => a.componentId).length,
  };
  const items: Item[] =
    kind === "product"
      ? products.map((p) => ({ kind, id: p.id, code: p.sku, name: p.name, unit: null }))
      : components.map((c) => ({ kind, id: c.id, code: c.code, name: c.name, unit: c.unit }));
  const q = filter.trim().toLowerCase();
  const shown = items.filter((i) => (!q || `${i.code} ${i.name}`.toLowerCase().includes(q)) && (!onlyHeld || heldItems.has(`${i.kind}:${i.id}`)));
  const noun = kind === "product" ? "products" : "components";

  return (
    <Card title="Buffers held per channel">
      <p className="mb-3 text-sm text-stone-600">
        A buffer keeps stock for one channel: units of a product (its whole kit), or an amount of a component that every product using it must leave alone. The other
        channels see that much less available. During a live drop, its unsold caps are held for the drop&apos;s channels the same way.
      </p>
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <div role="tablist" aria-label="Hold" className="inline-flex rounded-md bg-white p-0.5 ring-1 ring-stone-300">
            {(["product", "component"] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={kind === k}
                onClick={() => setKind(k)}
                className={cn("rounded px-3 py-1.5 text-sm font-medium", kind === k ? "bg-brand-600 text-white" : "text-stone-700 hover:bg-stone-100")}
              >
                {k === "product" ? "Products" : "Components"} <span className="tabular-nums opacity-80">({counts[k]})</span>
              </button>
            ))}
          </div>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={`Filter ${noun}`}
            aria-label={`Filter ${noun}`}
            className="h-9 w-full max-w-xs rounded-md border-0 bg-white px-3 text-sm ring-1 ring-inset ring-stone-300"
          />
          <label className="flex items-center gap-2 text-sm text-stone-700">
            <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} /> Only {noun} with a buffer
          </label>
          <span className="ml-auto text-xs text-stone-500">{allocations.data.length} buffers at this location</span>
        </div>
        {items.length === 0 ? (
          <EmptyState title={`No ${noun} yet`}>
            {kind === "product"
              ? "Add products in Inventory, then hold some for a channel here — e.g. 12 glazed for preorder QR."
              : "Add components in Inventory, then hold an amount for a channel here — e.g. 2 kg of dough for preorders."}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
            <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
              <caption className="sr-only">{kind === "product" ? "Units held per product and channel" : "Quantity held per component and channel"}</caption>
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium text-stone-600">
                    {kind === "product" ? "Product (units)" : "Component (its unit)"}
                  </th>
                  {channels.map((c) => (
                    <th key={c.code} scope="col" className="px-2 py-2 text-right font-medium text-stone-600">
                      <span className="inline-flex items-center gap-1.5">
                        <span className="size-2.5 rounded-full" style={{ backgroundColor: c.color ?? "#78716c" }} aria-hidden />
                        {c.name}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {shown.length === 0 ? (
                  <tr>
                    <td colSpan={channels.length + 1} className="px-3 py-6 text-center text-stone-500">
                      {onlyHeld && !q ? `No ${noun} have a buffer here yet.` : `No ${noun} match.`}
                    </td>
                  </tr>
                ) : (
                  shown.map((item) => (
                    <tr key={item.id}>
                      <th scope="row" className="px-3 py-1 text-left font-normal">
                        <span className="font-medium">{item.code}</span> <span className="text-stone-500">{item.name}</span>
                        {item.unit && <span className="ml-1 text-xs text-stone-400">({item.unit})</span>}
                      </th>
                      {channels.map((c) => {
                        const value = held.get(`${item.kind}:${item.id}:${c.code}`) ?? 0;
                        return <Cell key={`${c.code}:${value}`} locationId={locationId} item={item} channel={c} value={value} />;
                      })}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}
