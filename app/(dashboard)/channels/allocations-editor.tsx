"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

type Product = { id: string; sku: string; name: string };
type Channel = { code: string; name: string; color: string | null };

function Cell({ locationId, product, channel, value }: { locationId: string; product: Product; channel: Channel; value: number }) {
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
  const error = fieldErrorsOf(save.error).quantity ?? (save.error && !fieldErrorsOf(save.error).quantity ? save.error.message : undefined);
  const commit = () => {
    const n = Number(draft.trim() === "" ? "0" : draft);
    if (n === value) return;
    save.mutate({ locationId, productId: product.id, channel: channel.code, quantity: n });
  };
  return (
    <td className="px-2 py-1 text-right">
      <input
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && (e.currentTarget as HTMLInputElement).blur()}
        aria-label={`${product.sku} held for ${channel.name}`}
        aria-invalid={error ? true : undefined}
        title={error ?? undefined}
        className={`h-8 w-20 rounded-md border-0 px-2 text-right text-sm tabular-nums ring-1 ring-inset ${error ? "ring-red-500" : "ring-stone-300"} ${save.isSuccess && !save.isPending ? "bg-emerald-50" : "bg-white"}`}
      />
      {error && <p className="mt-0.5 text-left text-xs text-red-700">{error}</p>}
    </td>
  );
}

/** Grid of product × channel buffers at one location; each cell saves when it loses focus. */
export function AllocationsEditor({ locationId, products, channels }: { locationId: string; products: Product[]; channels: Channel[] }) {
  const trpc = useTRPC();
  const allocations = useQuery(trpc.channels.allocations.queryOptions({ locationId }));
  const [filter, setFilter] = useState("");
  const [onlyHeld, setOnlyHeld] = useState(false);
  if (allocations.isPending) return <Loading label="Loading allocations…" />;
  if (allocations.isError) return <ErrorState error={allocations.error} retry={() => allocations.refetch()} />;
  const held = new Map(allocations.data.map((a) => [`${a.productId}:${a.channel}`, a.quantity]));
  const heldProducts = new Set(allocations.data.map((a) => a.productId));
  const q = filter.trim().toLowerCase();
  const shown = products.filter((p) => (!q || `${p.sku} ${p.name}`.toLowerCase().includes(q)) && (!onlyHeld || heldProducts.has(p.id)));

  return (
    <Card title="Allocations (units held per channel)">
      <p className="mb-3 text-sm text-stone-600">
        A buffer keeps units of a product for one channel: the other channels see that much less available. During a live drop its caps are held for the drop&apos;s channels the same way.
      </p>
      {products.length === 0 ? (
        <EmptyState title="No products yet">Add products in Inventory, then hold some for a channel here — e.g. 12 glazed for preorder QR.</EmptyState>
      ) : (
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Filter products"
              aria-label="Filter products"
              className="h-9 w-full max-w-xs rounded-md border-0 bg-white px-3 text-sm ring-1 ring-inset ring-stone-300"
            />
            <label className="flex items-center gap-2 text-sm text-stone-700">
              <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} /> Only products with a buffer
            </label>
            <span className="ml-auto text-xs text-stone-500">{allocations.data.length} buffers at this location</span>
          </div>
          <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
            <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
              <caption className="sr-only">Allocations per product and channel</caption>
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium text-stone-600">
                    Product
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
                      No products match.
                    </td>
                  </tr>
                ) : (
                  shown.map((p) => (
                    <tr key={p.id}>
                      <th scope="row" className="px-3 py-1 text-left font-normal">
                        <span className="font-medium">{p.sku}</span> <span className="text-stone-500">{p.name}</span>
                      </th>
                      {channels.map((c) => (
                        <Cell key={`${c.code}:${held.get(`${p.id}:${c.code}`) ?? 0}`} locationId={locationId} product={p} channel={c} value={held.get(`${p.id}:${c.code}`) ?? 0} />
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Card>
  );
}
