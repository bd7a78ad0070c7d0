"use client";

import Link from "next/link";
import { formatDateTime, formatQuantity } from "@/components/format";
import { Badge } from "@/components/ui/card";
import type { RouterOutputs } from "./types";

type Feasibility = RouterOutputs["drops"]["feasibility"];
type Line = Feasibility["lines"][number];

/** "A", "A and B", "A, B and C". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

/** What a line would have without draft resupply: the part of the plan nobody has ordered yet. */
function coveredOnlyByDraft(l: Line): boolean {
  if (l.shortBy > 0 || l.planned <= 0) return false;
  return Math.max(0, l.projected - l.planned - l.competing - l.heldForOtherChannels) < l.required;
}

function coveredByOrder(l: Line): boolean {
  if (l.shortBy > 0 || l.ordered <= 0 || coveredOnlyByDraft(l)) return false;
  return Math.max(0, l.projected - l.planned - l.ordered - l.competing - l.heldForOtherChannels) < l.required;
}

function DeliveryCell({ line, timeZone }: { line: Line; timeZone: string }) {
  const d = line.delivery;
  if (!d) return null;
  if (d.kind === "reachable") {
    return (
      <span>
        {formatDateTime(d.orderBy, timeZone)}
        <span className="block text-xs text-stone-500">lands {formatDateTime(d.arrivesAt, timeZone)}</span>
      </span>
    );
  }
  if (d.kind === "too-late") {
    return (
      <span className="text-xs font-medium text-red-700">
        Too late to order{d.earliestArrival ? `: earliest delivery ${formatDateTime(d.earliestArrival, timeZone)}` : ""}
      </span>
    );
  }
  if (d.kind === "bad-rule") return <span className="text-xs font-medium text-red-700">Resupply rule unreadable: {d.message}</span>;
  return (
    <span className="text-xs text-stone-600">
      No resupply rule here —{" "}
      <Link href="/resupply" className="text-brand-700 underline">
        add one
      </Link>
    </span>
  );
}

function ProjectedCell({ line }: { line: Line }) {
  const u = line.component.unit;
  return (
    <div className="text-right">
      <span className="tabular-nums">{formatQuantity(line.projected, u)}</span>
      <span className="block text-xs text-stone-500">
        {formatQuantity(line.onHand, u)} on hand{line.usage ? ` − ${formatQuantity(line.usage, u)} use` : ""}
      </span>
      {line.ordered > 0 && <span className="block text-xs text-emerald-800">+ {formatQuantity(line.ordered, u)} ordered</span>}
      {line.planned > 0 && <span className="block text-xs font-medium text-amber-800">+ {formatQuantity(line.planned, u)} planned, not sent</span>}
    </div>
  );
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
  const onDraft = feasibility.lines.filter(coveredOnlyByDraft);
  return (
    <div className="space-y-3" aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        {!feasibility.feasible ? (
          <Badge tone="bad">
            Short on {short.length} component{short.length === 1 ? "" : "s"}
          </Badge>
        ) : onDraft.length > 0 ? (
          <Badge tone="warn">Feasible only with resupply not sent yet</Badge>
        ) : (
          <Badge tone="good">Stock can feed this drop</Badge>
        )}
        <span className="text-xs text-stone-500">
          Projected at the start, {formatDateTime(feasibility.startsAt, timeZone)}: on hand − forecast usage + resupply landing before then, less what other drops and
          channels hold.
        </span>
      </div>
      {onDraft.length > 0 && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {listOf(onDraft.map((l) => l.component.code))} {onDraft.length === 1 ? "is" : "are"} covered only by a draft on the{" "}
          <Link href="/resupply" className="underline">
            resupply board
          </Link>{" "}
          that has not been sent to the supplier. Send it before its order-by time.
        </p>
      )}
      {feasibility.conflicts.map((c) => (
        <p key={c.dropId} role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {c.status === "LIVE" ? "Live now" : c.relation === "overlap" ? "Overlaps" : "Starts before this one"}: “{c.name}” ({formatDateTime(c.startsAt, timeZone)} –{" "}
          {formatDateTime(c.endsAt, timeZone)}) at the same location also needs {listOf(c.components)}. Its {c.status === "LIVE" ? "unsold " : ""}caps (
          {c.remaining.map((r) => `${r.cap}× ${r.sku}`).join(", ")}) are taken off what this drop can use.
        </p>
      ))}
      {feasibility.bufferWarnings.map((w) => (
        <p key={w.channel} className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {w.channelName} is not one of this drop&apos;s channels but holds{" "}
          {w.holds.map((h) => (h.kind === "product" ? `${h.quantity}× ${h.code}` : `${formatQuantity(h.quantity, h.unit ?? "pc")} ${h.code}`)).join(", ")} here: the{" "}
          {listOf(w.components)} in {w.holds.length === 1 ? "it" : "them"} stay{w.components.length === 1 ? "s" : ""} reserved for {w.channelName}. Add the channel to the drop or lower its buffer on{" "}
          <Link href="/channels" className="underline">
            Channels
          </Link>
          .
        </p>
      ))}
      {feasibility.lines.length === 0 ? (
        <p className="text-sm text-stone-500">Add products with caps to see what they need.</p>
      ) : (
        <>
          {/* On a phone: one card per component instead of a table that scrolls sideways. */}
          <ul className="space-y-2 sm:hidden" aria-label="Components the drop needs">
            {feasibility.lines.map((l) => (
              <li key={l.componentId} className={`rounded-lg p-3 text-sm ring-1 ${l.shortBy > 0 ? "bg-red-50/60 ring-red-200" : "bg-white ring-stone-200"}`}>
                <div className="flex items-baseline justify-between gap-2">
                  <span>
                    <span className="font-medium">{l.component.code}</span> <span className="text-stone-500">{l.component.name}</span>
                  </span>
                  {l.shortBy > 0 ? (
                    <span className="font-medium tabular-nums text-red-700">short {formatQuantity(l.shortBy, l.component.unit)}</span>
                  ) : coveredOnlyByDraft(l) ? (
                    <Badge tone="warn">Covered: draft not sent</Badge>
                  ) : coveredByOrder(l) ? (
                    <Badge tone="info">Covered: ordered</Badge>
                  ) : null}
                </div>
                <dl className="mt-1 grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs text-stone-600">
                  <dt>Needed</dt>
                  <dd className="text-right tabular-nums text-stone-900">{formatQuantity(l.required, l.component.unit)}</dd>
                  <dt>Projected at start</dt>
                  <dd className="text-right">
                    <ProjectedCell line={l} />
                  </dd>
                  {l.competing > 0 && (
                    <>
                      <dt>Other drops</dt>
                      <dd className="text-right tabular-nums">− {formatQuantity(l.competing, l.component.unit)}</dd>
                    </>
                  )}
                  {l.heldForOtherChannels > 0 && (
                    <>
                      <dt>Other channels</dt>
                      <dd className="text-right tabular-nums">− {formatQuantity(l.heldForOtherChannels, l.component.unit)}</dd>
                    </>
                  )}
                </dl>
                {l.delivery && (
                  <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs">
                    <span>
                      {l.delivery.kind === "reachable" && <span className="text-stone-600">Order by </span>}
                      <DeliveryCell line={l} timeZone={timeZone} />
                    </span>
                    {onRaise && l.delivery.kind === "reachable" && (
                      <button
                        type="button"
                        onClick={() => onRaise(l.componentId)}
                        disabled={raisingId === l.componentId}
                        className="whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-50"
                      >
                        Order {formatQuantity(l.shortBy, l.component.unit)}
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-lg ring-1 ring-stone-200 sm:block">
            <table className="min-w-full divide-y divide-stone-200 whitespace-nowrap bg-white text-sm">
              <caption className="sr-only">Components the drop needs</caption>
              <thead className="whitespace-normal bg-stone-50 text-stone-600">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Component</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Needed</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Projected at start</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Other drops</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Other channels</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Short by</th>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Order by</th>
                  {onRaise && <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {feasibility.lines.map((l) => (
                  <tr key={l.componentId} className={l.shortBy > 0 ? "bg-red-50/60" : undefined}>
                    <td className="min-w-36 whitespace-normal px-3 py-1.5 align-top">
                      <span className="font-medium">{l.component.code}</span> <span className="text-stone-500">{l.component.name}</span>
                    </td>
                    <td className="px-3 py-1.5 text-right align-top tabular-nums">{formatQuantity(l.required, l.component.unit)}</td>
                    <td className="min-w-40 whitespace-normal px-3 py-1.5 align-top">
                      <ProjectedCell line={l} />
                    </td>
                    <td className="px-3 py-1.5 text-right align-top tabular-nums">{l.competing ? `− ${formatQuantity(l.competing, l.component.unit)}` : "—"}</td>
                    <td className="px-3 py-1.5 text-right align-top tabular-nums">
                      {l.heldForOtherChannels ? `− ${formatQuantity(l.heldForOtherChannels, l.component.unit)}` : "—"}
                    </td>
                    <td className="px-3 py-1.5 text-right align-top">
                      {l.shortBy > 0 ? (
                        <span className="font-medium tabular-nums text-red-700">{formatQuantity(l.shortBy, l.component.unit)}</span>
                      ) : coveredOnlyByDraft(l) ? (
                        <Badge tone="warn">Covered: draft not sent</Badge>
                      ) : coveredByOrder(l) ? (
                        <Badge tone="info">Covered: ordered</Badge>
                      ) : (
                        ""
                      )}
                    </td>
                    <td className="min-w-40 whitespace-normal px-3 py-1.5 align-top">
                      <DeliveryCell line={l} timeZone={timeZone} />
                    </td>
                    {onRaise && (
                      <td className="px-3 py-1.5 text-right align-top">
                        {l.shortBy > 0 && l.delivery?.kind === "reachable" && (
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
        </>
      )}
    </div>
  );
}
