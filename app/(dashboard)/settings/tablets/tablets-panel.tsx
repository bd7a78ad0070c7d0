"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { formatDateTime, formatRelative } from "@/components/format";

type Device = { id: string; name: string; location: { id: string; code: string; name: string }; createdBy: string; createdAt: Date; lastSeenAt: Date | null; revokedAt: Date | null };

/** Registered counter tablets with when they were last used, and a Revoke button. */
export function TabletsPanel({ currentDeviceId, shopSlug }: { currentDeviceId: string | null; shopSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tablets = useQuery(trpc.shifts.tablets.queryOptions());
  const [confirm, setConfirm] = useState<Device | null>(null);
  const revoke = useMutation(
    trpc.shifts.revokeTablet.mutationOptions({
      onSuccess: async () => {
        setConfirm(null);
        await queryClient.invalidateQueries({ queryKey: trpc.shifts.tablets.queryKey() });
      },
    }),
  );

  return (
    <Card title="Registered tablets">
      {tablets.isPending ? (
        <Loading label="Loading tablets…" />
      ) : tablets.isError ? (
        <ErrorState error={tablets.error} retry={() => tablets.refetch()} />
      ) : tablets.data.length === 0 ? (
        <EmptyState title="No counter tablet yet">
          Open this page on the shop&apos;s shared tablet, signed in as an owner or manager, and register it. Until then the tablet sign-in page lists nobody and
          refuses every PIN.
        </EmptyState>
      ) : (
        <DataTable<Device>
          rows={tablets.data}
          rowKey={(d) => d.id}
          filterPlaceholder="Filter tablets"
          initialSort={{ key: "lastSeenAt", dir: "desc" }}
          empty="No tablet matches."
          caption="Counter tablets"
          columns={[
            {
              key: "name",
              header: "Tablet",
              value: (d) => d.name,
              render: (d) => (
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{d.name}</span>
                  {d.id === currentDeviceId && <Badge tone="info">This device</Badge>}
                </span>
              ),
            },
            {
              key: "location",
              header: "Location",
              value: (d) => d.location.name,
              render: (d) => (
                <span>
                  {d.location.name}
                  <span className="block text-xs text-stone-500">
                    /tablet/{shopSlug}/{d.location.code}
                  </span>
                </span>
              ),
            },
            {
              key: "lastSeenAt",
              header: "Last seen",
              value: (d) => (d.lastSeenAt ? new Date(d.lastSeenAt).getTime() : null),
              render: (d) => (d.lastSeenAt ? <span title={formatDateTime(d.lastSeenAt)}>{formatRelative(d.lastSeenAt)}</span> : "Never"),
            },
            {
              key: "createdAt",
              header: "Registered",
              value: (d) => new Date(d.createdAt).getTime(),
              render: (d) => (
                <span>
                  {formatDateTime(d.createdAt)}
                  <span className="block text-xs text-stone-500">by {d.createdBy}</span>
                </span>
              ),
            },
            {
              key: "status",
              header: "Status",
              value: (d) => (d.revokedAt ? "revoked" : "active"),
              render: (d) => (d.revokedAt ? <Badge tone="bad">Revoked {formatRelative(d.revokedAt)}</Badge> : <Badge tone="good">Active</Badge>),
            },
            {
              key: "actions",
              header: "",
              render: (d) =>
                d.revokedAt ? null : (
                  <Button size="sm" variant="secondary" onClick={() => setConfirm(d)} aria-label={`Revoke ${d.name}`}>
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Dialog open={!!confirm} onClose={() => setConfirm(null)} title="Revoke this tablet?">
        <p className="text-sm text-stone-700">
          “{confirm?.name}” at {confirm?.location.name} stops listing staff and refuses PINs at once, and anyone signed in on it with a PIN is signed out. You can
          register it again later.
        </p>
        {revoke.error && <p className="mt-2 text-sm text-red-700">{revoke.error.message}</p>}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Keep it
          </Button>
          <Button variant="danger" busy={revoke.isPending} onClick={() => confirm && revoke.mutate({ id: confirm.id })}>
            Revoke tablet
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
