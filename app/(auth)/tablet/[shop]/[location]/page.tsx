import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/server/db";
import { getSessionUser } from "@/server/auth/session";
import { listTabletStaff } from "@/server/services/pin-sign-in";
import { PinPad } from "./pin-pad";

export const metadata: Metadata = { title: "Tablet sign-in" };
export const dynamic = "force-dynamic";

export default async function TabletSignInPage({ params }: { params: Promise<{ shop: string; location: string }> }) {
  const { shop, location } = await params;
  const tablet = await listTabletStaff(db, { shopSlug: shop, locationCode: location });
  const user = await getSessionUser();
  return (
    <main className="min-h-dvh bg-gradient-to-br from-brand-50 to-stone-100 px-4 py-8">
      <div className="mx-auto w-full max-w-2xl">
        {!tablet ? (
          <div className="rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-stone-200">
            <h1 className="text-xl font-semibold">This tablet address is not known</h1>
            <p className="mt-2 text-sm text-stone-600">Check the shop and location codes with the owner.</p>
            <Link href="/tablet" className="mt-4 inline-block font-medium text-brand-700 underline">
              Set up the tablet again
            </Link>
          </div>
        ) : (
          <>
            <header className="mb-6 text-center">
              <p className="text-sm font-medium text-brand-700">{tablet.shopName}</p>
              <h1 className="text-2xl font-semibold tracking-tight">{tablet.locationName}</h1>
              <p className="mt-1 text-sm text-stone-600">Tap your name and enter your PIN.</p>
            </header>
            <PinPad
              shop={shop}
              location={location}
              people={tablet.people}
              signedInAs={user ? user.name : null}
            />
            <p className="mt-8 text-center text-sm text-stone-600">
              Owner or manager? <Link href="/sign-in" className="font-medium text-brand-700 underline">Sign in with your password</Link>.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
