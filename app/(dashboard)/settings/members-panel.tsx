"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorState, Loading, SecretReveal } from "@/components/ui/states";
import { ROLES, type Role } from "@/server/domain/roles";

export function MembersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.settings.members.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.settings.members.queryKey() });
  const changeRole = useMutation(trpc.settings.changeRole.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.settings.removeMember.mutationOptions({ onSuccess: invalidate }));
  const locations = useQuery(trpc.catalog.locations.queryOptions());
  const [editing, setEditing] = useState<{ membershipId: string; name: string; locationIds: string[] } | null>(null);

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Card title="People in this shop">
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <ErrorState error={members.error} retry={() => members.refetch()} />
        ) : (
          <>
            {(changeRole.error || remove.error) && (
              <p className="mb-3 text-sm text-red-700">{(changeRole.error ?? remove.error)?.message}</p>
            )}
            <DataTable
              rows={members.data}
              rowKey={(m) => m.id}
              filterPlaceholder="Filter people"
              initialSort={{ key: "name", dir: "asc" }}
              columns={[
                { key: "name", header: "Name", value: (m) => m.user.name },
                { key: "email", header: "Email", value: (m) => m.user.email },
                {
                  key: "role",
                  header: "Role",
                  value: (m) => m.role,
                  render: (m) => (
                    <select
                      aria-label={`Role of ${m.user.name}`}
                      value={m.role}
                      onChange={(e) => changeRole.mutate({ membershipId: m.id, role: e.target.value as Role })}
                      className="rounded-md border-0 py-1 text-sm ring-1 ring-stone-300"
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r.charAt(0) + r.slice(1).toLowerCase()}
                        </option>
                      ))}
                    </select>
                  ),
                },
                {
                  key: "locations",
                  header: "Works at",
                  value: (m) => (m.role === "STAFF" ? m.locations.map((l) => l.name).join(", ") : "All locations"),
                  render: (m) =>
                    m.role === "STAFF" ? (
                      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        {m.locations.length ? (
                          <span className="text-sm">{m.locations.map((l) => l.name).join(", ")}</span>
                        ) : (
                          <Badge tone="warn">No location yet</Badge>
                        )}
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Locations of ${m.user.name}`}
                          onClick={() => setEditing({ membershipId: m.id, name: m.user.name, locationIds: m.locations.map((l) => l.id) })}
                        >
                          Edit
                        </Button>
                      </div>
                    ) : (
                      <span className="text-sm text-stone-500">All locations</span>
                    ),
                },
                {
                  key: "pin",
                  header: "Tablet PIN",
                  value: (m) => (m.hasPin ? "set" : ""),
                  render: (m) => (m.hasPin ? <Badge tone="good">Set</Badge> : <Badge>None</Badge>),
                },
                {
                  key: "actions",
                  header: "",
                  render: (m) => (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        if (confirm(`Remove ${m.user.name} from the shop?`)) remove.mutate({ membershipId: m.id });
                      }}
                    >
                      Remove
                    </Button>
                  ),
                },
              ]}
            />
          </>
        )}
      </Card>
      <InviteForm onInvited={invalidate} locations={locations.data ?? []} />
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing ? `Where ${editing.name} works` : "Locations"}>
        {editing && (
          <AssignLocationsForm
            key={editing.membershipId}
            membershipId={editing.membershipId}
            initial={editing.locationIds}
            locations={locations.data ?? []}
            onSaved={() => {
              setEditing(null);
              void invalidate();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

type LocationOption = { id: string; name: string; code: string };

function LocationChecklist({ locations, value, onChange, error }: { locations: LocationOption[]; value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  return (
    <fieldset className="space-y-1" aria-describedby={error ? "location-checklist-error" : undefined}>
      <legend className="mb-1 text-sm font-medium text-stone-700">Works at</legend>
      {locations.map((l) => (
        <label key={l.id} className="flex min-h-10 items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-5 rounded border-stone-300"
            checked={value.includes(l.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, l.id] : value.filter((id) => id !== l.id))}
          />
          {l.name} <span className="text-stone-400">{l.code}</span>
        </label>
      ))}
      {error && (
        <p id="location-checklist-error" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function AssignLocationsForm({ membershipId, initial, locations, onSaved }: { membershipId: string; initial: string[]; locations: LocationOption[]; onSaved: () => void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(initial);
  const save = useMutation(trpc.settings.assignLocations.mutationOptions({ onSuccess: onSaved }));
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ membershipId, locationIds: value });
      }}
    >
      <p className="text-sm text-stone-600">Staff see notes, stock and the counter tablet only at the locations ticked here.</p>
      <LocationChecklist locations={locations} value={value} onChange={setValue} />
      {value.length === 0 && <p className="text-sm text-amber-700">With no location, this person sees nothing until you add one.</p>}
      {save.error && <p className="text-sm text-red-700">{save.error.message}</p>}
      <Button type="submit" busy={save.isPending}>
        Save locations
      </Button>
    </form>
  );
}

function InviteForm({ onInvited, locations }: { onInvited: () => void; locations: LocationOption[] }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("STAFF");
  const [locationIds, setLocationIds] = useState<string[]>([]);
  const invite = useMutation(
    trpc.settings.inviteMember.mutationOptions({
      onSuccess: () => {
        setEmail("");
        setName("");
        setLocationIds([]);
        onInvited();
      },
    }),
  );
  const errors = fieldErrorsOf(invite.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email, name, role, ...(role === "STAFF" ? { locationIds } : {}) });
  }

  return (
    <Card title="Invite someone">
      <form onSubmit={submit} noValidate className="space-y-3">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={errors.role}
          hint="Managers run everything but users, integrations and secrets. Staff write shift notes and record counts.">
          <option value="OWNER">Owner</option>
          <option value="MANAGER">Manager</option>
          <option value="STAFF">Staff</option>
        </SelectField>
        {role === "STAFF" && locations.length > 0 && <LocationChecklist locations={locations} value={locationIds} onChange={setLocationIds} error={errors.locationIds} />}
        {invite.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{invite.error.message}</p>}
        <Button type="submit" busy={invite.isPending}>
          Send invite
        </Button>
        {invite.data?.temporaryPassword && (
          <SecretReveal label={`Temporary password for ${invite.data.email}`} value={invite.data.temporaryPassword} />
        )}
        {invite.data && !invite.data.temporaryPassword && (
          <p className="text-sm text-emerald-700">{invite.data.email} already had an account and can sign in now.</p>
        )}
      </form>
    </Card>
  );
}
