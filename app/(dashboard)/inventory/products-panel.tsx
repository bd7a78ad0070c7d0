"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useMemo, useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatMoney, formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatMargin, formatMilli } from "./format";

type KitDraft = { kind: "component" | "product"; ref: string; label: string; unit: string; quantity: string };
type Draft = { isNew: boolean; sku: string; name: string; price: string; category: string; isModifier: boolean; active: boolean; kit: KitDraft[] };

const blank: Draft = { isNew: true, sku: "", name: "", price: "", category: "", isModifier: false, active: true, kit: [] };

export function ProductsPanel() {
  const trpc = useTRPC();
  const products = useQuery(trpc.catalog.products.queryOptions());
  const components = useQuery(trpc.catalog.components.queryOptions());
  const [editing, setEditing] = useState<Draft | null>(null);
  const unitOf = useMemo(() => new Map((components.data ?? []).map((c) => [c.code, c.unit])), [components.data]);

  return (
    <Card title="Products & kits" actions={<Button size="sm" onClick={() => setEditing(blank)}>New product</Button>}>
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorState error={products.error} retry={() => products.refetch()} />
      ) : products.data.length === 0 ? (
        <EmptyState title="No products yet" action={<Button onClick={() => setEditing(blank)}>Add the first product</Button>}>
          A product is a SKU your POS sells. Its kit lists the components (or other products, for bundles) one unit uses.
        </EmptyState>
      ) : (
        <DataTable
          rows={products.data}
          rowKey={(p) => p.id}
          filterPlaceholder="Filter products"
          initialSort={{ key: "sku", dir: "asc" }}
          columns={[
            { key: "sku", header: "SKU", value: (p) => p.sku, render: (p) => <code className="text-xs">{p.sku}</code> },
            {
              key: "name",
              header: "Name",
              value: (p) => p.name,
              render: (p) => (
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{p.name}</span>
                  {p.isModifier && <Badge tone="info">Modifier</Badge>}
                  {p.kit.some((l) => l.childProduct) && <Badge tone="neutral">Bundle</Badge>}
                  {!p.active && <Badge>Archived</Badge>}
                </span>
              ),
            },
            { key: "category", header: "Category", value: (p) => p.category ?? "" },
            { key: "price", header: "Price", align: "right", value: (p) => p.priceMinor, render: (p) => formatMoney(p.priceMinor) },
            {
              key: "cost",
              header: "Kit cost",
              align: "right",
              value: (p) => p.costMilli,
              render: (p) => (
                <span title={p.uncosted.length ? `No cost set for ${p.uncosted.join(", ")}` : undefined}>
                  {formatMilli(p.costMilli)}
                  {p.uncosted.length > 0 && <span className="text-amber-700"> *</span>}
                </span>
              ),
            },
            {
              key: "margin",
              header: "Margin",
              align: "right",
              value: (p) => p.marginBp,
              render: (p) => <span className={p.marginBp !== null && p.marginBp < 5000 ? "text-amber-700" : ""}>{formatMargin(p.marginBp)}</span>,
            },
            {
              key: "kit",
              header: "Kit",
              value: (p) => p.kit.length,
              render: (p) =>
                p.kitError ? (
                  <Badge tone="bad">{p.kitError}</Badge>
                ) : p.kit.length === 0 ? (
                  <Badge tone="warn">No kit</Badge>
                ) : (
                  <span className="text-xs text-stone-600">
                    {p.kit.map((l) => (l.component ? `${l.quantity} ${l.component.unit} ${l.component.code}` : `${l.quantity}× ${l.childProduct?.sku ?? ""}`)).join(" · ")}
                  </span>
                ),
            },
            {
              key: "edit",
              header: "",
              render: (p) => (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Edit ${p.sku}`}
                  onClick={() =>
                    setEditing({
                      isNew: false,
                      sku: p.sku,
                      name: p.name,
                      price: (p.priceMinor / 100).toFixed(2),
                      category: p.category ?? "",
                      isModifier: p.isModifier,
                      active: p.active,
                      kit: p.kit.map((l) =>
                        l.component
                          ? { kind: "component", ref: l.component.code, label: l.component.name, unit: l.component.unit, quantity: String(l.quantity) }
                          : { kind: "product", ref: l.childProduct?.sku ?? "", label: l.childProduct?.name ?? "", unit: "×", quantity: String(l.quantity) },
                      ),
                    })
                  }
                >
                  Edit
                </Button>
              ),
            },
          ]}
        />
      )}
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing?.isNew ? "New product" : `Edit ${editing?.sku ?? ""}`}>
        {editing && (
          <ProductForm
            initial={editing}
            components={(components.data ?? []).filter((c) => c.active).map((c) => ({ kind: "component" as const, ref: c.code, label: c.name, unit: c.unit }))}
            products={(products.data ?? []).filter((p) => p.sku !== editing.sku).map((p) => ({ kind: "product" as const, ref: p.sku, label: p.name, unit: "×" }))}
            unitOf={unitOf}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
    </Card>
  );
}

type PickerOption = { kind: "component" | "product"; ref: string; label: string; unit: string };

function toMinor(price: string): number {
  const n = Number(price);
  return price.trim() === "" || !Number.isFinite(n) ? Number.NaN : Math.round(n * 100);
}

function ProductForm({
  initial,
  components,
  products,
  unitOf,
  onDone,
}: {
  initial: Draft;
  components: PickerOption[];
  products: PickerOption[];
  unitOf: Map<string, string>;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const [search, setSearch] = useState("");
  const set = (patch: Partial<Draft>) => setForm((f) => ({ ...f, ...patch }));
  const save = useMutation(
    trpc.catalog.saveProduct.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        onDone();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const formError = save.error && Object.keys(errors).length === 0 ? save.error.message : null;

  const kitInput = form.kit
    .filter((l) => Number.isInteger(Number(l.quantity)) && Number(l.quantity) >= 1)
    .map((l) => (l.kind === "component" ? { component: l.ref, quantity: Number(l.quantity) } : { product: l.ref, quantity: Number(l.quantity) }));
  const priceMinor = toMinor(form.price);
  const deferred = useDeferredValue({ sku: form.sku || "NEW", priceMinor: Number.isFinite(priceMinor) && priceMinor >= 0 ? priceMinor : 0, kit: kitInput });
  const preview = useQuery({ ...trpc.catalog.previewKit.queryOptions(deferred), placeholderData: keepPreviousData, retry: false });

  const q = search.trim().toLowerCase();
  const inKit = new Set(form.kit.map((l) => `${l.kind}:${l.ref}`));
  const matches = q
    ? [...components, ...products].filter((o) => !inKit.has(`${o.kind}:${o.ref}`) && `${o.ref} ${o.label}`.toLowerCase().includes(q)).slice(0, 8)
    : [];

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      sku: form.sku,
      name: form.name,
      priceMinor,
      category: form.category.trim() || null,
      isModifier: form.isModifier,
      active: form.active,
      kit: form.kit.map((l) => (l.kind === "component" ? { component: l.ref, quantity: Number(l.quantity) } : { product: l.ref, quantity: Number(l.quantity) })),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Product">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="SKU" value={form.sku} disabled={!form.isNew} onChange={(e) => set({ sku: e.target.value.toUpperCase() })} error={errors.sku} hint="As your POS sends it; fixed once created." />
        <TextField label="Name" value={form.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} />
        <TextField label="Price ($)" inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} error={errors.priceMinor} />
        <TextField label="Category" value={form.category} onChange={(e) => set({ category: e.target.value })} error={errors.category} />
      </div>
      <div className="flex flex-wrap gap-4 text-sm text-stone-700">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.isModifier} onChange={(e) => set({ isModifier: e.target.checked })} />
          Modifier (an add-on like extra sprinkles)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
          Active
        </label>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-stone-900">Kit (for one unit)</legend>
        {errors.kit && (
          <p className="text-sm text-red-700" role="alert" data-testid="kit-error">
            {errors.kit}
          </p>
        )}
        {form.kit.length === 0 && <p className="text-sm text-stone-500">No lines yet: search below to add a component, or a product to make a bundle.</p>}
        <ul className="divide-y divide-stone-100 rounded-md ring-1 ring-stone-200 empty:hidden">
          {form.kit.map((line, i) => {
            const error = errors[`kit.${i}.quantity`];
            return (
              <li key={`${line.kind}:${line.ref}`} className="px-3 py-2">
                <div className="flex items-center gap-2">
                  <div className="min-w-0 flex-1 text-sm">
                    <span className="font-medium">{line.label}</span> <code className="text-xs text-stone-500">{line.ref}</code>{" "}
                    {line.kind === "product" && <Badge tone="info">product</Badge>}
                  </div>
                  <input
                    aria-label={`Quantity of ${line.ref}`}
                    aria-invalid={error ? true : undefined}
                    inputMode="numeric"
                    value={line.quantity}
                    onChange={(e) => {
                      if (save.isError) save.reset();
                      set({ kit: form.kit.map((l, j) => (j === i ? { ...l, quantity: e.target.value } : l)) });
                    }}
                    className={`h-9 w-24 rounded-md border-0 px-2 text-right text-sm ring-1 ring-inset ${error ? "ring-red-500" : "ring-stone-300"}`}
                  />
                  <span className="w-6 text-sm text-stone-500">{line.kind === "component" ? (unitOf.get(line.ref) ?? line.unit) : "×"}</span>
                  <Button variant="ghost" size="sm" aria-label={`Remove ${line.ref}`} onClick={() => set({ kit: form.kit.filter((_, j) => j !== i) })}>
                    Remove
                  </Button>
                </div>
                {error && <p className="mt-1 text-right text-sm text-red-700">{error}</p>}
              </li>
            );
          })}
        </ul>
        <div className="relative">
          <TextField label="Add component or product" placeholder="Search by name or code" value={search} onChange={(e) => setSearch(e.target.value)} />
          {matches.length > 0 && (
            <ul className="absolute z-10 mt-1 w-full overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-stone-200" role="listbox" aria-label="Matches">
              {matches.map((o) => (
                <li key={`${o.kind}:${o.ref}`}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={false}
                    className="flex w-full items-center justify-between px-3 py-2 text-left text-sm hover:bg-stone-50"
                    onClick={() => {
                      set({ kit: [...form.kit, { ...o, quantity: o.kind === "component" && o.unit !== "pc" ? "" : "1" }] });
                      setSearch("");
                    }}
                  >
                    <span>
                      {o.label} <code className="text-xs text-stone-500">{o.ref}</code>
                    </span>
                    <span className="text-xs text-stone-500">{o.kind === "component" ? o.unit : "product"}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </fieldset>

      <section aria-label="Exploded cost" className="rounded-md bg-stone-50 p-3 text-sm">
        {preview.isError ? (
          <p className="text-red-700">{preview.error.message}</p>
        ) : preview.data ? (
          <>
            <div className="mb-2 flex flex-wrap gap-4">
              <span>
                Cost <strong data-testid="kit-cost">{formatMilli(preview.data.costMilli)}</strong>
              </span>
              <span>
                Margin <strong data-testid="kit-margin">{formatMargin(preview.data.marginBp)}</strong>
              </span>
              {preview.data.uncosted.length > 0 && <span className="text-amber-700">No cost set for {preview.data.uncosted.join(", ")}</span>}
            </div>
            {preview.data.exploded.length > 0 && (
              <table className="w-full text-xs">
                <thead>
                  <tr className="text-left text-stone-500">
                    <th className="py-1 font-medium">Exploded to components</th>
                    <th className="py-1 text-right font-medium">Quantity</th>
                    <th className="py-1 text-right font-medium">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.data.exploded.map((e) => (
                    <tr key={e.code}>
                      <td className="py-0.5">{e.name}</td>
                      <td className="py-0.5 text-right tabular-nums">{formatQuantity(e.quantity, e.unit)}</td>
                      <td className="py-0.5 text-right tabular-nums">{formatMilli(e.costMilli)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : (
          <p className="text-stone-500">Cost and margin appear as you build the kit.</p>
        )}
      </section>

      {formError && <p className="text-sm text-red-700">{formError}</p>}
      <Button type="submit" busy={save.isPending}>
        Save product
      </Button>
    </form>
  );
}
