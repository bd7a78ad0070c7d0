import type { Db } from "../../server/db";
import type { CatalogInput } from "../../server/domain/catalog";
import { applyCatalog } from "../../server/services/catalog";
import { recordMovements } from "../../server/services/ledger";
import type { DemoShop } from "./foundation";

/**
 * The demo donut catalog, in the `PUT /api/v1/catalog` shape so it doubles as the API's example.
 * Costs are in cents per unit (up to three decimals): dough at $3.50/kg is 0.35 ¢/g.
 */
export const DEMO_CATALOG = {
  components: [
    { code: "DOUGH", name: "Yeast dough", unit: "g", costPerUnitMinor: 0.35, shelfLifeHours: 48, supplier: "Hudson Valley Mill" },
    { code: "VEGAN-DOUGH", name: "Vegan dough", unit: "g", costPerUnitMinor: 0.55, shelfLifeHours: 48, supplier: "Hudson Valley Mill" },
    { code: "GLAZE", name: "Vanilla glaze", unit: "g", costPerUnitMinor: 0.6, shelfLifeHours: 168, supplier: "Sweet Supply Co." },
    { code: "CHOC", name: "Chocolate frosting", unit: "g", costPerUnitMinor: 1.2, shelfLifeHours: 168, supplier: "Sweet Supply Co." },
    { code: "CREAM", name: "Bavarian cream", unit: "g", costPerUnitMinor: 0.8, shelfLifeHours: 72, supplier: "Sweet Supply Co." },
    { code: "JAM", name: "Raspberry jam", unit: "g", costPerUnitMinor: 0.9, shelfLifeHours: 336, supplier: "Sweet Supply Co." },
    { code: "MAPLE", name: "Maple icing", unit: "g", costPerUnitMinor: 1.1, shelfLifeHours: 168, supplier: "Sweet Supply Co." },
    { code: "SPRINKLES", name: "Rainbow sprinkles", unit: "g", costPerUnitMinor: 1.5, supplier: "Sweet Supply Co." },
    { code: "CINNAMON-APPLE", name: "Cinnamon apple filling", unit: "g", costPerUnitMinor: 0.7, shelfLifeHours: 120, supplier: "Sweet Supply Co." },
    { code: "NUTELLA", name: "Hazelnut cocoa spread", unit: "g", costPerUnitMinor: 1.4, supplier: "Sweet Supply Co." },
    { code: "FRY-OIL", name: "Frying oil", unit: "ml", costPerUnitMinor: 0.25, supplier: "Metro Restaurant Depot" },
    { code: "COFFEE-BEANS", name: "House espresso beans", unit: "g", costPerUnitMinor: 2.2, shelfLifeHours: 720, supplier: "Northside Roasters" },
    { code: "MILK", name: "Whole milk", unit: "ml", costPerUnitMinor: 0.12, shelfLifeHours: 120, supplier: "Clover Dairy" },
    { code: "CUP", name: "12 oz cup with lid", unit: "pc", costPerUnitMinor: 12, supplier: "Metro Restaurant Depot" },
    { code: "BOX-4", name: "Box of 4", unit: "pc", costPerUnitMinor: 45, supplier: "Metro Restaurant Depot" },
    { code: "BOX-12", name: "Dozen box", unit: "pc", costPerUnitMinor: 85, supplier: "Metro Restaurant Depot" },
    { code: "BAG", name: "Paper bag", unit: "pc", costPerUnitMinor: 6, supplier: "Metro Restaurant Depot" },
  ],
  products: [
    { sku: "GLAZED", name: "Original glazed", priceMinor: 250, category: "Donuts", kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 20 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "CHOC-FROSTED", name: "Chocolate frosted", priceMinor: 275, category: "Donuts", kit: [{ component: "DOUGH", quantity: 80 }, { component: "CHOC", quantity: 25 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "BOSTON-CREAM", name: "Boston cream", priceMinor: 325, category: "Donuts", kit: [{ component: "DOUGH", quantity: 85 }, { component: "CREAM", quantity: 40 }, { component: "CHOC", quantity: 15 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "JELLY", name: "Raspberry jelly", priceMinor: 300, category: "Donuts", kit: [{ component: "DOUGH", quantity: 85 }, { component: "JAM", quantity: 35 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "MAPLE-BAR", name: "Maple bar", priceMinor: 325, category: "Donuts", kit: [{ component: "DOUGH", quantity: 95 }, { component: "MAPLE", quantity: 25 }, { component: "FRY-OIL", quantity: 18 }] },
    { sku: "CRULLER", name: "French cruller", priceMinor: 275, category: "Donuts", kit: [{ component: "DOUGH", quantity: 60 }, { component: "GLAZE", quantity: 15 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "OLD-FASHIONED", name: "Old fashioned", priceMinor: 250, category: "Donuts", kit: [{ component: "DOUGH", quantity: 90 }, { component: "GLAZE", quantity: 15 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "SPRINKLE-RING", name: "Sprinkle ring", priceMinor: 275, category: "Donuts", kit: [{ component: "DOUGH", quantity: 80 }, { component: "GLAZE", quantity: 15 }, { component: "SPRINKLES", quantity: 8 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "APPLE-FRITTER", name: "Apple fritter", priceMinor: 375, category: "Donuts", kit: [{ component: "DOUGH", quantity: 110 }, { component: "CINNAMON-APPLE", quantity: 45 }, { component: "GLAZE", quantity: 20 }, { component: "FRY-OIL", quantity: 22 }] },
    { sku: "VEGAN-BERRY", name: "Vegan berry", priceMinor: 350, category: "Donuts", kit: [{ component: "VEGAN-DOUGH", quantity: 85 }, { component: "JAM", quantity: 25 }, { component: "FRY-OIL", quantity: 15 }] },
    { sku: "COFFEE", name: "Drip coffee", priceMinor: 225, category: "Drinks", kit: [{ component: "COFFEE-BEANS", quantity: 18 }, { component: "CUP", quantity: 1 }] },
    { sku: "LATTE", name: "Latte", priceMinor: 425, category: "Drinks", kit: [{ component: "COFFEE-BEANS", quantity: 18 }, { component: "MILK", quantity: 220 }, { component: "CUP", quantity: 1 }] },
    { sku: "MIDNIGHT-BOX-4", name: "Midnight box of 4", priceMinor: 999, category: "Bundles", kit: [{ product: "GLAZED", quantity: 2 }, { product: "CHOC-FROSTED", quantity: 2 }, { component: "BOX-4", quantity: 1 }] },
    { sku: "DOZEN-BOX", name: "Classic dozen", priceMinor: 2499, category: "Bundles", kit: [{ product: "GLAZED", quantity: 6 }, { product: "OLD-FASHIONED", quantity: 6 }, { component: "BOX-12", quantity: 1 }] },
    { sku: "SPRINKLES", name: "Extra sprinkles", priceMinor: 50, category: "Modifiers", isModifier: true, kit: [{ component: "SPRINKLES", quantity: 6 }] },
    { sku: "EXTRA-GLAZE", name: "Extra glaze", priceMinor: 50, category: "Modifiers", isModifier: true, kit: [{ component: "GLAZE", quantity: 15 }] },
    { sku: "NUTELLA-FILL", name: "Nutella filling", priceMinor: 100, category: "Modifiers", isModifier: true, kit: [{ component: "NUTELLA", quantity: 30 }] },
  ],
} satisfies CatalogInput;

/** Opening stock at the main store; other locations hold a share of it. */
const OPENING_MAIN: Record<string, number> = {
  DOUGH: 40_000, "VEGAN-DOUGH": 6_000, GLAZE: 8_000, CHOC: 5_000, CREAM: 4_000, JAM: 5_000, MAPLE: 3_000,
  SPRINKLES: 2_000, "CINNAMON-APPLE": 4_000, NUTELLA: 2_000, "FRY-OIL": 20_000, "COFFEE-BEANS": 5_000,
  MILK: 20_000, CUP: 400, "BOX-4": 120, "BOX-12": 80, BAG: 600,
};
const LOCATION_SHARE: Record<string, number> = { main: 1, hub: 1.5, kiosk: 0.4, popup: 0.25 };
const SUPPLIER_CONTACTS: Record<string, { email: string; phone: string }> = {
  "Hudson Valley Mill": { email: "orders@hudsonvalleymill.example", phone: "+1 845 555 0141" },
  "Sweet Supply Co.": { email: "sales@sweetsupply.example", phone: "+1 718 555 0178" },
  "Metro Restaurant Depot": { email: "depot@metrord.example", phone: "+1 212 555 0102" },
  "Northside Roasters": { email: "wholesale@northside.example", phone: "+1 347 555 0133" },
  "Clover Dairy": { email: "routes@cloverdairy.example", phone: "+1 914 555 0190" },
};

export type DemoCatalog = { products: Record<string, string>; components: Record<string, string> };

/** Components, products, kits, suppliers and opening stock (one RECEIPT per component per location). */
export async function seedCatalog(db: Db, demo: DemoShop): Promise<DemoCatalog> {
  const { shopId } = demo;
  await applyCatalog(db, shopId, DEMO_CATALOG);
  for (const [name, contact] of Object.entries(SUPPLIER_CONTACTS)) {
    await db.supplier.updateMany({ where: { shopId, name }, data: contact });
  }
  const components = Object.fromEntries(
    (await db.component.findMany({ where: { shopId }, select: { id: true, code: true } })).map((c) => [c.code, c.id]),
  );
  const products = Object.fromEntries(
    (await db.product.findMany({ where: { shopId }, select: { id: true, sku: true } })).map((p) => [p.sku, p.id]),
  );
  // Opening stock predates the 90 days of demo history so the ledger reads in order.
  const openedAt = new Date(Date.now() - 91 * 24 * 3600 * 1000);
  const movements = Object.entries(demo.locations).flatMap(([code, locationId]) =>
    Object.entries(OPENING_MAIN).flatMap(([componentCode, qty]) => {
      const componentId = components[componentCode];
      const quantity = Math.round(qty * (LOCATION_SHARE[code] ?? 0.5));
      return componentId && quantity > 0
        ? [{ locationId, componentId, type: "RECEIPT" as const, quantity, reason: "Opening stock", occurredAt: openedAt }]
        : [];
    }),
  );
  await recordMovements(db, shopId, movements);
  return { products, components };
}
