export const ROLES = ["OWNER", "MANAGER", "STAFF"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Roles allowed to do owner-level work (catalog, resupply, drops, dashboard). */
export const MANAGERS: readonly Role[] = ["OWNER", "MANAGER"];
/** Users, integrations, API keys and secrets are the owner's alone. */
export const OWNERS: readonly Role[] = ["OWNER"];
export const EVERYONE: readonly Role[] = ROLES;

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
