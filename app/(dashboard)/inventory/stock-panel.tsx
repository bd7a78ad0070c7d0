"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { formatDateTime, formatQuantity } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatMilli } from "./format";
import { MovementForm, type MovementKind } from "./movement-form";

type Action = { kind: MovementKind; locationId: string; componentId: string } | { kind: "transfer"; locationId: string; componentId: string };

export function StockPanel() {
  const trpc = useTRPC();
  const locations = useQuery(trpc.catalog.locations.queryOptions());
  const [locationId, setLocationId] = useState("");
  const [onlyNegative, setOnlyNegative] = useState(false);
  const levels = useQuery(trpc.stock.levels.queryOptions(locationId ? { locationId } : undefined));
  const check = useQuery(trpc.stock.ledgerCheck.queryOptions());
  const [action, setAction] = useState<Action | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const locationName = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);
  const rows = useMemo(() => (levels.data ?? []).filter((r) => !onlyNegative || r.negative), [levels.data, onlyNegative]);
  const negatives = (levels.data ?? []).filter((r) => r.negative).length;
  const totalValue = (levels.data ?? []).reduce((s, r) => s + r.valueMilli, 0);

  const options = (forLocation: string) => {
    const all = levels.data ?? [];
    const here = all.filter((r) => r.locationId === forLocation);
    const source = here.length ? here : [...new Map(all.map((r) => [r.componentId, { ...r, onHand: 0 }])).values()];
    return source.map((r) => ({ componentId: r.componentId, code: r.code, name: r.name, unit: r.unit, onHand: r.onHand }));
  };

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Card>
          <p className="text-sm text-stone-600">Stock value{locationId ? " here" : ""}</p>
          <p className="text-2xl font-semibold tabular-nums">{formatMilli(totalValue)}</p>
        </Card>
        <Card>
          <p className="text-sm text-stone-600">Negative on-hand</p>
          <p className={`text-2xl font-semibold tabular-nums ${negatives ? "text-red-700" : ""}`}>{negatives}</p>
        </Card>
        <Card>
          <p className="text-sm text-stone-600">Ledger check</p>
          <p className="mt-1 text-sm" data-testid="ledger-check">
            {check.isPending ? (
              "Checking…"
            ) : check.isError ? (
              <span className="text-red-700">Could not check: {check.error.message}</span>
            ) : check.data.ok ? (
              <Badge tone="good">Balances equal the ledger</Badge>
            ) : (
              <Badge tone="bad">{check.data.drift.length} balance(s) differ from the ledger</Badge>
            )}
          </p>
        </Card>
      </div>
      <Card
        title="Stock by location"
        actions={
          <Button size="sm" variant="secondary" onClick={() => setAction({ kind: "transfer", locationId: locationId || (locations.data?.[0]?.id ?? ""), componentId: "" })}>
            Transfer stock
          </Button>
        }
      >
        {flash && (
          <p className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="stock-flash">
            {flash}
          </p>
        )}
        {levels.isPending || locations.isPending ? (
          <Loading />
        ) : levels.isError ? (
          <ErrorState error={levels.error} retry={() => levels.refetch()} />
        ) : levels.data.length === 0 ? (
          <EmptyState title="No components yet">
            Add the components your products are made of on the Components tab (or import a CSV), then record opening stock with a receipt.
          </EmptyState>
        ) : (
          <DataTable
            rows={rows}
            rowKey={(r) => `${r.locationId}:${r.componentId}`}
            filterPlaceholder="Filter components"
            initialSort={{ key: "component", dir: "asc" }}
            toolbar={
              <>
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
                <label className="flex items-center gap-2 text-sm text-stone-700">
                  <input type="checkbox" checked={onlyNegative} onChange={(e) => setOnlyNegative(e.target.checked)} />
                  Only negative
                </label>
              </>
            }
            columns={[
              {
                key: "component",
                header: "Component",
                value: (r) => `${r.name} ${r.code}`,
                render: (r) => (
                  <Link href={`/inventory/components/${r.componentId}`} className="font-medium text-brand-700 hover:underline">
                    {r.name} <span className="text-xs text-stone-500">{r.code}</span>
                  </Link>
                ),
              },
              { key: "location", header: "Location", value: (r) => locationName.get(r.locationId) ?? "" },
              {
                key: "onHand",
                header: "On hand",
                align: "right",
                value: (r) => r.onHand,
                render: (r) =>
                  r.negative ? (
                    <span className="inline-flex items-center gap-2">
                      <Badge tone="bad">Negative</Badge>
                      <span className="font-medium text-red-700">{formatQuantity(r.onHand, r.unit)}</span>
                    </span>
                  ) : (
                    formatQuantity(r.onHand, r.unit)
                  ),
              },
              { key: "value", header: "Value", align: "right", value: (r) => r.valueMilli, render: (r) => formatMilli(r.valueMilli) },
              { key: "supplier", header: "Supplier", value: (r) => r.supplier ?? "" },
              {
                key: "counted",
                header: "Last counted",
                value: (r) => (r.lastCountedAt ? new Date(r.lastCountedAt).getTime() : 0),
                render: (r) => formatDateTime(r.lastCountedAt),
              },
              {
                key: "actions",
                header: "",
                render: (r) => (
                  <div className="flex justify-end gap-1">
                    {(["receipt", "waste", "count"] as const).map((kind) => (
                      <Button
                        key={kind}
                        size="sm"
                        variant="ghost"
                        aria-label={`${kind} ${r.code} at ${locationName.get(r.locationId) ?? ""}`}
                        onClick={() => setAction({ kind, locationId: r.locationId, componentId: r.componentId })}
                      >
                        {kind === "receipt" ? "Receive" : kind === "waste" ? "Waste" : "Count"}
                      </Button>
                    ))}
                  </div>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Dialog
        open={action !== null}
        onClose={() => setAction(null)}
        title={
          action
            ? action.kind === "transfer"
              ? "Transfer stock"
              : `${action.kind === "receipt" ? "Receive" : action.kind === "waste" ? "Record waste" : "Count"} at ${locationName.get(action.locationId) ?? ""}`
            : ""
        }
      >
        {action &&
          (action.kind === "transfer" ? (
            <TransferForm
              locations={locations.data ?? []}
              components={options(action.locationId)}
              initialFrom={action.locationId}
              onDone={(message) => {
                setFlash(message);
                setAction(null);
              }}
            />
          ) : (
            <MovementForm
              kind={action.kind}
              locationId={action.locationId}
              components={options(action.locationId)}
              initialComponentId={action.componentId}
              onDone={(message) => {
                setFlash(message);
                setAction(null);
              }}
            />
          ))}
      </Dialog>
    </div>
  );
}

function TransferForm({
  locations,
  components,
  initialFrom,
  onDone,
}: {
  locations: { id: string; name: string }[];
  components: { componentId: string; code: string; name: string; unit: string }[];
  initialFrom: string;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState("");
  const [componentId, setComponentId] = useState("");
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const transfer = useMutation(
    trpc.stock.transfer.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.stock.pathKey() });
        const c = components.find((x) => x.componentId === componentId);
        onDone(`Moved ${formatQuantity(Number(quantity), c?.unit ?? "")} of ${c?.name ?? "stock"}.`);
      },
    }),
  );
  const errors = fieldErrorsOf(transfer.error);
  const formError = transfer.error && Object.keys(errors).length === 0 ? transfer.error.message : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    transfer.mutate({ fromLocationId: from, toLocationId: to, componentId, quantity: quantity.trim() === "" ? Number.NaN : Number(quantity), ...(reason.trim() ? { reason } : {}) });
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Transfer stock">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="From" value={from} onChange={(e) => setFrom(e.target.value)} error={errors.fromLocationId}>
          <option value="">Choose…</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="To" value={to} onChange={(e) => setTo(e.target.value)} error={errors.toLocationId}>
          <option value="">Choose…</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
      </div>
      <SelectField label="Component" value={componentId} onChange={(e) => setComponentId(e.target.value)} error={errors.componentId}>
        <option value="">Choose…</option>
        {components.map((c) => (
          <option key={c.componentId} value={c.componentId}>
            {c.name} ({c.code})
          </option>
        ))}
      </SelectField>
      <TextField label="Quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={errors.quantity} />
      <TextField label="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      {formError && <p className="text-sm text-red-700">{formError}</p>}
      <Button type="submit" busy={transfer.isPending}>
        Transfer
      </Button>
    </form>
  );
}
