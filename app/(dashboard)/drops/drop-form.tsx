"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { formatMoney } from "@/components/format";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ErrorState, Loading } from "@/components/ui/states";
import { FeasibilityPanel } from "./feasibility-panel";

export type DropFormValues = {
  name: string;
  locationId: string;
  startsLocal: string;
  endsLocal: string;
  channels: string[];
  announcement: string;
  campaign: string;
  items: { productId: string; cap: string }[];
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Plans a new drop or edits a scheduled one; feasibility updates as caps are typed. */
export function DropForm({ dropId, initial }: { dropId?: string; initial: DropFormValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.drops.options.queryOptions());
  const [values, setValues] = useState<DropFormValues>(initial);

  const onSaved = (r: { id: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.drops.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.drops.get.queryKey({ id: r.id }) });
    router.push(`/drops/${r.id}`);
  };
  const create = useMutation(trpc.drops.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.drops.update.mutationOptions({ onSuccess: onSaved }));
  const save = dropId ? update : create;
  const errors = fieldErrorsOf(save.error);

  const planned = {
    locationId: values.locationId,
    startsLocal: values.startsLocal,
    endsLocal: values.endsLocal,
    items: values.items
      .filter((i) => i.productId && /^\d+$/.test(i.cap) && Number(i.cap) > 0)
      .map((i) => ({ productId: i.productId, cap: Math.min(100_000, Number(i.cap)) })),
    channels: values.channels,
    excludeDropId: dropId ?? null,
  };
  // Debounce the serialised plan: a fresh object each render would re-arm the timer forever.
  const plannedKey = useDebounced(JSON.stringify(planned), 350);
  const debounced = useMemo(() => JSON.parse(plannedKey) as typeof planned, [plannedKey]);
  const ready = !!debounced.locationId && !!debounced.startsLocal && !!debounced.endsLocal && debounced.items.length > 0;
  const feasibility = useQuery({
    ...trpc.drops.feasibility.queryOptions(debounced),
    enabled: ready,
    placeholderData: (previous) => previous,
    retry: false,
  });

  if (options.isPending) return <Loading label="Loading the planner…" />;
  if (options.isError) return <ErrorState error={options.error} retry={() => options.refetch()} />;
  const { locations, products, channels, timeZone } = options.data;
  const set = (patch: Partial<DropFormValues>) => setValues({ ...values, ...patch });
  const setItem = (i: number, patch: Partial<DropFormValues["items"][number]>) =>
    set({ items: values.items.map((item, j) => (j === i ? { ...item, ...patch } : item)) });
  const maxOf = new Map((feasibility.data?.products ?? []).map((p) => [p.productId, p.maxUnits]));

  function submit(e: FormEvent) {
    e.preventDefault();
    const payload = {
      name: values.name,
      locationId: values.locationId,
      startsLocal: values.startsLocal,
      endsLocal: values.endsLocal,
      channels: values.channels,
      announcement: values.announcement,
      campaign: values.campaign.trim() || null,
      items: values.items.filter((i) => i.productId || i.cap).map((i) => ({ productId: i.productId, cap: Number(i.cap) })),
    };
    if (dropId) update.mutate({ id: dropId, ...payload });
    else create.mutate(payload);
  }

  return (
    <form onSubmit={submit} noValidate className="grid items-start gap-6 xl:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
      <Card title="Drop">
        <div className="space-y-4">
          <TextField label="Name" placeholder="e.g. Midnight Drop" value={values.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} />
          <SelectField label="Location" value={values.locationId} onChange={(e) => set({ locationId: e.target.value })} error={errors.locationId}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.code})
              </option>
            ))}
          </SelectField>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Starts" type="datetime-local" value={values.startsLocal} onChange={(e) => set({ startsLocal: e.target.value })} error={errors.startsLocal} hint={timeZone} />
            <TextField label="Ends" type="datetime-local" value={values.endsLocal} onChange={(e) => set({ endsLocal: e.target.value })} error={errors.endsLocal} hint={timeZone} />
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-stone-700">Channels</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {channels.map((c) => {
                const on = values.channels.includes(c.code);
                return (
                  <label key={c.code} className={`flex cursor-pointer items-center gap-2 rounded-full px-3 py-1 text-sm ring-1 ${on ? "bg-brand-50 ring-brand-500" : "bg-white ring-stone-300"}`}>
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() => set({ channels: on ? values.channels.filter((x) => x !== c.code) : [...values.channels, c.code] })}
                    />
                    <span className="size-2.5 rounded-full" style={{ backgroundColor: c.color ?? "#78716c" }} aria-hidden />
                    {c.name}
                  </label>
                );
              })}
            </div>
            {errors.channels && <p className="mt-1 text-sm text-red-700">{errors.channels}</p>}
          </fieldset>
          <TextField
            label="Campaign (optional)"
            placeholder="e.g. nl-2026-11-27"
            hint="Orders carrying this campaign count toward the drop and its report"
            value={values.campaign}
            onChange={(e) => set({ campaign: e.target.value })}
            error={errors.campaign}
          />
          <TextAreaField
            label="Announcement"
            placeholder="Midnight glazed, Boston cream and boxes of 4 — only 40 boxes, online and QR preorder."
            value={values.announcement}
            onChange={(e) => set({ announcement: e.target.value })}
            error={errors.announcement}
          />
        </div>
      </Card>
      <Card title="Products and caps">
        <div className="space-y-3">
          {values.items.map((item, i) => {
            const max = item.productId ? maxOf.get(item.productId) : undefined;
            const product = products.find((p) => p.id === item.productId);
            return (
              <div key={i} className="grid grid-cols-[minmax(0,1fr)_7rem_auto] items-start gap-2">
                <SelectField label={`Product ${i + 1}`} value={item.productId} onChange={(e) => setItem(i, { productId: e.target.value })} error={errors[`items.${i}.productId`]}>
                  <option value="">Choose a product…</option>
                  {products.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.sku} — {p.name} ({formatMoney(p.priceMinor)})
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={`Cap ${i + 1}`}
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  value={item.cap}
                  onChange={(e) => setItem(i, { cap: e.target.value })}
                  error={errors[`items.${i}.cap`]}
                  hint={max !== undefined && max !== null && product ? `Stock allows ${max}` : undefined}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  className="mt-7"
                  aria-label={`Remove product ${i + 1}`}
                  disabled={values.items.length === 1}
                  onClick={() => set({ items: values.items.filter((_, j) => j !== i) })}
                >
                  ✕
                </Button>
              </div>
            );
          })}
          {errors.items && <p className="text-sm text-red-700">{errors.items}</p>}
          <Button variant="secondary" size="sm" onClick={() => set({ items: [...values.items, { productId: "", cap: "" }] })} disabled={values.items.length >= 50}>
            Add product
          </Button>
        </div>
      </Card>
      {/* Full width below the plan: the table needs the room, and it is right under the caps. */}
      <div className="space-y-6 xl:col-span-2">
        <Card title="Feasibility" actions={feasibility.isFetching ? <span className="text-xs text-stone-500">Checking…</span> : null}>
          {!ready ? (
            <p className="text-sm text-stone-500">Pick products and caps: what they need, what the stock projected at the start holds and what is short appear here as you type.</p>
          ) : feasibility.isError ? (
            <ErrorState error={feasibility.error} />
          ) : !feasibility.data ? (
            <Loading label="Checking stock…" />
          ) : (
            <FeasibilityPanel feasibility={feasibility.data} timeZone={timeZone} />
          )}
        </Card>
        {save.error && !Object.keys(errors).length && <ErrorState error={save.error} />}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" busy={save.isPending}>
            {dropId ? "Save changes" : "Schedule drop"}
          </Button>
          <Link href={dropId ? `/drops/${dropId}` : "/drops"} className="inline-flex h-10 items-center rounded-md px-4 text-sm font-medium text-stone-700 hover:bg-stone-100">
            Cancel
          </Link>
        </div>
      </div>
    </form>
  );
}
