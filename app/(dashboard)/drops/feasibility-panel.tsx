"use client";

import { formatDateTime, formatQuantity } from "@/components/format";
import { Badge } from "@/components/ui/card";
import type { RouterOutputs } from "./types";

type Feasibility = RouterOutputs["drops"]["feasibility"];

/** An order-by time already gone means the supplier's lead time cannot be met any more. */
function isOverdue(at: Date | string): boolean {
  return new Date(at).getTime() < Date.now();
}

/** What the stock projected at the start says about a drop plan: short lines first, then conflicts. */
export function FeasibilityPanel({
  feasibility,
  timeZone,
  onRaise,
  raisingId,
}: {
  feasibility: Feasibility;
  timeZone: string;
  onRaise?: (componentId: string) => void;
  raisingId?: string | null;
}) {
  const short = feasibility.lines.filter((l) => l.shortBy > 0);
  return (
    <div className="space-y-3" aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        {feasibility.feasible ? (
          <Badge tone="good">Stock can feed this drop</Badge>
        ) : (
          <Badge tone="bad">
            Short on {short.length} component{short.length === 1 ? "" : "s"}
          </Badge>
        )}
        <span className="text-xs text-stone-500">Projected at the start, {formatDateTime(feasibility.startsAt, timeZone)}: on hand − forecast usage + resupply landing before then.</span>
      </div>
      {feasibility.conflicts.map((c) => (
        <p key={c.dropId} role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Overlaps “{c.name}” ({formatDateTime(c.startsAt, timeZone)} – {formatDateTime(c.endsAt, timeZone)}) at the same location, which also needs{" "}
          {c.components.join(", ")}. Its caps are taken off what this drop can use.
        </p>
      ))}
      {feasibility.lines.length === 0 ? (
        <p className="text-sm text-stone-500">Add products with caps to see what they need.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg ring-1 ring-stone-200">
          <table className="min-w-full divide-y divide-stone-200 bg-white text-sm">
            <caption className="sr-only">Components the drop needs</caption>
            <thead className="bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">Component</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Needed</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Projected</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Other drops</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Short by</th>
                <th scope="col" className="px-3 py-2 text-left font-medium">Order by</th>
                {onRaise && <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {feasibility.lines.map((l) => (
                <tr key={l.componentId} className={l.shortBy > 0 ? "bg-red-50/60" : undefined}>
                  <td className="px-3 py-1.5">
                    <span className="font-medium">{l.component.code}</span> <span className="text-stone-500">{l.component.name}</span>
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatQuantity(l.required, l.component.unit)}</td>
                  <td
                    className="px-3 py-1.5 text-right tabular-nums"
                    title={`On hand ${formatQuantity(l.onHand, l.component.unit)} − usage ${formatQuantity(l.usage, l.component.unit)} + incoming ${formatQuantity(l.incoming, l.component.unit)}`}
                  >
                    {formatQuantity(l.projected, l.component.unit)}
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{l.competing ? formatQuantity(l.competing, l.component.unit) : "—"}</td>
                  <td className="px-3 py-1.5 text-right font-medium tabular-nums text-red-700">{l.shortBy > 0 ? formatQuantity(l.shortBy, l.component.unit) : ""}</td>
                  <td className="px-3 py-1.5">
                    {l.orderBy ? formatDateTime(l.orderBy, timeZone) : ""}
                    {l.orderBy && isOverdue(l.orderBy) && <span className="ml-1 text-xs font-medium text-red-700">(lead time already passed — order now)</span>}
                  </td>
                  {onRaise && (
                    <td className="px-3 py-1.5 text-right">
                      {l.shortBy > 0 && (
                        <button
                          type="button"
                          onClick={() => onRaise(l.componentId)}
                          disabled={raisingId === l.componentId}
                          className="whitespace-nowrap rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-50"
                        >
                          Order {formatQuantity(l.shortBy, l.component.unit)}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
