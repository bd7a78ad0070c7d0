import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import type { SessionUser } from "../services/sign-in";

/** The signed-in user in a server component, route handler or tRPC request; null when signed out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? session.user : null;
}
