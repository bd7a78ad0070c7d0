"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { RANGE_LABELS, RANGE_PRESETS, validateCustomRange, type RangeFieldErrors, type RangePreset } from "@/server/domain/date-range";
import type { DashboardFilters } from "./filters";
import { formatDay } from "./format";

type Options = {
  locations: { id: string; name: string }[];
  channels: { code: string; name: string }[];
};

/** Before the shop's "today" is known, every check but "not in the future" still runs. */
const FAR_FUTURE = "9999-12-31";

export function FilterBar({
  filters,
  onChange,
  options,
  scope,
  today,
  rangeErrors,
}: {
  filters: DashboardFilters;
  onChange: (f: DashboardFilters) => void;
  options: Options | undefined;
  scope: { from: string; to: string; previous: { from: string; to: string }; timeZone: string } | undefined;
  /** Today's business date in the shop's zone. */
  today: string | undefined;
  /** Problems with the custom range in the URL or found by the server, shown beside the fields. */
  rangeErrors: RangeFieldErrors;
}) {
  const [from, setFrom] = useState(filters.from ?? scope?.from ?? "");
  const [to, setTo] = useState(filters.to ?? scope?.to ?? "");
  // The parent remounts this bar (key) when outside range errors change, so they seed the state.
  const [error, setError] = useState<RangeFieldErrors>(rangeErrors);

  function applyCustom() {
    const e = validateCustomRange(from || undefined, to || undefined, today ?? FAR_FUTURE);
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
            setError({});
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
        <form
          noValidate
          className="mt-3 flex flex-wrap items-start gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            applyCustom();
          }}
        >
          <TextField
            label="From"
            type="date"
            value={from}
            max={today}
            onChange={(e) => {
              setFrom(e.target.value);
              if (error.from) setError({ ...error, from: undefined });
            }}
            error={error.from}
            className="w-48"
          />
          <TextField
            label="To"
            type="date"
            value={to}
            max={today}
            onChange={(e) => {
              setTo(e.target.value);
              if (error.to) setError({ ...error, to: undefined });
            }}
            error={error.to}
            className="w-48"
          />
          <Button type="submit" variant="secondary" className="mt-6">
            Apply dates
          </Button>
        </form>
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
