import type { Db } from "../../server/db";
import { dropSoldOutAt, soldOutTimes } from "../../server/domain/drop-lifecycle";
import { zonedDate, zonedLocalToUtc } from "../../server/domain/drop-time";
import { loadDropSales } from "../../server/services/drops-sales";
import type { DemoShop } from "./foundation";

const MIDNIGHT_CHANNELS = ["walk-in", "preorder-qr", "online", "delivery"];
const POPUP_CHANNELS = ["event", "walk-in"];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

type Plan = {
  name: string;
  location: string;
  date: string;
  from: string;
  to: string;
  channels: string[];
  campaign?: string;
  announcement: string;
  items: [sku: string, cap: number][];
};

/**
 * Drops and channel buffers for the demo shop: the last few Midnight Drops and Saturday pop-ups
 * (ended, with sell-out times from the history's orders), the next Midnight Drop and Pop-up
 * Saturday (scheduled), and buffers such as 12 glazed (and 600 g of cream) held for preorder QR at main.
 */
export async function seedDrops(db: Db, demo: DemoShop, now = new Date()): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: demo.shopId }, select: { timeZone: true } });
  const tz = shop.timeZone;
  const products = new Map((await db.product.findMany({ where: { shopId: demo.shopId }, select: { id: true, sku: true } })).map((p) => [p.sku, p.id]));
  const today = zonedDate(now, tz);

  const allocations: [location: string, sku: string, channel: string, quantity: number][] = [
    ["main", "GLAZED", "preorder-qr", 12],
    ["main", "BOSTON-CREAM", "preorder-qr", 6],
    ["main", "MIDNIGHT-BOX-4", "online", 4],
    ["main", "DOZEN-BOX", "delivery", 2],
    ["hub", "DOZEN-BOX", "online", 3],
    ["popup", "GLAZED", "event", 24],
  ];
  for (const [location, sku, channel, quantity] of allocations) {
    const locationId = demo.locations[location];
    const productId = products.get(sku);
    if (!locationId || !productId) continue;
    await db.channelAllocation.create({ data: { shopId: demo.shopId, locationId, productId, channel, quantity } });
  }
  // A component buffer: cream kept back for QR preorders, whatever product they fill.
  const componentBuffers: [location: string, code: string, channel: string, quantity: number][] = [["main", "CREAM", "preorder-qr", 600]];
  const components = new Map((await db.component.findMany({ where: { shopId: demo.shopId }, select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  for (const [location, code, channel, quantity] of componentBuffers) {
    const locationId = demo.locations[location];
    const componentId = components.get(code);
    if (!locationId || !componentId) continue;
    await db.channelAllocation.create({ data: { shopId: demo.shopId, locationId, componentId, channel, quantity } });
  }

  const plans: Plan[] = [];
  // Past Fridays and Saturdays: the history has midnight-box orders at 22–23 h at the store.
  for (let back = 1, found = 0; back <= 21 && found < 4; back++) {
    const date = addDays(today, -back);
    const wd = weekdayOf(date);
    if (wd === 5) {
      found++;
      plans.push({
        name: "Midnight Drop",
        location: "main",
        date,
        from: "22:00",
        to: "23:59",
        channels: MIDNIGHT_CHANNELS,
        announcement: "Midnight boxes of 4 — two glazed, two chocolate — until they're gone.",
        items: [["MIDNIGHT-BOX-4", found % 2 === 0 ? 10 : 16]],
      });
    }
    if (wd === 6 && found < 3) {
      plans.push({
        name: "Pop-up Saturday",
        location: "popup",
        date,
        from: "09:00",
        to: "15:00",
        channels: POPUP_CHANNELS,
        announcement: "Find us at the Saturday market: glazed, fritters and the vegan berry.",
        items: [
          ["GLAZED", 50],
          ["APPLE-FRITTER", 12],
          ["VEGAN-BERRY", 8],
        ],
      });
    }
  }
  // Next Friday night and next Saturday's market (at least a day ahead so they start scheduled).
  let nextFriday = addDays(today, 1);
  while (weekdayOf(nextFriday) !== 5) nextFriday = addDays(nextFriday, 1);
  let nextSaturday = addDays(today, 1);
  while (weekdayOf(nextSaturday) !== 6) nextSaturday = addDays(nextSaturday, 1);
  plans.push(
    {
      name: "Midnight Drop",
      location: "main",
      date: nextFriday,
      from: "22:00",
      to: "23:59",
      channels: ["online", "preorder-qr"],
      campaign: `nl-midnight-${nextFriday}`,
      announcement: "This Friday at 10 pm: 40 Midnight Boxes and fresh glazed, online and by QR preorder only.",
      items: [
        ["MIDNIGHT-BOX-4", 40],
        ["GLAZED", 30],
      ],
    },
    {
      name: "Pop-up Saturday",
      location: "popup",
      date: nextSaturday,
      from: "09:00",
      to: "15:00",
      channels: POPUP_CHANNELS,
      announcement: "Saturday market pop-up: glazed, apple fritters and vegan berry, while they last.",
      items: [
        ["GLAZED", 60],
        ["APPLE-FRITTER", 25],
        ["VEGAN-BERRY", 24],
      ],
    },
  );

  for (const plan of plans) {
    const locationId = demo.locations[plan.location];
    if (!locationId) continue;
    const items = plan.items.flatMap(([sku, cap]) => {
      const productId = products.get(sku);
      return productId ? [{ productId, cap }] : [];
    });
    if (items.length === 0) continue;
    const startsAt = zonedLocalToUtc(`${plan.date}T${plan.from}`, tz);
    const endsAt = zonedLocalToUtc(`${plan.date}T${plan.to}`, tz);
    const past = endsAt <= now;
    const live = !past && startsAt <= now;
    // A past drop takes the campaign its own orders carried most (the history tags some orders
    // with the campaign sent before them), so its report attributes what really came in.
    const sent = plan.campaign
      ? null
      : past
        ? (
            await db.order.groupBy({
              by: ["campaign"],
              where: { shopId: demo.shopId, locationId, campaign: { not: null }, placedAt: { gte: startsAt, lt: endsAt } },
              _count: { _all: true },
              orderBy: { _count: { campaign: "desc" } },
              take: 1,
            })
          ).map((g) => ({ code: g.campaign }))[0]
        : null;
    const campaign = plan.campaign ?? sent?.code ?? null;
    const drop = await db.drop.create({
      data: {
        shopId: demo.shopId,
        locationId,
        name: plan.name,
        startsAt,
        endsAt,
        status: past ? "ENDED" : live ? "LIVE" : "SCHEDULED",
        channels: JSON.stringify(plan.channels),
        announcement: plan.announcement,
        campaign,
        createdAt: new Date(startsAt.getTime() - 5 * 86_400_000),
        items: { create: items },
      },
      select: { id: true, items: { select: { id: true, productId: true, cap: true } } },
    });
    if (!past) continue;
    // Sell-out times from the orders the history wrote, as the lifecycle job would have found them.
    const sales = await loadDropSales(db, demo.shopId, {
      locationId,
      startsAt,
      endsAt,
      channels: plan.channels,
      campaign,
      productIds: items.map((i) => i.productId),
    });
    const caps = new Map(items.map((i) => [i.productId, i.cap]));
    const times = soldOutTimes(caps, sales.map((s) => ({ productKey: s.productId, quantity: s.quantity, at: s.placedAt })));
    for (const item of drop.items) {
      const at = times.get(item.productId);
      if (at) await db.dropItem.update({ where: { id: item.id }, data: { soldOutAt: at } });
    }
    const at = dropSoldOutAt(caps, times);
    if (at) await db.drop.update({ where: { id: drop.id }, data: { soldOutAt: at } });
  }
}
