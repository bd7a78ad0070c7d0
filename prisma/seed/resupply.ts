import type { Db } from "../../server/db";
import { suggestRuleDefaults, windowsForCadence, type Cadence } from "../../server/domain/resupply";
import { markSuggestionSent, raiseManualSuggestion, scanShop } from "../../server/services/resupply";
import type { DemoShop } from "./foundation";

/** How each demo supplier delivers: the dough mill twice a day, packaging twice a week, … */
const SUPPLIER_TERMS: Record<string, { cadence: Cadence; windows: string[]; leadTimeHours: number }> = {
  "Hudson Valley Mill": { cadence: "TWICE_DAILY", windows: ["06:00", "14:00"], leadTimeHours: 12 },
  "Sweet Supply Co.": { cadence: "DAILY", windows: ["07:00"], leadTimeHours: 24 },
  "Metro Restaurant Depot": { cadence: "WINDOWS", windows: ["Mon,Thu 08:00"], leadTimeHours: 48 },
  "Northside Roasters": { cadence: "WINDOWS", windows: ["Tue,Fri 09:00"], leadTimeHours: 24 },
  "Clover Dairy": { cadence: "DAILY", windows: ["06:30"], leadTimeHours: 12 },
};
const FALLBACK = { cadence: "DAILY" as Cadence, windows: ["07:00"], leadTimeHours: 24 };

/**
 * Resupply rules for every component each demo location actually uses, sized from its last two
 * weeks of sales, then one scan so the board opens with real suggestions, one of them already sent.
 */
export async function seedResupply(db: Db, demo: DemoShop, now = new Date()): Promise<void> {
  const { shopId } = demo;
  const components = await db.component.findMany({ where: { shopId }, select: { id: true, code: true, supplier: { select: { id: true, name: true } } } });
  const since = new Date(now.getTime() - 14 * 86_400_000);
  const usage = await db.stockMovement.groupBy({
    by: ["locationId", "componentId"],
    where: { shopId, type: "SALE", occurredAt: { gte: since } },
    _sum: { quantity: true },
  });
  const byId = new Map(components.map((c) => [c.id, c]));
  const rules = usage.flatMap((u) => {
    const component = byId.get(u.componentId);
    const dailyUsage = -(u._sum.quantity ?? 0) / 14;
    if (!component || dailyUsage <= 0) return [];
    const terms = (component.supplier && SUPPLIER_TERMS[component.supplier.name]) || FALLBACK;
    const { reorderPoint, targetLevel } = suggestRuleDefaults({
      dailyUsage,
      leadTimeHours: terms.leadTimeHours,
      cadence: terms.cadence,
      windows: windowsForCadence(terms.cadence, terms.windows),
    });
    return [
      {
        shopId,
        locationId: u.locationId,
        componentId: u.componentId,
        supplierId: component.supplier?.id ?? null,
        reorderPoint,
        targetLevel,
        leadTimeHours: terms.leadTimeHours,
        cadence: terms.cadence,
        windows: JSON.stringify(terms.windows),
      },
    ];
  });
  if (rules.length) await db.resupplyRule.createMany({ data: rules });

  await scanShop(db, shopId, now);
  // Make sure the board shows both stages even when the history left stock comfortable.
  const open = await db.resupplySuggestion.findMany({ where: { shopId, status: "DRAFT" }, select: { id: true }, orderBy: { windowAt: "asc" } });
  if (open.length < 2) {
    const main = demo.locations.main;
    const wanted = [
      { code: "SPRINKLES", quantity: 2000, reason: "Sprinkle ring promo this weekend." },
      { code: "BOX-12", quantity: 100, reason: "Office pre-orders for Friday." },
    ];
    for (const w of wanted) {
      const component = components.find((c) => c.code === w.code);
      if (!main || !component) continue;
      await raiseManualSuggestion(db, shopId, {
        locationId: main,
        componentId: component.id,
        quantity: w.quantity,
        neededBy: new Date(now.getTime() + 36 * 3_600_000),
        reason: w.reason,
      });
    }
  }
  const first = await db.resupplySuggestion.findFirst({ where: { shopId, status: "DRAFT" }, orderBy: { windowAt: "asc" }, select: { id: true } });
  if (first) await markSuggestionSent(db, shopId, first.id, now);
}
