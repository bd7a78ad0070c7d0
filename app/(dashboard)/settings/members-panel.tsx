"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
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
      <InviteForm onInvited={invalidate} />
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("STAFF");
  const invite = useMutation(
    trpc.settings.inviteMember.mutationOptions({
      onSuccess: () => {
        setEmail("");
        setName("");
        onInvited();
      },
    }),
  );
  const errors = fieldErrorsOf(invite.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email, name, role });
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
