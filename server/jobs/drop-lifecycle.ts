import type { Db } from "../db";
import { dropSoldOutAt, soldOutTimes } from "../domain/drop-lifecycle";
import { loadDropSales, parseChannels } from "../services/drops-sales";
import { enqueueEvent } from "../services/outbox";

/**
 * Moves drops along SCHEDULED → LIVE → ENDED by their window and detects sell-outs from the orders
 * in the window. Every transition is a conditional update, so two runs (or two instances) never
 * emit an event twice: `drop.started` when a drop goes live, `drop.sold_out` once when every
 * capped product has reached its cap.
 */
export async function runDropLifecycle(db: Db, now: Date): Promise<string> {
  let started = 0;
  let ended = 0;
  let soldOut = 0;

  const due = await db.drop.findMany({
    where: { status: "SCHEDULED", startsAt: { lte: now } },
    select: { id: true, shopId: true, name: true, startsAt: true, endsAt: true, channels: true, location: { select: { code: true } } },
  });
  for (const d of due) {
    const live = d.endsAt > now;
    await db.$transaction(async (tx) => {
      const changed = await tx.drop.updateMany({ where: { id: d.id, status: "SCHEDULED" }, data: { status: live ? "LIVE" : "ENDED" } });
      // A drop whose whole window passed while nothing ran ends without announcing a start.
      if (changed.count === 1 && live) {
        await enqueueEvent(tx, d.shopId, "drop.started", {
          dropId: d.id,
          name: d.name,
          location: d.location.code,
          channels: parseChannels(d.channels),
          startsAt: d.startsAt.toISOString(),
          endsAt: d.endsAt.toISOString(),
        });
      }
      if (changed.count === 1) {
        if (live) started++;
        else ended++;
      }
    });
  }

  // Sell-out is checked for live drops and, once more, for drops that just ended (late orders).
  const watch = await db.drop.findMany({
    where: { status: { in: ["LIVE", "ENDED"] }, soldOutAt: null, startsAt: { lte: now }, endsAt: { gt: new Date(now.getTime() - 86_400_000) } },
    select: {
      id: true,
      shopId: true,
      name: true,
      status: true,
      locationId: true,
      startsAt: true,
      endsAt: true,
      channels: true,
      campaign: true,
      location: { select: { code: true } },
      items: { select: { id: true, productId: true, cap: true, soldOutAt: true, product: { select: { sku: true } } } },
    },
  });
  for (const d of watch) {
    const sales = await loadDropSales(db, d.shopId, {
      locationId: d.locationId,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      channels: parseChannels(d.channels),
      campaign: d.campaign,
      productIds: d.items.map((i) => i.productId),
    });
    const caps = new Map(d.items.map((i) => [i.productId, i.cap]));
    const times = soldOutTimes(caps, sales.map((s) => ({ productKey: s.productId, quantity: s.quantity, at: s.placedAt })));
    const at = dropSoldOutAt(caps, times);
    await db.$transaction(async (tx) => {
      for (const item of d.items) {
        const itemAt = times.get(item.productId);
        if (itemAt && !item.soldOutAt) await tx.dropItem.updateMany({ where: { id: item.id, soldOutAt: null }, data: { soldOutAt: itemAt } });
      }
      if (!at) return;
      const changed = await tx.drop.updateMany({ where: { id: d.id, soldOutAt: null }, data: { soldOutAt: at } });
      if (changed.count === 1) {
        soldOut++;
        await enqueueEvent(tx, d.shopId, "drop.sold_out", {
          dropId: d.id,
          name: d.name,
          location: d.location.code,
          soldOutAt: at.toISOString(),
          sellOutMinutes: Math.round((at.getTime() - d.startsAt.getTime()) / 60_000),
          items: d.items.map((i) => ({ sku: i.product.sku, cap: i.cap })),
        });
      }
    });
  }

  const finished = await db.drop.updateMany({ where: { status: "LIVE", endsAt: { lte: now } }, data: { status: "ENDED" } });
  ended += finished.count;
  return `${started} started, ${soldOut} sold out, ${ended} ended`;
}
