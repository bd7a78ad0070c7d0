import { getServerSession, type Session } from "next-auth";
import { authOptions } from "./options";
import type { SessionUser } from "../services/sign-in";

/** The signed-in user in a server component, route handler or tRPC request; null when signed out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? session.user : null;
}

/** The whole session (with its expiry), to hand to the browser's SessionProvider without a refetch. */
export async function getSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? session : null;
}
