"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatQuantity } from "@/components/format";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";

type Rule = inferRouterOutputs<AppRouter>["resupply"]["rules"][number];
type Cadence = Rule["cadence"];

const CADENCE_LABEL: Record<Cadence, string> = { DAILY: "Daily", TWICE_DAILY: "Twice a day", WINDOWS: "Fixed windows" };

type Draft = {
  locationId: string;
  componentId: string;
  supplierName: string;
  reorderPoint: string;
  targetLevel: string;
  leadTimeHours: string;
  cadence: Cadence;
  windows: string;
  active: boolean;
};

const blank: Draft = {
  locationId: "",
  componentId: "",
  supplierName: "",
  reorderPoint: "",
  targetLevel: "",
  leadTimeHours: "24",
  cadence: "DAILY",
  windows: "07:00",
  active: true,
};

export function RulesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.resupply.rules.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.resupply.pathKey() });
  const remove = useMutation(trpc.resupply.deleteRule.mutationOptions({ onSuccess: invalidate }));
  const [editing, setEditing] = useState<Draft | null>(null);

  const edit = (r: Rule) =>
    setEditing({
      locationId: r.locationId,
      componentId: r.componentId,
      supplierName: r.supplierName ?? "",
      reorderPoint: String(r.reorderPoint),
      targetLevel: String(r.targetLevel),
      leadTimeHours: String(r.leadTimeHours),
      cadence: r.cadence,
      windows: r.windows.join("; "),
      active: r.active,
    });

  return (
    <Card title="Resupply rules" actions={<Button onClick={() => setEditing(blank)}>New rule</Button>}>
      <p className="mb-3 text-sm text-stone-600">
        One rule per component per location. When the stock projected for the next delivery you could still get falls under the reorder point, a
        suggestion is raised to bring it back to the target.
      </p>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorState error={rules.error} retry={() => rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No resupply rules yet" action={<Button onClick={() => setEditing(blank)}>Add the first rule</Button>}>
          Pick a component and location; “Suggest from usage” fills in a reorder point and target from the last two weeks of sales.
        </EmptyState>
      ) : (
        <DataTable
          rows={rules.data}
          rowKey={(r) => r.id}
          filterPlaceholder="Filter rules"
          initialSort={{ key: "component", dir: "asc" }}
          columns={[
            { key: "component", header: "Component", value: (r) => `${r.component.name} ${r.component.code}`, render: (r) => r.component.name },
            { key: "location", header: "Location", value: (r) => r.location.name },
            {
              key: "onHand",
              header: "On hand",
              align: "right",
              value: (r) => r.onHand,
              render: (r) => (
                <span className={r.onHand < r.reorderPoint ? "font-semibold text-red-700" : undefined}>{formatQuantity(r.onHand, r.component.unit)}</span>
              ),
            },
            { key: "reorder", header: "Reorder point", align: "right", value: (r) => r.reorderPoint, render: (r) => formatQuantity(r.reorderPoint, r.component.unit) },
            { key: "target", header: "Target", align: "right", value: (r) => r.targetLevel, render: (r) => formatQuantity(r.targetLevel, r.component.unit) },
            { key: "lead", header: "Lead time", align: "right", value: (r) => r.leadTimeHours, render: (r) => `${r.leadTimeHours} h` },
            { key: "cadence", header: "Deliveries", value: (r) => `${CADENCE_LABEL[r.cadence]} ${r.windows.join(", ")}`, render: (r) => `${CADENCE_LABEL[r.cadence]} · ${r.windows.join("; ")}` },
            { key: "supplier", header: "Supplier", value: (r) => r.supplierName ?? "" , render: (r) => r.supplierName ?? "—" },
            {
              key: "status",
              header: "Status",
              value: (r) => (r.active ? (r.onHand < r.reorderPoint ? "low" : "ok") : "paused"),
              render: (r) => (!r.active ? <Badge>Paused</Badge> : r.onHand < r.reorderPoint ? <Badge tone="bad">Low</Badge> : <Badge tone="good">OK</Badge>),
            },
            {
              key: "actions",
              header: "",
              render: (r) => (
                <div className="flex justify-end gap-1">
                  <Button size="sm" variant="secondary" onClick={() => edit(r)} aria-label={`Edit rule for ${r.component.name} at ${r.location.name}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: r.id })} aria-label={`Delete rule for ${r.component.name} at ${r.location.name}`}>
                    Delete
                  </Button>
                </div>
              ),
            },
          ]}
        />
      )}
      {editing && <RuleDialog initial={editing} onClose={() => setEditing(null)} onSaved={invalidate} />}
    </Card>
  );
}

function RuleDialog({ initial, onClose, onSaved }: { initial: Draft; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.resupply.options.queryOptions());
  const [d, setD] = useState<Draft>(initial);
  const [suggestError, setSuggestError] = useState<string | null>(null);
  const [suggestNote, setSuggestNote] = useState<string | null>(null);
  const save = useMutation(
    trpc.resupply.saveRule.mutationOptions({
      onSuccess: () => {
        onSaved();
        onClose();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((x) => ({ ...x, [key]: value }));
  const windows = d.windows.split(/[;\n]/).map((w) => w.trim()).filter(Boolean);
  const unit = options.data?.components.find((c) => c.id === d.componentId)?.unit ?? "";

  async function suggest() {
    setSuggestError(null);
    setSuggestNote(null);
    if (!d.locationId || !d.componentId) {
      setSuggestError("Pick a location and a component first.");
      return;
    }
    try {
      const s = await queryClient.fetchQuery(
        trpc.resupply.suggestRule.queryOptions({
          locationId: d.locationId,
          componentId: d.componentId,
          leadTimeHours: Number(d.leadTimeHours) || 0,
          cadence: d.cadence,
          windows,
        }),
      );
      setD((x) => ({ ...x, reorderPoint: String(s.reorderPoint), targetLevel: String(s.targetLevel) }));
      setSuggestNote(`Based on about ${formatQuantity(s.dailyUsage, unit)} used a day over the last two weeks.`);
    } catch (error) {
      setSuggestError(error instanceof Error ? error.message : "Could not suggest values.");
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      locationId: d.locationId,
      componentId: d.componentId,
      supplierName: d.supplierName.trim() || null,
      reorderPoint: Number(d.reorderPoint),
      targetLevel: Number(d.targetLevel),
      leadTimeHours: Number(d.leadTimeHours),
      cadence: d.cadence,
      windows,
      active: d.active,
    });
  }

  return (
    <Dialog open onClose={onClose} title={initial.componentId ? "Edit resupply rule" : "New resupply rule"}>
      {options.isPending ? (
        <Loading />
      ) : options.isError ? (
        <ErrorState error={options.error} retry={() => options.refetch()} />
      ) : (
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Location" value={d.locationId} onChange={(e) => set("locationId", e.target.value)} error={errors.locationId} required>
            <option value="">Choose…</option>
            {options.data.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Component" value={d.componentId} onChange={(e) => set("componentId", e.target.value)} error={errors.componentId} required>
            <option value="">Choose…</option>
            {options.data.components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.unit})
              </option>
            ))}
          </SelectField>
          <SelectField label="Delivery cadence" value={d.cadence} onChange={(e) => set("cadence", e.target.value as Cadence)} error={errors.cadence}>
            {Object.entries(CADENCE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Delivery windows"
            value={d.windows}
            onChange={(e) => set("windows", e.target.value)}
            error={errors.windows}
            hint='Local times separated by ";": "07:00; 15:00", "Mon,Thu 06:30", or named: "Bakery run: Mon,Thu 06:30"'
          />
          <TextField label="Lead time (hours)" type="number" min={0} step={1} value={d.leadTimeHours} onChange={(e) => set("leadTimeHours", e.target.value)} error={errors.leadTimeHours} />
          <TextField label="Supplier" list="supplier-names" value={d.supplierName} onChange={(e) => set("supplierName", e.target.value)} error={errors.supplierName} hint="New names are added as suppliers" />
          <datalist id="supplier-names">
            {options.data.suppliers.map((s) => (
              <option key={s.id} value={s.name} />
            ))}
          </datalist>
          <TextField label={`Reorder point${unit ? ` (${unit})` : ""}`} type="number" min={0} step={1} value={d.reorderPoint} onChange={(e) => set("reorderPoint", e.target.value)} error={errors.reorderPoint} required />
          <TextField label={`Target level${unit ? ` (${unit})` : ""}`} type="number" min={1} step={1} value={d.targetLevel} onChange={(e) => set("targetLevel", e.target.value)} error={errors.targetLevel} required />
          <div className="sm:col-span-2 space-y-1">
            <Button variant="secondary" size="sm" onClick={suggest}>
              Suggest from usage
            </Button>
            {suggestNote && <p className="text-xs text-stone-600">{suggestNote}</p>}
            {suggestError && <p className="text-sm text-red-700">{suggestError}</p>}
          </div>
          <label className="flex items-center gap-2 text-sm text-stone-700 sm:col-span-2">
            <input type="checkbox" checked={d.active} onChange={(e) => set("active", e.target.checked)} />
            Active (paused rules raise nothing)
          </label>
          {save.error && !Object.keys(errors).length && <p className="text-sm text-red-700 sm:col-span-2">{save.error.message}</p>}
          <div className="flex justify-end gap-2 sm:col-span-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" busy={save.isPending}>
              Save rule
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
