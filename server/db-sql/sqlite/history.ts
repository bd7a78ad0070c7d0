/**
 * Bulk row writers for generated history (demo seed and the dashboard benchmark). Multi-row
 * INSERTs in large batches are what makes 90 days seed in seconds and a year of 10 locations in
 * minutes; `createMany` costs several times more per row. Column lists match schema.prisma.
 */
import type { DbTx } from "../../db";

export const HISTORY_COLUMNS = {
  Campaign: ["id", "shopId", "code", "name", "sentAt", "attributionWindowHours", "createdAt"],
  Order: [
    "id", "shopId", "integrationId", "externalId", "orderNumber", "locationId", "locationCode", "channel", "campaign",
    "customerRef", "currency", "status", "subtotalMinor", "refundedMinor", "placedAt", "receivedAt", "stateAt",
    "businessDate", "localHour", "weekday", "updatedAt", "fulfilledAt",
  ],
  OrderLine: [
    "id", "orderId", "shopId", "lineNo", "parentLineNo", "sku", "productId", "quantity", "unitPriceMinor",
    "refundedQty", "restockedQty", "businessDate", "locationId", "channel",
  ],
  OrderTag: ["orderId", "tag", "shopId", "businessDate"],
  StockMovement: [
    "id", "shopId", "locationId", "componentId", "type", "quantity", "reason", "orderId", "resupplyId", "transferId",
    "countId", "userId", "occurredAt", "createdAt",
  ],
  ResupplySuggestion: ["id", "shopId", "locationId", "supplierId", "windowAt", "status", "note", "createdAt", "sentAt", "receivedAt"],
  ResupplyLine: ["id", "suggestionId", "componentId", "quantity", "receivedQty", "reason", "projectedStockoutAt", "openKey"],
  StockCount: ["id", "shopId", "locationId", "componentId", "counted", "expected", "userId", "countedAt"],
} as const;

export type HistoryTable = keyof typeof HISTORY_COLUMNS;
export type SqlValue = string | number | null;

/** Writes rows of one table; implementations batch them. */
export type RowSink = (table: HistoryTable, rows: readonly SqlValue[][]) => Promise<void>;

/** SQLite allows 32 766 bound parameters per statement; stay well under it. */
const MAX_PARAMS = 30_000;

export function insertSql(table: HistoryTable, rowCount: number): string {
  const cols = HISTORY_COLUMNS[table];
  const tuple = `(${cols.map(() => "?").join(",")})`;
  return `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${Array.from({ length: rowCount }, () => tuple).join(",")}`;
}

export function batchSize(table: HistoryTable): number {
  return Math.max(1, Math.floor(MAX_PARAMS / HISTORY_COLUMNS[table].length));
}

/** A sink writing through Prisma raw statements (inside the caller's transaction). */
export function prismaSink(tx: DbTx): RowSink {
  return async (table, rows) => {
    const size = batchSize(table);
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      await tx.$executeRawUnsafe(insertSql(table, chunk.length), ...chunk.flat());
    }
  };
}

/** Adds deltas to cached balances (creating missing rows) so the cache equals the ledger sum. */
export async function addToBalances(
  tx: DbTx,
  shopId: string,
  deltas: readonly { locationId: string; componentId: string; delta: number }[],
  updatedAt: string,
): Promise<void> {
  const size = 5_000;
  for (let i = 0; i < deltas.length; i += size) {
    const chunk = deltas.slice(i, i + size);
    await tx.$executeRawUnsafe(
      `INSERT INTO "StockBalance" ("locationId","componentId","shopId","onHand","updatedAt") VALUES ${chunk.map(() => "(?,?,?,?,?)").join(",")}
       ON CONFLICT("locationId","componentId") DO UPDATE SET "onHand" = "onHand" + excluded."onHand", "updatedAt" = excluded."updatedAt"`,
      ...chunk.flatMap((d) => [d.locationId, d.componentId, shopId, d.delta, updatedAt]),
    );
  }
}
