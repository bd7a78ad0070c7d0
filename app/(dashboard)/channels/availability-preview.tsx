"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Badge, Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

type Channel = { code: string; name: string; color: string | null };

/** Live preview of the availability feed: one column per channel, refreshed every 15 s. */
export function AvailabilityPreview({ locationId, channels }: { locationId: string; channels: Channel[] }) {
  const trpc = useTRPC();
  const preview = useQuery({ ...trpc.channels.availability.queryOptions({ locationId }), refetchInterval: 15_000 });
  if (preview.isPending) return <Loading label="Computing availability…" />;
  if (preview.isError) return <ErrorState error={preview.error} retry={() => preview.refetch()} />;
  const first = preview.data.channels[0];
  if (!first || first.products.length === 0) {
    return (
      <Card title="Availability now">
        <EmptyState title="Nothing to sell here yet">Record stock at this location (Inventory → receipt or count) and products with kits will show how many each channel may sell.</EmptyState>
      </Card>
    );
  }
  // "Limited by" names the component that binds the tightest channel: buffers shift the limit
  // from channel to channel, and the scarcest one is what a person acts on.
  const bySku = new Map<string, { sku: string; name: string; limitedBy: string | null; tightest: number; values: Record<string, number> }>();
  for (const c of preview.data.channels) {
    for (const p of c.products) {
      const row = bySku.get(p.sku) ?? { sku: p.sku, name: p.name, limitedBy: null, tightest: Infinity, values: {} };
      row.values[c.channel] = p.available;
      if (p.available < row.tightest) {
        row.tightest = p.available;
        row.limitedBy = p.limitedBy;
      }
      bySku.set(p.sku, row);
    }
  }
  const rows = [...bySku.values()];
  return (
    <Card
      title="Availability now"
      actions={preview.data.liveDrops > 0 ? <Badge tone="good">{preview.data.liveDrops} live drop{preview.data.liveDrops > 1 ? "s" : ""} holding caps</Badge> : null}
    >
      <p className="mb-3 text-sm text-stone-600">
        Units each channel may still sell: the kit&apos;s components on hand less what other channels hold. Tools read the same numbers from{" "}
        <code className="rounded bg-stone-100 px-1">GET /api/v1/locations/&lt;code&gt;/availability?channel=&lt;code&gt;</code>.
      </p>
      <DataTable
        rows={rows}
        rowKey={(r) => r.sku}
        filterPlaceholder="Filter products"
        initialSort={{ key: "sku", dir: "asc" }}
        caption="Availability per channel"
        columns={[
          { key: "sku", header: "Product", value: (r) => r.sku, render: (r) => <span><span className="font-medium">{r.sku}</span> <span className="text-stone-500">{r.name}</span></span> },
          ...channels.map((c) => ({
            key: `ch-${c.code}`,
            header: c.name,
            align: "right" as const,
            value: (r: (typeof rows)[number]) => r.values[c.code] ?? 0,
            render: (r: (typeof rows)[number]) => {
              const v = r.values[c.code] ?? 0;
              return <span className={v === 0 ? "font-medium text-red-700" : undefined}>{v}</span>;
            },
          })),
          { key: "limit", header: "Limited by", value: (r) => r.limitedBy ?? "" },
        ]}
      />
    </Card>
  );
}
