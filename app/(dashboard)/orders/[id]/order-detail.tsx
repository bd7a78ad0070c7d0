"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { formatDateTime, formatMoney, formatQuantity } from "@/components/format";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ErrorState, Loading } from "@/components/ui/states";
import { DeliveryStatusBadge, OrderStatusBadge } from "../status";

export function OrderDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const order = useQuery(trpc.orders.get.queryOptions({ id }, { retry: false }));
  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorState error={order.error} retry={() => order.refetch()} />;
  const o = order.data;
  return (
    <>
      <PageHeader
        title={`Order ${o.externalId}`}
        description={`${o.integration.name} · ${o.channel} at ${o.locationCode} · placed ${formatDateTime(o.placedAt)}${o.fulfilledAt ? ` · collected ${formatDateTime(o.fulfilledAt)}` : ""}`}
        actions={<OrderStatusBadge status={o.status} />}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title="Lines">
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Order lines</caption>
              <thead className="text-left text-stone-600">
                <tr>
                  <th className="py-1 pr-3 font-medium">SKU</th>
                  <th className="py-1 pr-3 font-medium">Product</th>
                  <th className="py-1 pr-3 text-right font-medium">Qty</th>
                  <th className="py-1 pr-3 text-right font-medium">Unit price</th>
                  <th className="py-1 text-right font-medium">Refunded · restocked</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {o.lines.map((l) => (
                  <tr key={l.lineNo}>
                    <td className={l.parentLineNo ? "py-2 pl-4 pr-3 font-mono" : "py-2 pr-3 font-mono"}>{l.parentLineNo ? `+ ${l.sku}` : l.sku}</td>
                    <td className="py-2 pr-3">{l.product ? l.product.name : <Badge tone="warn">Unmapped</Badge>}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{l.quantity}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(l.unitPriceMinor, o.currency)}</td>
                    <td className="py-2 text-right tabular-nums">{l.refundedQty} · {l.restockedQty}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-stone-200 font-medium">
                <tr>
                  <td colSpan={4} className="py-2 pr-3 text-right">Subtotal</td>
                  <td className="py-2 text-right tabular-nums">{formatMoney(o.subtotalMinor, o.currency)}</td>
                </tr>
                {o.refundedMinor > 0 && (
                  <tr>
                    <td colSpan={4} className="py-1 pr-3 text-right">Refunded</td>
                    <td className="py-1 text-right tabular-nums text-amber-700">−{formatMoney(o.refundedMinor, o.currency)}</td>
                  </tr>
                )}
              </tfoot>
            </table>
          </div>
          <dl className="mt-4 grid gap-1 text-sm sm:grid-cols-[9rem_1fr]">
            <dt className="text-stone-500">Tags</dt>
            <dd className="flex flex-wrap gap-1">{o.tags.length ? o.tags.map((t) => <Badge key={t}>{t}</Badge>) : "—"}</dd>
            <dt className="text-stone-500">Campaign</dt>
            <dd>{o.campaign ?? "—"}</dd>
            <dt className="text-stone-500">Customer</dt>
            <dd>{o.customerRef ?? "—"}</dd>
            <dt className="text-stone-500">Business date</dt>
            <dd>{o.businessDate}</dd>
            <dt className="text-stone-500">Received</dt>
            <dd>{formatDateTime(o.receivedAt)}</dd>
          </dl>
        </Card>
        <div className="space-y-6">
          <Card title="Stock used">
            {o.usage.length === 0 ? (
              <p className="text-sm text-stone-600">Nothing taken from stock{o.lines.some((l) => !l.product) ? ": map its SKUs on the Orders page to apply their kits." : "."}</p>
            ) : (
              <ul className="divide-y divide-stone-100 text-sm">
                {o.usage.map((u) => (
                  <li key={u.code} className="flex justify-between gap-3 py-1.5">
                    <span>{u.name}</span>
                    <span className="tabular-nums">
                      {formatQuantity(u.sold, u.unit)}
                      {u.restocked > 0 && <span className="text-emerald-700"> (+{formatQuantity(u.restocked, u.unit)} back)</span>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="POS deliveries">
            <ul className="divide-y divide-stone-100 text-sm">
              {o.deliveries.map((d) => (
                <li key={d.id} className="py-2">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono">{d.topic}</span>
                    <DeliveryStatusBadge status={d.status} />
                  </div>
                  <p className="text-xs text-stone-500">{formatDateTime(d.receivedAt)} · {d.deliveryId}</p>
                  {d.error && <p className="text-xs text-amber-800">{d.error}</p>}
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}
