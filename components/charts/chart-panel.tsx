"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { downloadCsv } from "./csv";
import { Definition } from "./definition";

/**
 * A dashboard panel: title, its definition one click away, a Chart/Table switch and a CSV download
 * of the rows shown. The table is the accessible twin of the chart.
 */
export function ChartPanel({
  title,
  definition,
  chart,
  table,
  csv,
  filename,
  footer,
  className,
}: {
  title: string;
  definition?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  csv: () => string;
  filename: string;
  footer?: ReactNode;
  className?: string;
}) {
  const [view, setView] = useState<"chart" | "table">("chart");
  return (
    <Card
      className={className}
      title={
        <span className="inline-flex items-center gap-2">
          {title}
          {definition && <Definition label={title}>{definition}</Definition>}
        </span>
      }
      actions={
        <>
          <div className="inline-flex rounded-md ring-1 ring-stone-300" role="group" aria-label={`${title} view`}>
            {(["chart", "table"] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setView(v)}
                className={cn(
                  "h-8 px-3 text-sm first:rounded-l-md last:rounded-r-md",
                  view === v ? "bg-stone-800 text-white" : "bg-white text-stone-700 hover:bg-stone-100",
                )}
              >
                {v === "chart" ? "Chart" : "Table"}
              </button>
            ))}
          </div>
          <Button size="sm" variant="secondary" aria-label={`Download ${title} as CSV`} onClick={() => downloadCsv(filename, csv())}>
            CSV
          </Button>
        </>
      }
    >
      {view === "chart" ? chart : table}
      {footer && <div className="mt-3 text-xs text-stone-500">{footer}</div>}
    </Card>
  );
}
