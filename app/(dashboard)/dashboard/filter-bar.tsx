"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { RANGE_LABELS, RANGE_PRESETS, type RangePreset } from "@/server/domain/date-range";
import type { DashboardFilters } from "./filters";
import { formatDay } from "./format";

type Options = {
  locations: { id: string; name: string }[];
  channels: { code: string; name: string }[];
};

export function FilterBar({
  filters,
  onChange,
  options,
  scope,
}: {
  filters: DashboardFilters;
  onChange: (f: DashboardFilters) => void;
  options: Options | undefined;
  scope: { from: string; to: string; previous: { from: string; to: string }; timeZone: string } | undefined;
}) {
  const [from, setFrom] = useState(filters.from ?? scope?.from ?? "");
  const [to, setTo] = useState(filters.to ?? scope?.to ?? "");
  const [error, setError] = useState<{ from?: string; to?: string }>({});

  function applyCustom() {
    const e: { from?: string; to?: string } = {};
    if (!from) e.from = "Pick a start date.";
    if (!to) e.to = "Pick an end date.";
    if (from && to && from > to) e.to = "The end date must be on or after the start date.";
    setError(e);
    if (!e.from && !e.to) onChange({ ...filters, preset: "custom", from, to });
  }

  return (
    <section aria-label="Filters" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-stone-200">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label="Date range"
          value={filters.preset}
          onChange={(e) => {
            const preset = e.target.value as RangePreset;
            if (preset === "custom") {
              setFrom(scope?.from ?? "");
              setTo(scope?.to ?? "");
              onChange({ ...filters, preset: "custom", from: scope?.from, to: scope?.to });
            } else {
              onChange({ ...filters, preset, from: undefined, to: undefined });
            }
          }}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p} value={p}>
              {RANGE_LABELS[p]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Location"
          value={filters.locationId ?? ""}
          onChange={(e) => onChange({ ...filters, locationId: e.target.value || undefined })}
        >
          <option value="">All locations</option>
          {options?.locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Channel" value={filters.channel ?? ""} onChange={(e) => onChange({ ...filters, channel: e.target.value || undefined })}>
          <option value="">All channels</option>
          {options?.channels.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Group by"
          value={filters.granularity ?? ""}
          onChange={(e) => onChange({ ...filters, granularity: (e.target.value || undefined) as "day" | "week" | undefined })}
        >
          <option value="">Automatic</option>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </SelectField>
      </div>
      {filters.preset === "custom" && (
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} error={error.from} className="w-44" />
          <TextField label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} error={error.to} className="w-44" />
          <Button variant="secondary" onClick={applyCustom}>
            Apply dates
          </Button>
        </div>
      )}
      {scope && (
        <p className="mt-3 text-xs text-stone-500" data-testid="range-summary">
          {formatDay(scope.from)} – {formatDay(scope.to)} ({scope.timeZone}), compared with {formatDay(scope.previous.from)} –{" "}
          {formatDay(scope.previous.to)}.
        </p>
      )}
    </section>
  );
}
