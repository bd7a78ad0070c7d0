"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { NAV_ITEMS } from "./nav-config";
import { NavIcon } from "./nav-icon";
import { ShopSwitcher, type ShopOption } from "./shop-switcher";
import { cn } from "./ui/cn";
import type { Role } from "@/server/domain/roles";

const ROLE_LABEL: Record<Role, string> = { OWNER: "Owner", MANAGER: "Manager", STAFF: "Staff" };

export function AppShell({
  session,
  user,
  shops = [],
  badges = {},
  children,
}: {
  /** The server's session, so the switcher can update it without fetching it first. */
  session: Session | null;
  user: { name: string; email: string; role: Role; shopId: string; shopName: string };
  /** Every shop the user belongs to; the switcher shows with two or more. */
  shops?: ShopOption[];
  /** Counts shown beside nav entries, keyed by href (e.g. low stock on /resupply). */
  badges?: Record<string, number>;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const items = NAV_ITEMS.filter((item) => item.roles.includes(user.role));

  const nav = (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-1 px-3 py-4">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        const badge = badges[item.href];
        return (
          <Link
            key={item.href}
            href={item.href}
            onClick={() => setOpen(false)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active ? "bg-brand-50 text-brand-700" : "text-stone-700 hover:bg-stone-100",
            )}
          >
            <NavIcon href={item.href} />
            <span className="flex-1">{item.label}</span>
            {badge ? (
              <span className="rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold text-white" aria-label={`${badge} need attention`}>
                {badge}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );

  const footer = (
    <div className="border-t border-stone-200 px-4 py-3 text-sm">
      <p className="truncate font-medium text-stone-900">{user.name}</p>
      <p className="truncate text-xs text-stone-500">
        {ROLE_LABEL[user.role]} · {user.shopName}
      </p>
      {shops.length >= 2 && <ShopSwitcher shops={shops} currentShopId={user.shopId} />}
      <Link href="/sign-out" onClick={() => setOpen(false)} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
        Sign out
      </Link>
    </div>
  );

  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <div className="min-h-dvh lg:flex">
        <aside className="hidden w-60 shrink-0 flex-col border-r border-stone-200 bg-white lg:flex lg:h-dvh lg:sticky lg:top-0">
          <Brand />
          {nav}
          {footer}
        </aside>
        <header className="sticky top-0 z-20 flex items-center justify-between border-b border-stone-200 bg-white px-4 py-2 lg:hidden">
          <Brand compact />
          <button
            type="button"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls="mobile-nav"
            className="rounded-md px-3 py-2 text-sm font-medium ring-1 ring-stone-300"
          >
            {open ? "Close" : "Menu"}
          </button>
        </header>
        {open && (
          <div id="mobile-nav" className="fixed inset-x-0 top-[53px] z-10 border-b border-stone-200 bg-white shadow-lg lg:hidden">
            {nav}
            {footer}
          </div>
        )}
        <main className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8">{children}</main>
      </div>
    </SessionProvider>
  );
}

function Brand({ compact }: { compact?: boolean }) {
  return (
    <Link href="/" className={cn("flex items-center gap-2 font-semibold text-stone-900", !compact && "px-5 pt-5")}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white" aria-hidden>
        ◐
      </span>
      Backroom
    </Link>
  );
}
