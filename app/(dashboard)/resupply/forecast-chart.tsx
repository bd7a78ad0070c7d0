"use client";

import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatQuantity } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { ErrorState, Loading } from "@/components/ui/states";

type Point = { at: number; onHand?: number; projected?: number };


/** On-hand history, projection, reorder point and incoming deliveries of one component. */
export function ForecastChart({ locationId, componentId, unit, timeZone }: { locationId: string; componentId: string; unit: string; timeZone?: string }) {
  const trpc = useTRPC();
  const forecast = useQuery(trpc.resupply.forecast.queryOptions({ locationId, componentId }));
  if (forecast.isPending) return <Loading label="Loading forecast…" />;
  if (forecast.isError) return <ErrorState error={forecast.error} retry={() => forecast.refetch()} />;
  const f = forecast.data;
  const tick = (ms: number) => new Intl.DateTimeFormat("en-US", { weekday: "short", hour: "numeric", timeZone }).format(new Date(ms));
  const points: Point[] = [
    ...f.history.map((h) => ({ at: h.at, onHand: h.onHand })),
    ...f.projection.map((p) => ({ at: p.at, projected: p.projected })),
  ].sort((a, b) => a.at - b.at);
  return (
    <figure className="space-y-2" aria-label="Forecast chart">
      <div className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e7e5e4" strokeDasharray="3 3" />
            <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} fontSize={11} />
            <YAxis fontSize={11} width={56} tickFormatter={(v: number) => formatQuantity(v, unit)} />
            <Tooltip labelFormatter={(v) => formatDateTime(new Date(Number(v)), timeZone)} formatter={(v) => formatQuantity(Number(v), unit)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line type="stepAfter" dataKey="onHand" name="On hand" stroke="#57534e" dot={false} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="projected" name="Projected" stroke="#c2410c" strokeDasharray="5 4" dot={false} connectNulls isAnimationActive={false} />
            {f.reorderPoint !== null && (
              <ReferenceLine y={f.reorderPoint} stroke="#dc2626" strokeDasharray="2 2" label={{ value: "Reorder point", fontSize: 11, fill: "#dc2626", position: "insideTopLeft" }} />
            )}
            <ReferenceLine y={0} stroke="#a8a29e" />
            {f.incoming.map((i) => (
              <ReferenceDot key={`${i.at}-${i.quantity}`} x={i.at} y={0} r={5} fill="#0284c7" stroke="white" label={{ value: `+${formatQuantity(i.quantity, unit)}`, fontSize: 11, position: "top" }} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-stone-600">
        Forecast usage about {formatQuantity(Math.round(f.dailyUsage), unit)} a day.{" "}
        {f.stockoutAt ? <>Projected to run out {formatDateTime(new Date(f.stockoutAt), timeZone)}.</> : <>No stock-out projected in the next two weeks.</>}
      </figcaption>
    </figure>
  );
}
