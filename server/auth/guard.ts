import "server-only";
import { forbidden, redirect } from "next/navigation";
import { db } from "../db";
import { isRole, type Role } from "../domain/roles";
import type { SessionUser } from "../services/sign-in";
import { getSessionUser } from "./session";

/**
 * Page guard for server components: signed out → sign-in; signed in without one of `roles` → 403.
 * The role comes from the membership row, not the token, so a demotion applies at once.
 */
export async function requirePageRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const membership = await db.membership.findUnique({
    where: { userId_shopId: { userId: user.id, shopId: user.shopId } },
    select: { role: true },
  });
  if (!membership || !isRole(membership.role)) redirect("/sign-in?error=SessionEnded");
  if (!roles.includes(membership.role)) forbidden();
  return { ...user, role: membership.role };
}
