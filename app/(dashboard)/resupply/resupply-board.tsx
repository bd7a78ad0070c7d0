"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { formatDateTime, formatQuantity, formatRelative } from "@/components/format";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { zonedTimeToUtc } from "@/server/domain/resupply";
import { ForecastChart } from "./forecast-chart";

type Suggestion = inferRouterOutputs<AppRouter>["resupply"]["board"][number];

const STATUS_TONE = { DRAFT: "warn", SENT: "info", PARTIAL: "info", RECEIVED: "good", CANCELLED: "neutral" } as const;
const OPEN = new Set(["DRAFT", "SENT", "PARTIAL"]);

export function ResupplyBoard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const board = useQuery(trpc.resupply.board.queryOptions());
  // Delivery windows are shop-local times; show them in the shop's zone, not the browser's.
  const shop = useQuery(trpc.settings.shop.queryOptions());
  const timeZone = shop.data?.timeZone;
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.resupply.pathKey() });
  const scan = useMutation(trpc.resupply.scanNow.mutationOptions({ onSuccess: invalidate }));
  const [show, setShow] = useState<"open" | "all">("open");
  const [location, setLocation] = useState("");
  const [receiving, setReceiving] = useState<Suggestion | null>(null);
  const [raising, setRaising] = useState(false);

  const locations = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of board.data ?? []) map.set(s.location.id, s.location.name);
    return [...map];
  }, [board.data]);
  const shown = (board.data ?? []).filter((s) => (show === "all" || OPEN.has(s.status)) && (!location || s.location.id === location));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField label="Show" value={show} onChange={(e) => setShow(e.target.value as "open" | "all")} className="w-40">
          <option value="open">Open orders</option>
          <option value="all">Include last week&apos;s</option>
        </SelectField>
        <SelectField label="Location" value={location} onChange={(e) => setLocation(e.target.value)} className="w-52">
          <option value="">All locations</option>
          {locations.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <div className="ml-auto flex items-center gap-3">
          {scan.data && (
            <span className="text-sm text-stone-600" role="status">
              Checked {scan.data.rulesChecked} rules: {scan.data.linesRaised} raised, {scan.data.linesUpdated} updated
              {scan.data.linesRemoved ? `, ${scan.data.linesRemoved} no longer needed` : ""}.
            </span>
          )}
          <Button variant="secondary" busy={scan.isPending} onClick={() => scan.mutate()}>
            Check stock now
          </Button>
          <Button onClick={() => setRaising(true)}>Raise an order</Button>
        </div>
      </div>
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorState error={board.error} retry={() => board.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title={board.data.length ? "Nothing matches these filters" : "Nothing to order right now"}>
          Suggestions appear here when the forecast says a component will fall under its reorder point before the next delivery.
          Set reorder points and delivery windows on the Rules tab; the check runs every minute.
        </EmptyState>
      ) : (
        shown.map((s) => <SuggestionCard key={s.id} suggestion={s} timeZone={timeZone} onReceive={() => setReceiving(s)} onChanged={invalidate} />)
      )}
      {receiving && <ReceiveDialog suggestion={receiving} onClose={() => setReceiving(null)} onDone={invalidate} />}
      {raising && <RaiseDialog timeZone={timeZone} onClose={() => setRaising(false)} onDone={invalidate} />}
    </div>
  );
}

function SuggestionCard({
  suggestion: s,
  timeZone,
  onReceive,
  onChanged,
}: {
  suggestion: Suggestion;
  timeZone: string | undefined;
  onReceive: () => void;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const markSent = useMutation(trpc.resupply.markSent.mutationOptions({ onSuccess: onChanged }));
  const cancel = useMutation(trpc.resupply.cancel.mutationOptions({ onSuccess: onChanged }));
  const [chartFor, setChartFor] = useState<string | null>(null);
  const supplier = s.supplier?.name ?? "No supplier set";
  const error = markSent.error ?? cancel.error;
  const delivery = `${s.windowName ? `${s.windowName}, ` : ""}${formatDateTime(s.windowAt, timeZone)}`;
  return (
    <article aria-label={`${supplier} order for ${s.location.name}, delivery ${delivery}`}>
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          <span>{supplier}</span>
          <span className="font-normal text-stone-500">· {s.location.name}</span>
          <Badge tone={STATUS_TONE[s.status as keyof typeof STATUS_TONE] ?? "neutral"}>{s.status.toLowerCase()}</Badge>
        </span>
      }
      actions={
        <>
          <span className="text-sm text-stone-600">
            {s.windowName && <span className="font-medium text-stone-800">{s.windowName} · </span>}
            Delivery {formatDateTime(s.windowAt, timeZone)} ({formatRelative(s.windowAt)})
          </span>
          {s.status === "DRAFT" && (
            <Button size="sm" busy={markSent.isPending} onClick={() => markSent.mutate({ id: s.id })}>
              Mark sent
            </Button>
          )}
          {OPEN.has(s.status) && (
            <Button size="sm" variant={s.status === "DRAFT" ? "secondary" : "primary"} onClick={onReceive}>
              Receive…
            </Button>
          )}
          {(s.status === "DRAFT" || s.status === "SENT") && (
            <Button size="sm" variant="ghost" busy={cancel.isPending} onClick={() => cancel.mutate({ id: s.id })}>
              Cancel
            </Button>
          )}
        </>
      }
    >
      {error && <p className="mb-2 text-sm text-red-700">{error.message}</p>}
      {s.supplier && (s.supplier.email || s.supplier.phone) && (
        <p className="mb-2 text-xs text-stone-500">Contact: {[s.supplier.email, s.supplier.phone].filter(Boolean).join(" · ")}</p>
      )}
      <ul className="divide-y divide-stone-100">
        {s.lines.map((l) => (
          <li key={l.id} className="py-3">
            <div className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-3">
              <div className="min-w-0">
                <p className="font-medium text-stone-900">
                  {l.component.name} <span className="text-xs text-stone-500">{l.component.code}</span>
                  {l.pinned && s.status === "DRAFT" && (
                    <span className="ml-2 align-middle" title="A person set this quantity; the stock check leaves it as it is.">
                      <Badge>set by hand</Badge>
                    </span>
                  )}
                </p>
                {l.reasons.length > 1 ? (
                  <ul aria-label={`Why ${l.component.name} is ordered`} className="mt-0.5 list-disc space-y-0.5 pl-4 text-sm text-stone-600">
                    {l.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-stone-600">{l.reasons[0] ?? l.reason}</p>
                )}
                {l.projectedStockoutAt && OPEN.has(s.status) && (
                  <p className="text-xs text-red-700">Projected to run out {formatDateTime(l.projectedStockoutAt, timeZone)}</p>
                )}
              </div>
              <div className="text-right">
                {s.status === "DRAFT" ? (
                  <DraftQuantity lineId={l.id} quantity={l.quantity} unit={l.component.unit} name={l.component.name} onChanged={onChanged} />
                ) : (
                  <p className="text-lg font-semibold tabular-nums" data-testid="line-quantity">
                    {formatQuantity(l.quantity, l.component.unit)}
                  </p>
                )}
                {l.receivedQty > 0 && <p className="text-xs text-stone-600">{formatQuantity(l.receivedQty, l.component.unit)} received</p>}
                <button
                  type="button"
                  className="text-xs font-medium text-brand-700 underline"
                  aria-expanded={chartFor === l.id}
                  onClick={() => setChartFor(chartFor === l.id ? null : l.id)}
                >
                  {chartFor === l.id ? "Hide forecast" : "Show forecast"}
                </button>
              </div>
            </div>
            {chartFor === l.id && (
              <div className="mt-3">
                <ForecastChart locationId={s.location.id} componentId={l.component.id} unit={l.component.unit} timeZone={timeZone} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
    </article>
  );
}

function ReceiveDialog({ suggestion, onClose, onDone }: { suggestion: Suggestion; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(suggestion.lines.map((l) => [l.id, String(Math.max(0, l.quantity - l.receivedQty))])),
  );
  const [closeRemaining, setCloseRemaining] = useState(false);
  const receive = useMutation(
    trpc.resupply.receive.mutationOptions({
      onSuccess: () => {
        onDone();
        onClose();
      },
    }),
  );
  const errors = fieldErrorsOf(receive.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    receive.mutate({
      id: suggestion.id,
      closeRemaining,
      lines: suggestion.lines.map((l) => ({ lineId: l.id, quantity: Number(quantities[l.id] ?? 0) })),
    });
  }
  return (
    <Dialog open onClose={onClose} title="Receive delivery">
      <form onSubmit={submit} className="space-y-4">
        <p className="text-sm text-stone-600">Enter what actually arrived. Stock goes up by these amounts; a partial delivery keeps the rest open.</p>
        {suggestion.lines.map((l, i) => (
          <TextField
            key={l.id}
            label={`${l.component.name} (${l.component.unit})`}
            hint={`Ordered ${formatQuantity(l.quantity, l.component.unit)}${l.receivedQty ? `, ${formatQuantity(l.receivedQty, l.component.unit)} already received` : ""}`}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={quantities[l.id] ?? ""}
            error={errors[`lines.${i}.quantity`]}
            onChange={(e) => setQuantities((q) => ({ ...q, [l.id]: e.target.value }))}
          />
        ))}
        <label className="flex items-center gap-2 text-sm text-stone-700">
          <input type="checkbox" checked={closeRemaining} onChange={(e) => setCloseRemaining(e.target.checked)} />
          Nothing more is coming: close this order
        </label>
        {receive.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{receive.error.message}</p>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Back
          </Button>
          <Button type="submit" busy={receive.isPending}>
            Record receipt
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** A draft line's quantity, editable in place before the order is sent. */
function DraftQuantity({ lineId, quantity, unit, name, onChanged }: { lineId: string; quantity: number; unit: string; name: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(quantity));
  const update = useMutation(
    trpc.resupply.updateLine.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        onChanged();
      },
    }),
  );
  if (!editing) {
    return (
      <button
        type="button"
        className="ml-auto block text-lg font-semibold tabular-nums underline decoration-dotted underline-offset-4"
        data-testid="line-quantity"
        aria-label={`Change quantity of ${name}`}
        onClick={() => setEditing(true)}
      >
        {formatQuantity(quantity, unit)}
      </button>
    );
  }
  return (
    <form
      noValidate
      className="flex items-start justify-end gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ lineId, quantity: Number(value) });
      }}
    >
      <TextField
        label={`Quantity (${unit})`}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={fieldErrorsOf(update.error).quantity ?? (update.error && !fieldErrorsOf(update.error).quantity ? update.error.message : undefined)}
        className="w-32 text-left"
        autoFocus
      />
      <div className="mt-6 flex gap-1">
        <Button size="sm" type="submit" busy={update.isPending}>
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** A datetime-local value read as wall time in the shop's zone (the browser may be elsewhere). */
function parseShopTime(value: string, timeZone: string | undefined): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m || !timeZone) return new Date(value);
  return new Date(zonedTimeToUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]) * 60 + Number(m[5]), timeZone));
}

function RaiseDialog({ timeZone, onClose, onDone }: { timeZone: string | undefined; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.resupply.options.queryOptions());
  const [form, setForm] = useState(() => {
    // Default: tomorrow morning, in the browser's calendar (the usual delivery time).
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    return {
      locationId: "",
      componentId: "",
      quantity: "",
      neededBy: `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T07:00`,
      reason: "",
    };
  });
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const raise = useMutation(
    trpc.resupply.raise.mutationOptions({
      onSuccess: () => {
        onDone();
        onClose();
      },
    }),
  );
  const errors = { ...fieldErrorsOf(raise.error), ...localError };
  const set = (key: keyof typeof form, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setLocalError(({ [key]: _fixed, ...rest }) => rest);
  };
  const unit = options.data?.components.find((c) => c.id === form.componentId)?.unit;
  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.locationId) problems.locationId = "Pick a location.";
    if (!form.componentId) problems.componentId = "Pick a component.";
    const neededBy = parseShopTime(form.neededBy, timeZone);
    if (Number.isNaN(neededBy.getTime())) problems.neededBy = "Pick a date and time.";
    setLocalError(problems);
    if (Object.keys(problems).length) return;
    raise.mutate({ locationId: form.locationId, componentId: form.componentId, quantity: Number(form.quantity), neededBy, reason: form.reason });
  }
  return (
    <Dialog open onClose={onClose} title="Raise an order">
      {options.isPending ? (
        <Loading />
      ) : options.isError ? (
        <ErrorState error={options.error} retry={() => options.refetch()} />
      ) : (
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          <p className="text-sm text-stone-600 sm:col-span-2">
            For what the forecast cannot know: a catering order, a promotion. It joins the draft for the supplier&apos;s last delivery that lands
            by then. If that draft already orders this component, your quantity is added on top and your reason is kept beside the others;
            pressing twice does not order twice.
          </p>
          <SelectField label="Location" value={form.locationId} onChange={(e) => set("locationId", e.target.value)} error={errors.locationId}>
            <option value="">Choose…</option>
            {options.data.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Component" value={form.componentId} onChange={(e) => set("componentId", e.target.value)} error={errors.componentId}>
            <option value="">Choose…</option>
            {options.data.components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.unit})
              </option>
            ))}
          </SelectField>
          <TextField label={`Quantity${unit ? ` (${unit})` : ""}`} type="number" inputMode="numeric" min={1} step={1} value={form.quantity} onChange={(e) => set("quantity", e.target.value)} error={errors.quantity} />
          <TextField label="Needed by" hint={timeZone ? `Shop time (${timeZone})` : undefined} type="datetime-local" value={form.neededBy} onChange={(e) => set("neededBy", e.target.value)} error={errors.neededBy} />
          <TextField label="Reason" className="sm:col-span-2" value={form.reason} onChange={(e) => set("reason", e.target.value)} error={errors.reason} placeholder="Office catering on Friday" />
          {raise.error && !Object.keys(fieldErrorsOf(raise.error)).length && <p className="text-sm text-red-700 sm:col-span-2">{raise.error.message}</p>}
          <div className="flex justify-end gap-2 sm:col-span-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" busy={raise.isPending}>
              Raise order
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
