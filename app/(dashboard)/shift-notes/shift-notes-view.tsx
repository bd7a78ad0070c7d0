"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatDateTime, formatRelative } from "@/components/format";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/server/domain/roles";
import { NoteBody } from "./note-body";
import { NoteForm } from "./note-form";
import { ShiftSummaryCard } from "./shift-summary-card";
import { ShiftsCard } from "./shifts-card";
import { PinCard } from "./pin-card";
import { StaffPinsCard } from "./staff-pins-card";

export function ShiftNotesView({ role, userId, initialLocation }: { role: Role; userId: string; initialLocation?: string }) {
  const trpc = useTRPC();
  const [wanted, setWanted] = useState(initialLocation);
  const locations = useQuery(trpc.shifts.locations.queryOptions());

  if (locations.isPending) return <Loading label="Loading locations…" />;
  if (locations.isError) return <ErrorState error={locations.error} retry={() => locations.refetch()} />;
  if (locations.data.length === 0) {
    return (
      <EmptyState title={role === "STAFF" ? "You are not assigned to a location yet" : "No location to hand over"}>
        {role === "STAFF"
          ? "Shift notes, the shift summary and stock counts are per location. Ask your manager or the shop owner to assign you to the location you work at, then reload this page."
          : "Add a location under Inventory first; shift notes are written per location."}
      </EmptyState>
    );
  }
  const location = locations.data.find((l) => l.id === wanted || l.code === wanted) ?? locations.data[0]!;

  return (
    <div className="space-y-4">
      {locations.data.length > 1 && (
        <div role="tablist" aria-label="Location" className="flex gap-2 overflow-x-auto pb-1">
          {locations.data.map((l) => (
            <button
              key={l.id}
              role="tab"
              type="button"
              aria-selected={l.id === location.id}
              onClick={() => {
                setWanted(l.code);
                // Keep the choice in the address so a tablet reload stays on this location.
                window.history.replaceState(null, "", `/shift-notes?location=${encodeURIComponent(l.code)}`);
              }}
              className={cn(
                "flex h-11 shrink-0 items-center gap-2 rounded-full px-4 text-sm font-medium ring-1",
                l.id === location.id ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-50",
              )}
            >
              {l.name}
              {l.unread > 0 && (
                <span className={cn("rounded-full px-2 text-xs", l.id === location.id ? "bg-white text-brand-700" : "bg-red-600 text-white")}>
                  {l.unread} unread
                </span>
              )}
            </button>
          ))}
        </div>
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-6">
          <NotesList locationId={location.id} locationName={location.name} role={role} userId={userId} />
          <NoteForm locationId={location.id} />
        </div>
        <div className="space-y-6">
          <ShiftSummaryCard locationId={location.id} />
          {role !== "STAFF" && <ShiftsCard locationId={location.id} locationName={location.name} locationCode={location.code} />}
          {role === "STAFF" && <PinCard locationCode={location.code} />}
          {role === "OWNER" && <StaffPinsCard />}
        </div>
      </div>
    </div>
  );
}

function NotesList({ locationId, locationName, role, userId }: { locationId: string; locationName: string; role: Role; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notes = useQuery(trpc.shifts.notes.queryOptions({ locationId }));
  // Tell the server which notes this person has now been shown: "read" is distinct from "acknowledged".
  const { mutate: reportSeen } = useMutation(trpc.shifts.markSeen.mutationOptions());
  const reported = useRef(new Set<string>());
  const unseenKey = (notes.data ?? [])
    .filter((n) => !n.seenAt)
    .map((n) => n.id)
    .join(",");
  useEffect(() => {
    // Each note is reported once per page view, even while the list refetches.
    const ids = unseenKey.split(",").filter((id) => id && !reported.current.has(id));
    if (ids.length === 0) return;
    for (const id of ids) reported.current.add(id);
    reportSeen({ locationId, noteIds: ids });
  }, [unseenKey, locationId, reportSeen]);
  const ack = useMutation(
    trpc.shifts.acknowledge.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.shifts.notes.queryKey({ locationId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.shifts.locations.queryKey() }),
        ]),
    }),
  );

  if (notes.isPending) return <Loading label="Loading notes…" />;
  if (notes.isError) return <ErrorState error={notes.error} retry={() => notes.refetch()} />;
  const unread = notes.data.filter((n) => n.unread);
  const read = notes.data.filter((n) => !n.unread);

  return (
    <Card
      title={`Notes for ${locationName}`}
      actions={unread.length > 0 ? <Badge tone="warn">{unread.length} unread</Badge> : <Badge tone="good">All caught up</Badge>}
    >
      {notes.data.length === 0 ? (
        <EmptyState title="No notes in the last two weeks">
          Write the first one below: what ran low, what broke, which customer is coming back for a pre-order.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {ack.error && <p className="text-sm text-red-700">{ack.error.message}</p>}
          {unread.length > 0 && (
            <section aria-label="Unread notes" className="space-y-3">
              <h3 className="text-sm font-semibold uppercase tracking-wide text-stone-500">Unread</h3>
              {unread.map((n) => (
                <NoteCard key={n.id} note={n} role={role} userId={userId} onAck={() => ack.mutate({ noteId: n.id })} acking={ack.isPending && ack.variables?.noteId === n.id} />
              ))}
            </section>
          )}
          {read.length > 0 && (
            <section aria-label="Earlier notes" className="space-y-3">
              <h3 className="text-sm font-semibold uppercase tracking-wide text-stone-500">Earlier</h3>
              {read.map((n) => (
                <NoteCard key={n.id} note={n} role={role} userId={userId} />
              ))}
            </section>
          )}
        </div>
      )}
    </Card>
  );
}

type Note = {
  id: string;
  body: string;
  tags: string[];
  createdAt: Date;
  author: { id: string; name: string };
  shift: { id: string; name: string } | null;
  mentionUser: { id: string; name: string } | null;
  mentionComponent: { id: string; name: string; code: string } | null;
  acknowledgedAt: Date | null;
  unread: boolean;
  mentionsMe: boolean;
  readers: Reader[];
};

type Reader = { userId: string; name: string; state: "acknowledged" | "read" | "not-read"; readAt: Date | null; acknowledgedAt: Date | null };

/** Owners and managers: who acknowledged, who opened it only, and which of the location's staff have not seen it. */
function NoteReaders({ readers }: { readers: Reader[] }) {
  if (readers.length === 0) return <p className="mt-3 text-xs text-stone-500" data-testid="note-readers">Nobody has opened it yet.</p>;
  const groups = [
    { state: "acknowledged", label: "Acknowledged", tone: "text-emerald-800", when: (r: Reader) => r.acknowledgedAt },
    { state: "read", label: "Read, not acknowledged", tone: "text-amber-800", when: (r: Reader) => r.readAt },
    { state: "not-read", label: "Not read yet", tone: "text-stone-600", when: () => null },
  ] as const;
  return (
    <dl className="mt-3 space-y-1 text-xs" data-testid="note-readers">
      {groups.map((g) => {
        const people = readers.filter((r) => r.state === g.state);
        if (people.length === 0) return null;
        return (
          <div key={g.state} className="flex flex-wrap gap-x-1">
            <dt className={cn("font-medium", g.tone)}>{g.label}: </dt>
            <dd className="text-stone-600">
              {people.map((r, i) => {
                const at = g.when(r);
                return (
                  <span key={r.userId}>
                    {i > 0 && ", "}
                    {r.name}
                    {at && <span className="text-stone-400"> ({formatDateTime(at)})</span>}
                  </span>
                );
              })}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function NoteCard({ note, role, userId, onAck, acking }: { note: Note; role: Role; userId: string; onAck?: () => void; acking?: boolean }) {
  return (
    <article
      aria-label={`Note from ${note.author.name}`}
      className={cn("rounded-lg p-4 ring-1", note.unread ? "bg-amber-50/60 ring-amber-300" : "bg-white ring-stone-200")}
    >
      <header className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className="font-semibold text-stone-900">{note.author.id === userId ? "You" : note.author.name}</span>
        {note.shift && <span className="text-stone-500">· {note.shift.name} shift</span>}
        <time className="text-stone-500" dateTime={new Date(note.createdAt).toISOString()} title={formatDateTime(note.createdAt)}>
          · {formatRelative(note.createdAt)}
        </time>
        {note.mentionsMe && <Badge tone="info">Mentions you</Badge>}
      </header>
      <NoteBody body={note.body} />
      {(note.tags.length > 0 || note.mentionUser || note.mentionComponent) && (
        <div className="mt-3 flex flex-wrap gap-2">
          {note.tags.map((t) => (
            <Badge key={t} tone={t === "low-stock" ? "warn" : t === "equipment" ? "bad" : "neutral"}>
              {t}
            </Badge>
          ))}
          {note.mentionUser && <Badge tone="info">@{note.mentionUser.name}</Badge>}
          {note.mentionComponent && <Badge tone="info">{note.mentionComponent.name}</Badge>}
        </div>
      )}
      {onAck && (
        <Button size="lg" className="mt-4 w-full sm:w-auto" onClick={onAck} busy={acking}>
          Acknowledge
        </Button>
      )}
      {role !== "STAFF" && <NoteReaders readers={note.readers} />}
    </article>
  );
}
