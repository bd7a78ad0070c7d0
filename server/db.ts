import { PrismaClient } from "./generated/prisma/client";
import { sqliteUrl } from "./db-url";
import { BackroomSqliteFactory } from "./sqlite-adapter";

export type Db = PrismaClient;
/** A client or an interactive transaction: what services accept for composable writes. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url?: string): PrismaClient {
  return new PrismaClient({ adapter: new BackroomSqliteFactory(sqliteUrl(url)) });
}

// One client per process; survives Next's dev hot reload.
const globalForDb = globalThis as unknown as { backroomDb?: PrismaClient };

export const db: PrismaClient = globalForDb.backroomDb ?? createDb();
globalForDb.backroomDb = db;
