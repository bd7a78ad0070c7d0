import type { Role } from "@/server/domain/roles";

/** components/nav-icon.tsx draws the icon for each href. */
export type NavItem = { href: string; label: string; roles: readonly Role[] };

const MANAGERS = ["OWNER", "MANAGER"] as const;

/** Sidebar entries; a page's own guard enforces the same roles on the server. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", roles: MANAGERS },
  { href: "/inventory", label: "Inventory", roles: MANAGERS },
  { href: "/orders", label: "Orders", roles: MANAGERS },
  { href: "/resupply", label: "Resupply", roles: MANAGERS },
  { href: "/drops", label: "Drops", roles: MANAGERS },
  { href: "/channels", label: "Channels", roles: MANAGERS },
  { href: "/reconciliation", label: "Reconciliation", roles: MANAGERS },
  { href: "/shift-notes", label: "Shift notes", roles: ["OWNER", "MANAGER", "STAFF"] },
  { href: "/stock", label: "Stock counts", roles: ["STAFF"] },
  { href: "/settings", label: "Settings", roles: ["OWNER"] },
];

export function homeFor(role: Role): string {
  return role === "STAFF" ? "/shift-notes" : "/dashboard";
}
