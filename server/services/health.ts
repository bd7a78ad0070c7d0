import type { DbTx } from "../db";

/** True when the database answers a query. */
export async function checkHealth(db: DbTx): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
