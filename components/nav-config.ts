import type { Role } from "@/server/domain/roles";

/** `icon` is a hint for readers of this list; components/nav-icon.tsx draws the icon for each href. */
export type NavItem = { href: string; label: string; roles: readonly Role[]; icon: string };

const MANAGERS = ["OWNER", "MANAGER"] as const;

/** Sidebar entries; a page's own guard enforces the same roles on the server. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", roles: MANAGERS, icon: "📊" },
  { href: "/inventory", label: "Inventory", roles: MANAGERS, icon: "📦" },
  { href: "/resupply", label: "Resupply", roles: MANAGERS, icon: "🚚" },
  { href: "/drops", label: "Drops", roles: MANAGERS, icon: "⏱" },
  { href: "/channels", label: "Channels", roles: MANAGERS, icon: "🔀" },
  { href: "/shift-notes", label: "Shift notes", roles: ["OWNER", "MANAGER", "STAFF"], icon: "📝" },
  { href: "/stock", label: "Stock counts", roles: ["STAFF"], icon: "🔢" },
  { href: "/settings", label: "Settings", roles: ["OWNER"], icon: "⚙" },
];

export function homeFor(role: Role): string {
  return role === "STAFF" ? "/shift-notes" : "/dashboard";
}
