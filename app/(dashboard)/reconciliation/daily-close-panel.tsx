"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatDateTime, formatMoney, formatQuantity } from "@/components/format";

export function DailyClosePanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.reconciliation.overview.queryOptions());
  const [locationId, setLocationId] = useState("");
  const closes = useQuery(trpc.reconciliation.closes.queryOptions({ locationId: locationId || null }));
  const [openId, setOpenId] = useState<string | null>(null);
  const [date, setDate] = useState("");
  const [closeLocation, setCloseLocation] = useState("");
  const closeDay = useMutation(
    trpc.reconciliation.closeDay.mutationOptions({
      onSuccess: async (data) => {
        await queryClient.invalidateQueries({ queryKey: trpc.reconciliation.closes.queryKey() });
        setOpenId(data.id);
      },
    }),
  );
  const errors = fieldErrorsOf(closeDay.error);

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => overview.refetch()} />;
  const locations = overview.data.locations;
  const targetLocation = closeLocation || locations[0]?.id || "";
  const csvRange = closes.data && closes.data.length > 0 ? { from: closes.data.at(-1)!.businessDate, to: closes.data[0]!.businessDate } : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    closeDay.mutate({ locationId: targetLocation, businessDate: date || overview.data!.today });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <Card
        title="Daily close reports"
        actions={
          csvRange && (
            <a
              className="inline-flex h-8 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100"
              href={`/api/reports/daily-close?from=${csvRange.from}&to=${csvRange.to}${locationId ? `&location=${locationId}` : ""}`}
            >
              Download all as CSV
            </a>
          )
        }
      >
        {closes.isPending ? (
          <Loading />
        ) : closes.isError ? (
          <ErrorState error={closes.error} retry={() => closes.refetch()} />
        ) : closes.data.length === 0 && !locationId ? (
          <EmptyState title="No daily close yet">
            Each location&apos;s day is closed automatically after the overnight reconciliation. Close a day now with the form beside this list.
          </EmptyState>
        ) : (
          <DataTable
            rows={closes.data}
            rowKey={(c) => c.id}
            filterPlaceholder="Filter by date or location"
            initialSort={{ key: "date", dir: "desc" }}
            empty="No closes for this location yet."
            toolbar={
              <select
                aria-label="Location"
                value={locationId}
                onChange={(e) => setLocationId(e.target.value)}
                className="h-9 rounded-md border-0 text-sm ring-1 ring-stone-300"
              >
                <option value="">All locations</option>
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            }
            columns={[
              { key: "date", header: "Business day", value: (c) => c.businessDate },
              { key: "location", header: "Location", value: (c) => c.location.name },
              { key: "orders", header: "Orders", value: (c) => c.orders, align: "right" },
              { key: "net", header: "Net sales", value: (c) => c.netMinor, render: (c) => formatMoney(c.netMinor, c.currency), align: "right" },
              { key: "waste", header: "Waste", value: (c) => c.wasteValueMinor, render: (c) => formatMoney(c.wasteValueMinor, c.currency), align: "right" },
              { key: "variance", header: "Variance", value: (c) => c.varianceValueMinor, render: (c) => formatMoney(c.varianceValueMinor, c.currency), align: "right" },
              { key: "anomalies", header: "Anomalies", value: (c) => c.anomalies, align: "right" },
              {
                key: "open",
                header: "",
                render: (c) => (
                  <Button size="sm" variant="secondary" onClick={() => setOpenId(c.id)} aria-label={`View close of ${c.location.name} on ${c.businessDate}`}>
                    View
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>

      <Card title="Close a day">
        <form onSubmit={submit} noValidate className="space-y-3">
          <SelectField label="Location" value={targetLocation} onChange={(e) => setCloseLocation(e.target.value)} error={errors.locationId}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Business day"
            type="date"
            max={overview.data.today}
            value={date || overview.data.today}
            onChange={(e) => setDate(e.target.value)}
            error={errors.businessDate}
            hint={`Days run midnight to midnight, ${overview.data.timeZone}. Closing again refreshes the report.`}
          />
          {closeDay.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{closeDay.error.message}</p>}
          <Button type="submit" busy={closeDay.isPending} className="w-full">
            Close day
          </Button>
        </form>
      </Card>

      <CloseDialog id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function CloseDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const close = useQuery({ ...trpc.reconciliation.close.queryOptions({ id: id ?? "" }), enabled: !!id });
  const s = close.data?.summary;
  return (
    <Dialog open={!!id} onClose={onClose} title={s ? `${s.location.name} · ${s.businessDate}` : "Daily close"}>
      {close.isPending ? (
        <Loading />
      ) : close.isError ? (
        <ErrorState error={close.error} />
      ) : s ? (
        <div className="max-h-[70dvh] space-y-4 overflow-y-auto text-sm">
          <div className="grid grid-cols-3 gap-2 text-center">
            <Stat label="Net sales" value={formatMoney(s.netMinor, s.currency)} />
            <Stat label="Orders" value={String(s.orders)} />
            <Stat label="Refunded" value={formatMoney(s.refundedMinor, s.currency)} />
          </div>
          <Table
            title="Sales by channel"
            empty="No sales."
            rows={s.salesByChannel.map((c) => [c.channel, `${c.orders} orders`, formatMoney(c.netMinor, s.currency)])}
          />
          <Table
            title={`Waste (${formatMoney(s.waste.totalValueMinor, s.currency)})`}
            empty="No waste recorded."
            rows={s.waste.lines.map((l) => [l.name, formatQuantity(l.quantity, l.unit), formatMoney(l.valueMinor, s.currency)])}
          />
          <Table
            title={`Count variance (${formatMoney(s.variance.totalValueMinor, s.currency)})`}
            empty="No count adjustments."
            rows={s.variance.lines.map((l) => [l.name, formatQuantity(l.quantity, l.unit), formatMoney(l.valueMinor, s.currency)])}
          />
          <div>
            <h3 className="mb-1 font-semibold">Anomalies</h3>
            {s.anomalies.length === 0 ? (
              <p className="text-stone-600">None raised that day.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5">
                {s.anomalies.map((a, i) => (
                  <li key={i}>{a.message}</li>
                ))}
              </ul>
            )}
          </div>
          <div className="flex items-center justify-between border-t border-stone-200 pt-3">
            <span className="text-xs text-stone-500">Closed {formatDateTime(close.data.closedAt)}</span>
            <a className="inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700" href={`/api/reports/daily-close?id=${id}`}>
              Download CSV
            </a>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md bg-stone-50 p-2 ring-1 ring-stone-200">
      <p className="text-xs text-stone-500">{label}</p>
      <p className="font-semibold tabular-nums">{value}</p>
    </div>
  );
}

function Table({ title, rows, empty }: { title: string; rows: string[][]; empty: string }) {
  return (
    <div>
      <h3 className="mb-1 font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-stone-600">{empty}</p>
      ) : (
        <table className="w-full">
          <tbody className="divide-y divide-stone-100">
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((cell, j) => (
                  <td key={j} className={j === 0 ? "py-1" : "py-1 text-right tabular-nums"}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
