import type { Db } from "../../server/db";
import { writeShopHistory } from "../../server/services/history-generator";
import type { DemoCatalog } from "./catalog";
import type { DemoShop } from "./foundation";

/** 90 days of orders, campaigns, waste, counts and deliveries so the dashboard is alive on first start. */
export async function seedHistory(db: Db, demo: DemoShop, catalog?: DemoCatalog) {
  void catalog; // the generator reads the catalog the previous step wrote, kits included
  return writeShopHistory(db, demo.shopId, { days: 90, seed: 20261124 });
}
