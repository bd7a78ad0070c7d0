import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { getSessionUser } from "@/server/auth/session";
import { getNavBadges } from "@/server/services/nav-badges";
import { db } from "@/server/db";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const badges = await getNavBadges(db, user.shopId, user.role);
  return (
    <AppShell user={user} badges={badges}>
      {children}
    </AppShell>
  );
}
