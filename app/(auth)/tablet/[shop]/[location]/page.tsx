import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { db } from "@/server/db";
import { getSessionUser } from "@/server/auth/session";
import { getTabletView } from "@/server/services/pin-sign-in";
import { TABLET_COOKIE } from "@/server/services/tablet-devices";
import { TabletRegistration } from "../../tablet-registration";
import { PinPad } from "./pin-pad";

export const metadata: Metadata = { title: "Tablet sign-in" };
export const dynamic = "force-dynamic";

export default async function TabletSignInPage({ params }: { params: Promise<{ shop: string; location: string }> }) {
  const { shop, location } = await params;
  const token = (await cookies()).get(TABLET_COOKIE)?.value;
  const [view, user] = await Promise.all([getTabletView(db, { shopSlug: shop, locationCode: location, deviceToken: token }), getSessionUser()]);
  const here = `/tablet/${encodeURIComponent(shop)}/${encodeURIComponent(location)}`;
  return (
    <main className="min-h-dvh bg-gradient-to-br from-brand-50 to-stone-100 px-4 py-8">
      <div className="mx-auto w-full max-w-2xl">
        {view.state === "unregistered" ? (
          <TabletRegistration user={user} deviceToken={token} returnTo={here} wantedShopSlug={shop} wantedLocationCode={location} />
        ) : view.state === "other-location" ? (
          <div className="rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-stone-200">
            <h1 className="text-xl font-semibold">This tablet belongs to {view.device.location.name}</h1>
            <p className="mt-2 text-sm text-stone-600">It was registered for another location, so staff sign in there.</p>
            <Link
              href={`/tablet/${view.device.shop.slug}/${view.device.location.code}`}
              className="mt-4 inline-flex h-12 items-center rounded-md bg-brand-600 px-5 font-medium text-white"
            >
              Open the {view.device.location.name} sign-in
            </Link>
          </div>
        ) : (
          <>
            <header className="mb-6 text-center">
              <p className="text-sm font-medium text-brand-700">{view.device.shop.name}</p>
              <h1 className="text-2xl font-semibold tracking-tight">{view.device.location.name}</h1>
              <p className="mt-1 text-sm text-stone-600">Tap your name and enter your PIN.</p>
            </header>
            <PinPad location={view.device.location.code} people={view.people} signedInAs={user ? user.name : null} />
            <p className="mt-8 text-center text-sm text-stone-600">
              Counter tablet “{view.device.name}”. Owner or manager?{" "}
              <Link href={`/sign-in?callbackUrl=${encodeURIComponent("/settings/tablets")}`} className="font-medium text-brand-700 underline">
                Sign in with your password
              </Link>
              {user && user.role !== "STAFF" && (
                <>
                  {" · "}
                  <Link href="/settings/tablets" className="font-medium text-brand-700 underline">
                    Manage counter tablets
                  </Link>
                </>
              )}
              .
            </p>
          </>
        )}
      </div>
    </main>
  );
}
