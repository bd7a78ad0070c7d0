import type { Db } from "../../server/db";
import { seedFoundation } from "./foundation";
import { seedCatalog } from "./catalog";
import { seedHistory } from "./history";
import { seedResupply } from "./resupply";
import { seedDrops } from "./drops";
import { seedShifts } from "./shifts";
import { seedIngest } from "./ingest";

/**
 * Builds the demo shop. Each area adds its own step here, in dependency order; every step takes
 * what the earlier ones made.
 */
export async function seedDemo(db: Db): Promise<void> {
  const demo = await seedFoundation(db);
  const catalog = await seedCatalog(db, demo);
  await seedHistory(db, demo, catalog);
  await seedResupply(db, demo);
  await seedDrops(db, demo);
  await seedShifts(db, demo);
  await seedIngest(db, demo);
  void catalog;
  void demo;
}
