"use client";

import { useMemo, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type Column<T> = {
  key: string;
  header: string;
  /** Value used for sorting and text filtering; omit to make the column unsortable. */
  value?: (row: T) => string | number | null | undefined;
  render?: (row: T) => ReactNode;
  align?: "left" | "right";
  className?: string;
};

/**
 * A table that sorts by any column with a value and filters by free text. Rows arrive already
 * scoped by the server; this only orders and narrows what is shown.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  filterPlaceholder = "Filter…",
  initialSort,
  empty,
  toolbar,
  caption,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filterPlaceholder?: string;
  initialSort?: { key: string; dir: "asc" | "desc" };
  empty?: ReactNode;
  toolbar?: ReactNode;
  caption?: string;
}) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState(initialSort ?? null);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = q
      ? rows.filter((row) => columns.some((c) => String(c.value?.(row) ?? "").toLowerCase().includes(q)))
      : [...rows];
    const column = sort && columns.find((c) => c.key === sort.key);
    if (column?.value && sort) {
      const get = column.value;
      filtered.sort((a, b) => {
        const va = get(a);
        const vb = get(b);
        if (va === vb) return 0;
        if (va === null || va === undefined) return 1;
        if (vb === null || vb === undefined) return -1;
        const cmp = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
        return sort.dir === "asc" ? cmp : -cmp;
      });
    }
    return filtered;
  }, [rows, columns, query, sort]);

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={filterPlaceholder}
          aria-label={filterPlaceholder}
          className="h-9 w-full max-w-xs rounded-md border-0 bg-white px-3 text-sm ring-1 ring-inset ring-stone-300 focus:ring-2 focus:ring-brand-600"
        />
        {toolbar}
        <span className="ml-auto text-xs text-stone-500">
          {shown.length} of {rows.length}
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
        <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
          {caption && <caption className="sr-only">{caption}</caption>}
          <thead className="bg-stone-50">
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                    className={cn("px-3 py-2 font-medium text-stone-600", c.align === "right" ? "text-right" : "text-left")}
                  >
                    {c.value ? (
                      <button type="button" onClick={() => toggle(c.key)} className="inline-flex items-center gap-1 hover:text-stone-900">
                        {c.header}
                        <span aria-hidden className="text-xs">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-8 text-center text-stone-500">
                  {rows.length === 0 ? (empty ?? "Nothing here yet.") : "No rows match the filter."}
                </td>
              </tr>
            ) : (
              shown.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-stone-50">
                  {columns.map((c) => (
                    <td key={c.key} className={cn("px-3 py-2 align-middle", c.align === "right" && "text-right tabular-nums", c.className)}>
                      {c.render ? c.render(row) : (c.value?.(row) ?? "")}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
