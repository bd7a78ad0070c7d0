import { RANGE_PRESETS, type RangePreset } from "@/server/domain/date-range";

/** The dashboard's view state as it lives in the URL (?range=30d&location=…&channel=…&by=week). */
export type DashboardFilters = {
  preset: RangePreset;
  from?: string;
  to?: string;
  locationId?: string;
  channel?: string;
  granularity?: "day" | "week";
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Lenient: anything unknown in a shared link falls back to the default instead of failing. */
export function parseFilters(params: Record<string, string | string[] | undefined>): DashboardFilters {
  const one = (k: string) => {
    const v = params[k];
    return typeof v === "string" && v.length > 0 && v.length <= 64 ? v : undefined;
  };
  const range = one("range");
  const preset: RangePreset = RANGE_PRESETS.includes(range as RangePreset) ? (range as RangePreset) : "30d";
  const from = one("from");
  const to = one("to");
  const by = one("by");
  const filters: DashboardFilters = { preset };
  if (preset === "custom") {
    if (from && DATE.test(from) && to && DATE.test(to)) {
      filters.from = from;
      filters.to = to;
    } else {
      filters.preset = "30d";
    }
  }
  const location = one("location");
  if (location) filters.locationId = location;
  const channel = one("channel");
  if (channel) filters.channel = channel;
  if (by === "day" || by === "week") filters.granularity = by;
  return filters;
}

export function filtersToSearch(f: DashboardFilters): string {
  const p = new URLSearchParams();
  if (f.preset !== "30d") p.set("range", f.preset);
  if (f.preset === "custom") {
    if (f.from) p.set("from", f.from);
    if (f.to) p.set("to", f.to);
  }
  if (f.locationId) p.set("location", f.locationId);
  if (f.channel) p.set("channel", f.channel);
  if (f.granularity) p.set("by", f.granularity);
  const s = p.toString();
  return s ? `?${s}` : "";
}
