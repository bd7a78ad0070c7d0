"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { zonedDate } from "@/server/domain/drop-time";
import { DropStatusBadge } from "./drop-status";

const VIEWS = [
  { id: "list", label: "List" },
  { id: "week", label: "Week" },
  { id: "month", label: "Month" },
] as const;
type View = (typeof VIEWS)[number]["id"];

const STATUS_COLORS: Record<string, string> = {
  SCHEDULED: "bg-sky-100 text-sky-900 ring-sky-300",
  LIVE: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  ENDED: "bg-stone-100 text-stone-700 ring-stone-300",
  CANCELLED: "bg-red-50 text-red-700 ring-red-200 line-through",
};

/** Calendar arithmetic on shop-local "YYYY-MM-DD" strings (UTC noon avoids DST edges). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function weekday(date: string): number {
  return (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
}
function dayLabel(date: string, opts: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat("en-US", { ...opts, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
}

export function DropsView() {
  const trpc = useTRPC();
  const [view, setView] = useState<View>("list");
  const drops = useQuery(trpc.drops.list.queryOptions());
  const options = useQuery(trpc.drops.options.queryOptions());
  const timeZone = options.data?.timeZone ?? "UTC";
  const today = zonedDate(new Date(), timeZone);
  const [anchor, setAnchor] = useState<string | null>(null);
  const base = anchor ?? today;

  const days = useMemo(() => {
    if (view === "week") {
      const start = addDays(base, -weekday(base));
      return Array.from({ length: 7 }, (_, i) => addDays(start, i));
    }
    const first = `${base.slice(0, 8)}01`;
    const start = addDays(first, -weekday(first));
    return Array.from({ length: 42 }, (_, i) => addDays(start, i));
  }, [view, base]);

  const step = (dir: 1 | -1) => {
    if (view === "week") setAnchor(addDays(base, 7 * dir));
    else {
      const d = new Date(`${base.slice(0, 8)}15T12:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + dir);
      setAnchor(d.toISOString().slice(0, 10));
    }
  };

  if (drops.isPending || options.isPending) return <Loading label="Loading drops…" />;
  if (drops.isError) return <ErrorState error={drops.error} retry={() => drops.refetch()} />;
  if (options.isError) return <ErrorState error={options.error} retry={() => options.refetch()} />;

  const rows = drops.data;
  const byDay = new Map<string, typeof rows>();
  for (const d of rows) {
    const first = zonedDate(new Date(d.startsAt), timeZone);
    const last = zonedDate(new Date(new Date(d.endsAt).getTime() - 1), timeZone);
    for (let day = first, n = 0; day <= last && n < 60; day = addDays(day, 1), n++) {
      byDay.set(day, [...(byDay.get(day) ?? []), d]);
    }
  }
  const time = (v: Date | string) => new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone }).format(new Date(v));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div role="tablist" aria-label="Drop views" className="inline-flex rounded-md bg-white p-0.5 ring-1 ring-stone-300">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={view === v.id}
              onClick={() => setView(v.id)}
              className={cn("rounded px-3 py-1.5 text-sm font-medium", view === v.id ? "bg-brand-600 text-white" : "text-stone-700 hover:bg-stone-100")}
            >
              {v.label}
            </button>
          ))}
        </div>
        {view !== "list" && (
          <div className="flex items-center gap-2">
            <Button size="sm" variant="secondary" onClick={() => step(-1)} aria-label={view === "week" ? "Previous week" : "Previous month"}>
              ←
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setAnchor(null)}>
              Today
            </Button>
            <Button size="sm" variant="secondary" onClick={() => step(1)} aria-label={view === "week" ? "Next week" : "Next month"}>
              →
            </Button>
            <span className="text-sm font-medium text-stone-800" aria-live="polite">
              {view === "week"
                ? `${dayLabel(days[0] ?? base, { month: "short", day: "numeric" })} – ${dayLabel(days[6] ?? base, { month: "short", day: "numeric", year: "numeric" })}`
                : dayLabel(base, { month: "long", year: "numeric" })}
            </span>
          </div>
        )}
        <span className="ml-auto text-xs text-stone-500">Times in {timeZone}</span>
      </div>

      {rows.length === 0 ? (
        <EmptyState
          title="No drops yet"
          action={
            <Link href="/drops/new" className="inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
              Plan your first drop
            </Link>
          }
        >
          Plan a limited menu — say a Midnight Drop of 40 boxes for online and preorders — and Backroom checks the stock can feed it before you announce it.
        </EmptyState>
      ) : view === "list" ? (
        <>
          <ul className="space-y-2 sm:hidden" aria-label="Drops">
            {[...rows]
              .sort((a, b) => new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime())
              .map((d) => (
                <li key={d.id}>
                  <Link href={`/drops/${d.id}`} className="block rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200">
                    <span className="flex items-center justify-between gap-2">
                      <span className="font-medium text-brand-700">{d.name}</span>
                      <DropStatusBadge status={d.status} />
                    </span>
                    <span className="mt-1 block text-sm text-stone-600">
                      {d.location.name} · {formatDateTime(d.startsAt, timeZone)}
                    </span>
                    <span className="mt-0.5 block truncate text-xs text-stone-500">{d.items.map((i) => `${i.cap}× ${i.sku}`).join(", ")}</span>
                  </Link>
                </li>
              ))}
          </ul>
          <Card className="hidden sm:block">
            <DataTable
              rows={rows}
              rowKey={(d) => d.id}
              filterPlaceholder="Filter drops"
              initialSort={{ key: "starts", dir: "desc" }}
              caption="Drops"
              columns={[
                {
                  key: "name",
                  header: "Drop",
                  value: (d) => d.name,
                  render: (d) => (
                    <Link href={`/drops/${d.id}`} className="font-medium text-brand-700 hover:underline">
                      {d.name}
                    </Link>
                  ),
                },
                { key: "status", header: "Status", value: (d) => d.status, render: (d) => <DropStatusBadge status={d.status} /> },
                { key: "location", header: "Location", value: (d) => d.location.name },
                { key: "starts", header: "Starts", value: (d) => new Date(d.startsAt).getTime(), render: (d) => formatDateTime(d.startsAt, timeZone) },
                { key: "ends", header: "Ends", value: (d) => new Date(d.endsAt).getTime(), render: (d) => formatDateTime(d.endsAt, timeZone) },
                { key: "channels", header: "Channels", value: (d) => d.channels.join(", ") },
                { key: "products", header: "Products", value: (d) => d.items.map((i) => `${i.cap}× ${i.sku}`).join(", ") },
                { key: "cap", header: "Total cap", value: (d) => d.totalCap, align: "right" },
                {
                  key: "soldout",
                  header: "Sold out",
                  value: (d) => (d.soldOutAt ? new Date(d.soldOutAt).getTime() : null),
                  render: (d) => (d.soldOutAt ? formatDateTime(d.soldOutAt, timeZone) : "—"),
                },
              ]}
            />
          </Card>
        </>
      ) : (
        <div className="overflow-x-auto">
          <div className={cn("grid min-w-[42rem] grid-cols-7 gap-px overflow-hidden rounded-lg bg-stone-200 ring-1 ring-stone-200")} role="grid" aria-label={view === "week" ? "Week calendar" : "Month calendar"}>
            {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
              <div key={d} role="columnheader" className="bg-stone-50 px-2 py-1 text-xs font-medium text-stone-600">
                {d}
              </div>
            ))}
            {days.map((day) => {
              const inMonth = view === "week" || day.slice(0, 7) === base.slice(0, 7);
              const items = byDay.get(day) ?? [];
              return (
                <div
                  key={day}
                  role="gridcell"
                  aria-label={dayLabel(day, { weekday: "long", month: "long", day: "numeric" })}
                  className={cn("bg-white p-1.5", view === "week" ? "min-h-48" : "min-h-24", !inMonth && "bg-stone-50 text-stone-400")}
                >
                  <div className={cn("mb-1 text-xs font-medium", day === today && "inline-block rounded-full bg-brand-600 px-1.5 text-white")}>
                    {dayLabel(day, { day: "numeric" })}
                  </div>
                  <ul className="space-y-1">
                    {items.map((d) => (
                      <li key={d.id}>
                        <Link
                          href={`/drops/${d.id}`}
                          className={cn("block truncate rounded px-1.5 py-0.5 text-xs ring-1 ring-inset hover:brightness-95", STATUS_COLORS[d.status])}
                          title={`${d.name} · ${d.location.name} · ${formatDateTime(d.startsAt, timeZone)}`}
                        >
                          <span className="font-medium">{time(d.startsAt)}</span> {d.name}
                          {view === "week" && <span className="block truncate text-[11px] opacity-80">{d.location.name}</span>}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
