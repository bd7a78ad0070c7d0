import type { Db } from "../../server/db";
import { appUrl } from "../../server/env";
import { webhookPath } from "../../server/services/integrations";
import { drainInbox, receivePosWebhook } from "../../server/services/ingest";
import { genericOrder, signedGenericRequest } from "../../server/services/ingest-signing";
import { loadTrafficTarget, TrafficGenerator } from "../../server/services/ingest-traffic";
import type { DemoShop } from "./foundation";

/**
 * Today's live POS traffic for the demo, sent through the real webhook path (signed, verified,
 * stored, processed) so the delivery logs, the orders list and the unmapped-SKU inbox have
 * something true to show: a few dozen orders of both kinds, a legacy POS SKU the catalog does not
 * know yet, and one delivery refused for an unknown location (kept, replayable).
 */
export async function seedIngest(db: Db, demo: DemoShop): Promise<void> {
  const target = await loadTrafficTarget(db, demo.shopId, appUrl());
  const gen = new TrafficGenerator(target, { seed: 2026 });
  const requests = Array.from({ length: 40 }, () => gen.next());
  const generic = target.generic;
  if (generic) {
    const url = `${target.baseUrl}${webhookPath(generic.id)}`;
    for (const [i, qty] of [3, 1].entries()) {
      const data = genericOrder(`POS-LEGACY-${i + 1}`, [{ sku: "LEGACY-GLZ-01", quantity: qty, unitPriceMinor: 250 }, { sku: "COFFEE", quantity: 1, unitPriceMinor: 300 }], {
        channel: "walk-in",
      });
      requests.push({ ...signedGenericRequest(url, generic.secret, { type: "order.created", data }), label: "legacy sku" });
    }
    const truck = genericOrder("TRUCK-7", [{ sku: "GLAZED", quantity: 2, unitPriceMinor: 250 }], { location: "truck", channel: "event" });
    requests.push({ ...signedGenericRequest(url, generic.secret, { type: "order.created", data: truck }), label: "unknown location" });
  }
  for (const r of requests) {
    const integrationId = r.url.slice(r.url.lastIndexOf("/") + 1);
    await receivePosWebhook(db, integrationId, new Request(r.url, r.init));
  }
  await drainInbox(db);
}
