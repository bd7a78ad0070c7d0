"use client";

import { useSession } from "next-auth/react";
import { useId, useState } from "react";
import { homeFor } from "./nav-config";
import type { Role } from "@/server/domain/roles";

export type ShopOption = { shopId: string; shopName: string; role: Role };

const ROLE_LABEL: Record<Role, string> = { OWNER: "Owner", MANAGER: "Manager", STAFF: "Staff" };

/**
 * Moves the session to another shop the user belongs to. The server re-checks the membership
 * when the session is updated (server/auth/options.ts), so this only asks; on success the page
 * reloads so nothing of the previous shop stays on screen or in caches.
 */
export function ShopSwitcher({ shops, currentShopId }: { shops: ShopOption[]; currentShopId: string }) {
  const { update } = useSession();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(shopId: string) {
    if (shopId === currentShopId) return;
    setBusy(true);
    setError(null);
    const next = await update({ shopId }).catch(() => null);
    if (!next || next.user.shopId !== shopId) {
      setBusy(false);
      setError("You can no longer switch to that shop. Ask its owner to invite you again.");
      return;
    }
    window.location.assign(homeFor(next.user.role));
  }

  return (
    <div className="mt-2">
      <label htmlFor={id} className="block text-xs font-medium text-stone-500">
        Switch shop
      </label>
      <select
        id={id}
        value={currentShopId}
        disabled={busy}
        onChange={(e) => void choose(e.target.value)}
        className="mt-1 block w-full rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm text-stone-900 ring-1 ring-inset ring-stone-300 focus:ring-2 focus:ring-brand-600 disabled:bg-stone-100"
      >
        {shops.map((s) => (
          <option key={s.shopId} value={s.shopId} title={`${s.shopName}: ${ROLE_LABEL[s.role]}`}>
            {s.shopName}
          </option>
        ))}
      </select>
      {busy && <p className="mt-1 text-xs text-stone-500">Switching…</p>}
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
    </div>
  );
}
