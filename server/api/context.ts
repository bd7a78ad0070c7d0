import { db } from "../db";
import { getSessionUser } from "../auth/session";
import type { TrpcContext } from "./trpc";

/** Per request: the database and the signed-in user (re-checked against the membership by procedures). */
export async function createRequestContext(): Promise<TrpcContext> {
  return { db, session: await getSessionUser() };
}
