import type { DbTx } from "../db";

/** The part of a drop that decides which orders count toward it. */
export type DropWindow = {
  locationId: string;
  startsAt: Date;
  endsAt: Date;
  channels: readonly string[];
  campaign: string | null;
  productIds: readonly string[];
};

export type DropSale = {
  orderId: string;
  productId: string;
  channel: string;
  campaign: string | null;
  /** Units kept (sold less refunded). */
  quantity: number;
  revenueMinor: number;
  placedAt: Date;
};

/** Parses the JSON array of channel codes stored on a drop. */
export function parseChannels(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Lines of the drop's products sold at its location within its window, on one of its channels or
 * tagged with its campaign. Cancelled orders and refunded units do not count.
 */
export async function loadDropSales(tx: DbTx, shopId: string, drop: DropWindow): Promise<DropSale[]> {
  if (drop.productIds.length === 0) return [];
  const channelOrCampaign = [
    ...(drop.channels.length ? [{ channel: { in: [...drop.channels] } }] : []),
    ...(drop.campaign ? [{ campaign: drop.campaign }] : []),
  ];
  if (channelOrCampaign.length === 0) return [];
  const lines = await tx.orderLine.findMany({
    where: {
      shopId,
      productId: { in: [...drop.productIds] },
      order: {
        shopId,
        locationId: drop.locationId,
        placedAt: { gte: drop.startsAt, lt: drop.endsAt },
        status: { not: "CANCELLED" },
        OR: channelOrCampaign,
      },
    },
    select: {
      orderId: true,
      productId: true,
      quantity: true,
      refundedQty: true,
      unitPriceMinor: true,
      order: { select: { channel: true, campaign: true, placedAt: true } },
    },
  });
  return lines
    .map((l) => {
      const quantity = Math.max(0, l.quantity - l.refundedQty);
      return {
        orderId: l.orderId,
        productId: l.productId ?? "",
        channel: l.order.channel,
        campaign: l.order.campaign,
        quantity,
        revenueMinor: quantity * l.unitPriceMinor,
        placedAt: l.order.placedAt,
      };
    })
    .filter((s) => s.quantity > 0);
}

/** Units sold per product id. */
export function soldPerProduct(sales: readonly DropSale[]): Map<string, number> {
  const sold = new Map<string, number>();
  for (const s of sales) sold.set(s.productId, (sold.get(s.productId) ?? 0) + s.quantity);
  return sold;
}
