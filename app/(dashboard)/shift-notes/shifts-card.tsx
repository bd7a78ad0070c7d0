"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ErrorState, Loading } from "@/components/ui/states";

/** Managers name the shifts of a location; notes and the summary use them. */
export function ShiftsCard({ locationId, locationName, locationCode }: { locationId: string; locationName: string; locationCode: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shifts = useQuery(trpc.shifts.list.queryOptions({ locationId }));
  const pin = useQuery(trpc.shifts.myPin.queryOptions());
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.shifts.list.queryKey({ locationId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.shifts.summary.queryKey({ locationId }) }),
    ]);
  const [name, setName] = useState("");
  const [startTime, setStartTime] = useState("06:00");
  const [endTime, setEndTime] = useState("14:00");
  const create = useMutation(
    trpc.shifts.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        await invalidate();
      },
    }),
  );
  const archive = useMutation(trpc.shifts.archive.mutationOptions({ onSuccess: invalidate }));
  const errors = fieldErrorsOf(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ locationId, name, startTime, endTime });
  }

  return (
    <Card title={`Shifts at ${locationName}`}>
      {shifts.isPending ? (
        <Loading />
      ) : shifts.isError ? (
        <ErrorState error={shifts.error} retry={() => shifts.refetch()} />
      ) : (
        <div className="space-y-4">
          {shifts.data.length === 0 ? (
            <p className="text-sm text-stone-600">No shifts yet. Add the shifts this location runs so notes and sales are grouped by shift.</p>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm">
              {shifts.data.map((s) => (
                <li key={s.id} className="flex items-center justify-between py-2">
                  <span>
                    <span className="font-medium">{s.name}</span>{" "}
                    <span className="tabular-nums text-stone-600">
                      {s.startTime}–{s.endTime}
                    </span>
                  </span>
                  <Button size="sm" variant="ghost" onClick={() => archive.mutate({ id: s.id })} aria-label={`Remove ${s.name} shift`}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <p className="text-sm text-stone-600">
            Staff sign in with a PIN on this location&apos;s counter tablet once it is registered:{" "}
            <Link className="font-medium text-brand-700 underline" href="/settings/tablets">
              Counter tablets
            </Link>
            {pin.data && (
              <>
                {" "}
                (sign-in page <span className="whitespace-nowrap">/tablet/{pin.data.shopSlug}/{locationCode}</span>)
              </>
            )}
            .
          </p>
          <form onSubmit={submit} noValidate className="grid grid-cols-2 gap-3">
            <TextField label="Shift name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} className="col-span-2" placeholder="Morning" />
            <TextField label="Starts" type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} error={errors.startTime} />
            <TextField label="Ends" type="time" value={endTime} onChange={(e) => setEndTime(e.target.value)} error={errors.endTime} />
            {create.error && !Object.keys(errors).length && <p className="col-span-2 text-sm text-red-700">{create.error.message}</p>}
            <Button type="submit" variant="secondary" busy={create.isPending} className="col-span-2">
              Add shift
            </Button>
          </form>
        </div>
      )}
    </Card>
  );
}
