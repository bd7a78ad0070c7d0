import { db } from "../db";
import { getSessionUser } from "../auth/session";
import type { TrpcContext } from "./trpc";

export async function createRequestContext(headers: Headers): Promise<TrpcContext> {
  const ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
  return { db, session: await getSessionUser(), ip };
}
