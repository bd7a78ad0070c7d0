import Link from "next/link";
import { db } from "@/server/db";
import { isDomainError } from "@/server/domain/errors";
import type { SessionUser } from "@/server/services/sign-in";
import { getTabletRegistration } from "@/server/services/tablet-devices";
import { RegisterDeviceForm } from "@/app/(dashboard)/settings/tablets/register-device-form";
import { ManagerSignInButton } from "./manager-sign-in-button";

/**
 * Shown on a browser that is not (or no longer) a registered counter tablet: what to do, and the
 * registration form itself when an owner or manager is signed in here. Names nobody.
 */
export async function TabletRegistration({
  user,
  deviceToken,
  returnTo,
  wantedLocationCode,
  wantedShopSlug,
}: {
  user: SessionUser | null;
  deviceToken: string | undefined;
  returnTo: string;
  wantedLocationCode?: string;
  wantedShopSlug?: string;
}) {
  const registration = user ? await getTabletRegistration(db, user, deviceToken).catch((e: unknown) => (isDomainError(e) ? null : Promise.reject(e))) : null;
  const wanted =
    registration && (!wantedShopSlug || wantedShopSlug === registration.shopSlug)
      ? registration.locations.find((l) => l.code === wantedLocationCode)
      : undefined;
  return (
    <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
      <h1 className="text-xl font-semibold">This device is not a counter tablet yet</h1>
      <p className="mt-2 text-sm text-stone-600">
        Staff PIN sign-in only works on a tablet the owner or a manager has registered. To register this one, sign in on it with your email and password, then
        register it here or under Settings → Counter tablets. Staff then tap their name and enter their PIN.
      </p>
      {registration ? (
        <div className="mt-5 border-t border-stone-200 pt-5">
          <h2 className="mb-3 text-base font-semibold">Register this device</h2>
          <RegisterDeviceForm locations={registration.locations} defaultLocationId={wanted?.id} replacing={null} />
          <p className="mt-4 text-sm text-stone-600">
            <Link href="/settings/tablets" className="font-medium text-brand-700 underline">
              Manage counter tablets
            </Link>
          </p>
        </div>
      ) : (
        <div className="mt-5 space-y-2">
          {user && <p className="text-sm text-stone-700">You are signed in as {user.name}. Only an owner or manager can register a tablet.</p>}
          <ManagerSignInButton returnTo={returnTo} signedIn={!!user} />
        </div>
      )}
    </div>
  );
}
