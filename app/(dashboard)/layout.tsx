import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { getSession } from "@/server/auth/session";
import { findLiveMembership, listUserShops } from "@/server/services/users";
import { getNavBadges } from "@/server/services/nav-badges";
import { db } from "@/server/db";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const user = session.user;
  // The role and shop name come from the membership row, not the token, so a demotion or a
  // rename shows in the navigation at once.
  const [membership, shops] = await Promise.all([findLiveMembership(db, user.id, user.shopId), listUserShops(db, user.id)]);
  if (!membership) redirect("/sign-in?error=SessionEnded");
  const badges = await getNavBadges(db, user.shopId, membership.role);
  return (
    <AppShell session={session} user={{ ...user, role: membership.role, shopName: membership.shopName }} shops={shops} badges={badges}>
      {children}
    </AppShell>
  );
}
