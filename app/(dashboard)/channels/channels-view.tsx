"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { AllocationsEditor } from "./allocations-editor";
import { AvailabilityPreview } from "./availability-preview";

type Channel = { id: string; code: string; name: string; color: string | null };

function ChannelRow({ channel }: { channel: Channel }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(channel.name);
  const [color, setColor] = useState(channel.color ?? "#78716c");
  const update = useMutation(
    trpc.channels.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() }) }),
  );
  const errors = fieldErrorsOf(update.error);
  const dirty = name !== channel.name || color !== (channel.color ?? "#78716c");
  return (
    <li className="flex flex-wrap items-end gap-3 py-3">
      <label className="flex flex-col gap-1 text-sm font-medium text-stone-700">
        Colour
        <input
          type="color"
          value={color}
          onChange={(e) => setColor(e.target.value)}
          aria-label={`Colour of ${channel.code}`}
          className="h-10 w-12 cursor-pointer rounded-md border-0 ring-1 ring-stone-300"
        />
      </label>
      <TextField label={`Name of ${channel.code}`} value={name} onChange={(e) => setName(e.target.value)} error={errors.name ?? errors.color} className="min-w-40 flex-1" />
      <code className="mb-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">{channel.code}</code>
      <Button size="sm" variant="secondary" disabled={!dirty} busy={update.isPending} onClick={() => update.mutate({ id: channel.id, name, color })} className="mb-1">
        Save
      </Button>
    </li>
  );
}

function AddChannel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [color, setColor] = useState("#0891b2");
  const create = useMutation(
    trpc.channels.create.mutationOptions({
      onSuccess: () => {
        setCode("");
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ code: code.trim(), name, color });
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <TextField label="Code" placeholder="e.g. market-stall" hint="What the POS sends as channel" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} />
      <TextField label="Name" placeholder="e.g. Market stall" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <label className="flex items-center gap-2 text-sm font-medium text-stone-700">
        Colour
        <input type="color" value={color} onChange={(e) => setColor(e.target.value)} className="h-9 w-12 rounded-md ring-1 ring-stone-300" />
      </label>
      <Button type="submit" busy={create.isPending}>
        Add channel
      </Button>
    </form>
  );
}

export function ChannelsView() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const options = useQuery(trpc.drops.options.queryOptions());
  const [locationId, setLocationId] = useState<string | null>(null);

  if (channels.isPending || options.isPending) return <Loading label="Loading channels…" />;
  if (channels.isError) return <ErrorState error={channels.error} retry={() => channels.refetch()} />;
  if (options.isError) return <ErrorState error={options.error} retry={() => options.refetch()} />;
  const location = locationId ?? options.data.locations.find((l) => l.code === "main")?.id ?? options.data.locations[0]?.id ?? null;

  return (
    <div className="space-y-6">
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title="Sales channels">
          {channels.data.length === 0 ? (
            <EmptyState title="No channels">Add the channels your POS sends (walk-in, online …) to see revenue and hold stock per channel.</EmptyState>
          ) : (
            <ul className="divide-y divide-stone-100">
              {channels.data.map((c) => (
                <ChannelRow key={`${c.id}:${c.name}:${c.color ?? ""}`} channel={c} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Add a channel">
          <AddChannel />
        </Card>
      </div>
      {options.data.locations.length === 0 || !location ? (
        <EmptyState title="No locations">Add a location in Inventory first; allocations are held per location.</EmptyState>
      ) : (
        <>
          <div className="max-w-xs">
            <SelectField label="Location" value={location} onChange={(e) => setLocationId(e.target.value)}>
              {options.data.locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({l.code})
                </option>
              ))}
            </SelectField>
          </div>
          <AllocationsEditor locationId={location} products={options.data.products} components={options.data.components} channels={channels.data} />
          <AvailabilityPreview locationId={location} channels={channels.data} />
        </>
      )}
    </div>
  );
}
