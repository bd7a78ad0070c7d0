"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { colourFor } from "./palette";

export type StackSeries = { key: string; name: string; color?: string | null };

/**
 * Stacked bars of values already shaped on the server: one row per bucket, one key per series.
 * `format` renders values in ticks and tooltips (money, counts).
 */
export function StackedBarChart({
  data,
  series,
  format,
  formatLabel = (l) => l,
  height = 300,
  ariaLabel,
  stacked = true,
  layout = "horizontal",
}: {
  data: readonly Record<string, string | number>[];
  series: readonly StackSeries[];
  format: (value: number) => string;
  formatLabel?: (label: string) => string;
  height?: number;
  ariaLabel: string;
  stacked?: boolean;
  layout?: "horizontal" | "vertical";
}) {
  const vertical = layout === "vertical";
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data as Record<string, string | number>[]} layout={layout} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" vertical={vertical} horizontal={!vertical} />
          {vertical ? (
            <>
              <XAxis type="number" tickFormatter={(v: number) => format(v)} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} tickFormatter={(v: string) => formatLabel(v)} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={{ fontSize: 12 }} tickFormatter={(v: string) => formatLabel(v)} minTickGap={12} />
              <YAxis tickFormatter={(v: number) => format(v)} tick={{ fontSize: 12 }} width={72} />
            </>
          )}
          <Tooltip
            formatter={(value) => format(Number(value))}
            labelFormatter={(label) => formatLabel(String(label))}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
          />
          {/* Series order, not alphabetical; legend text in body colour (a swatch carries the hue, and
              some series colours are too light for small text). */}
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={null}
            formatter={(value: string) => <span style={{ color: "#44403c" }}>{value}</span>}
          />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId={stacked ? "stack" : undefined}
              fill={colourFor(i, s.color)}
              // A white edge between stacked segments, so neighbours never rely on hue alone.
              stroke={stacked ? "#ffffff" : undefined}
              strokeWidth={stacked ? 1 : 0}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
