"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/format";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { ErrorState, Loading } from "@/components/ui/states";
import { toLocalDateTime } from "@/server/domain/business-day";

type Draft = { id?: string; code: string; name: string; sentAt: string; attributionWindowHours: string };
const blank: Draft = { code: "", name: "", sentAt: "", attributionWindowHours: "48" };

/** The send time as the shop's wall clock for the datetime-local field (not the browser's zone). */
function toLocalInput(value: Date | string | null, timeZone: string): string {
  return value ? toLocalDateTime(new Date(value), timeZone) : "";
}

/** Campaign list and form; send times are read and shown in the shop's time zone, named. */
export function CampaignsEditor({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.dashboard.campaigns.queryOptions());
  const [draft, setDraft] = useState<Draft>(blank);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.dashboard.campaigns.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.dashboard.campaignRevenue.queryKey() });
  };
  const save = useMutation(trpc.dashboard.saveCampaign.mutationOptions({ onSuccess: () => { setDraft(blank); refresh(); } }));
  const remove = useMutation(trpc.dashboard.deleteCampaign.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrorsOf(save.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({
      id: draft.id,
      code: draft.code,
      name: draft.name,
      // The server reads the wall-clock value in the shop's zone, whatever zone this browser is in.
      sentAtLocal: draft.sentAt || null,
      attributionWindowHours: Number(draft.attributionWindowHours),
    });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
        <TextField label="Code" hint="What the POS sends as campaign" value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} error={errors.code} />
        <TextField label="Name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} error={errors.name} />
        <TextField
          label={`Sent at (${timeZone})`}
          type="datetime-local"
          value={draft.sentAt}
          onChange={(e) => setDraft({ ...draft, sentAt: e.target.value })}
          error={errors.sentAt ?? errors.sentAtLocal}
          hint="The shop's local time; leave empty while the campaign is a draft"
        />
        <TextField
          label="Attribution window (hours)"
          type="number"
          min={1}
          max={720}
          value={draft.attributionWindowHours}
          onChange={(e) => setDraft({ ...draft, attributionWindowHours: e.target.value })}
          error={errors.attributionWindowHours}
          hint="Orders without a code placed this long after sending count for the campaign"
        />
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" busy={save.isPending}>
            {draft.id ? "Save campaign" : "Add campaign"}
          </Button>
          {draft.id && (
            <Button variant="ghost" onClick={() => setDraft(blank)}>
              Cancel
            </Button>
          )}
        </div>
        {save.error && !Object.keys(errors).length && <p className="text-sm text-red-700 sm:col-span-2">{save.error.message}</p>}
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : (
        <DataTable
          caption="Campaigns"
          rows={list.data}
          rowKey={(c) => c.id}
          filterPlaceholder="Filter campaigns"
          initialSort={{ key: "sent", dir: "desc" }}
          empty="No campaigns yet. Add the first one above."
          columns={[
            { key: "name", header: "Campaign", value: (c) => `${c.name} ${c.code}`, render: (c) => <span>{c.name} <code className="text-xs text-stone-500">{c.code}</code></span> },
            { key: "sent", header: `Sent (${timeZone})`, value: (c) => (c.sentAt ? new Date(c.sentAt).getTime() : 0), render: (c) => formatDateTime(c.sentAt, timeZone) },
            { key: "window", header: "Window", align: "right", value: (c) => c.attributionWindowHours, render: (c) => `${c.attributionWindowHours} h` },
            {
              key: "actions",
              header: "",
              render: (c) => (
                <span className="flex justify-end gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      setDraft({ id: c.id, code: c.code, name: c.name, sentAt: toLocalInput(c.sentAt, timeZone), attributionWindowHours: String(c.attributionWindowHours) })
                    }
                  >
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => confirm(`Delete campaign ${c.name}? Orders keep their code.`) && remove.mutate({ id: c.id })}>
                    Delete
                  </Button>
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
