"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatUnitCost } from "./format";

type Editing = {
  isNew: boolean;
  code: string;
  name: string;
  unit: string;
  cost: string;
  shelfLifeHours: string;
  supplier: string;
  active: boolean;
};

const blank: Editing = { isNew: true, code: "", name: "", unit: "g", cost: "", shelfLifeHours: "", supplier: "", active: true };

export function ComponentsPanel() {
  const trpc = useTRPC();
  const components = useQuery(trpc.catalog.components.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);

  return (
    <Card title="Components" actions={<Button size="sm" onClick={() => setEditing(blank)}>New component</Button>}>
      {components.isPending ? (
        <Loading />
      ) : components.isError ? (
        <ErrorState error={components.error} retry={() => components.refetch()} />
      ) : components.data.length === 0 ? (
        <EmptyState title="No components yet" action={<Button onClick={() => setEditing(blank)}>Add the first component</Button>}>
          Components are what stock is counted in: dough in grams, milk in millilitres, boxes in pieces.
        </EmptyState>
      ) : (
        <DataTable
          rows={components.data}
          rowKey={(c) => c.id}
          filterPlaceholder="Filter components"
          initialSort={{ key: "code", dir: "asc" }}
          columns={[
            { key: "code", header: "Code", value: (c) => c.code, render: (c) => <code className="text-xs">{c.code}</code> },
            {
              key: "name",
              header: "Name",
              value: (c) => c.name,
              render: (c) => (
                <Link href={`/inventory/components/${c.id}`} className="font-medium text-brand-700 hover:underline">
                  {c.name}
                </Link>
              ),
            },
            { key: "unit", header: "Unit", value: (c) => c.unit },
            { key: "cost", header: "Cost", align: "right", value: (c) => c.costPerUnitMilli, render: (c) => formatUnitCost(c.costPerUnitMilli, c.unit) },
            { key: "shelf", header: "Shelf life", align: "right", value: (c) => c.shelfLifeHours ?? null, render: (c) => (c.shelfLifeHours ? `${c.shelfLifeHours} h` : "—") },
            { key: "supplier", header: "Supplier", value: (c) => c.supplier?.name ?? "" },
            { key: "onHand", header: "On hand (all)", align: "right", value: (c) => c.onHand, render: (c) => formatQuantity(c.onHand, c.unit) },
            { key: "kits", header: "In kits", align: "right", value: (c) => c.usedInKits },
            { key: "status", header: "Status", value: (c) => (c.active ? "active" : "archived"), render: (c) => (c.active ? <Badge tone="good">Active</Badge> : <Badge>Archived</Badge>) },
            {
              key: "edit",
              header: "",
              render: (c) => (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Edit ${c.code}`}
                  onClick={() =>
                    setEditing({
                      isNew: false,
                      code: c.code,
                      name: c.name,
                      unit: c.unit,
                      cost: String(c.costPerUnitMilli / 1000),
                      shelfLifeHours: c.shelfLifeHours ? String(c.shelfLifeHours) : "",
                      supplier: c.supplier?.name ?? "",
                      active: c.active,
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
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing?.isNew ? "New component" : `Edit ${editing?.code ?? ""}`}>
        {editing && <ComponentForm initial={editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </Card>
  );
}

function ComponentForm({ initial, onDone }: { initial: Editing; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suppliers = useQuery(trpc.catalog.suppliers.queryOptions());
  const [form, setForm] = useState(initial);
  const save = useMutation(
    trpc.catalog.saveComponent.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.stock.pathKey() });
        onDone();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const formError = save.error && Object.keys(errors).length === 0 ? save.error.message : null;
  const set = (patch: Partial<Editing>) => setForm((f) => ({ ...f, ...patch }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      code: form.code,
      name: form.name,
      unit: form.unit as "g",
      costPerUnitMinor: form.cost.trim() === "" ? 0 : Number(form.cost),
      shelfLifeHours: form.shelfLifeHours.trim() === "" ? null : Number(form.shelfLifeHours),
      supplier: form.supplier.trim() === "" ? null : form.supplier.trim(),
      active: form.active,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Component">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Code" value={form.code} disabled={!form.isNew} onChange={(e) => set({ code: e.target.value.toUpperCase() })} error={errors.code} hint="Used by the API and CSV; fixed once created." />
        <TextField label="Name" value={form.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} />
        <SelectField label="Unit" value={form.unit} onChange={(e) => set({ unit: e.target.value })} error={errors.unit} hint="Stock is counted in whole units of this.">
          <option value="g">g (grams)</option>
          <option value="ml">ml (millilitres)</option>
          <option value="pc">pc (pieces)</option>
        </SelectField>
        <TextField
          label="Cost per unit (cents)"
          inputMode="decimal"
          value={form.cost}
          onChange={(e) => set({ cost: e.target.value })}
          error={errors.costPerUnitMinor}
          hint="Up to 3 decimals: 0.35 = $3.50 per kg."
        />
        <TextField label="Shelf life (hours)" inputMode="numeric" value={form.shelfLifeHours} onChange={(e) => set({ shelfLifeHours: e.target.value })} error={errors.shelfLifeHours} />
        <TextField label="Supplier" list="supplier-names" value={form.supplier} onChange={(e) => set({ supplier: e.target.value })} error={errors.supplier} hint="Pick one or type a new name." />
        <datalist id="supplier-names">
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.name} />
          ))}
        </datalist>
      </div>
      <label className="flex items-center gap-2 text-sm text-stone-700">
        <input type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
        Active (archived components are hidden from counts and the stock table)
      </label>
      {formError && <p className="text-sm text-red-700">{formError}</p>}
      <Button type="submit" busy={save.isPending}>
        Save component
      </Button>
    </form>
  );
}
