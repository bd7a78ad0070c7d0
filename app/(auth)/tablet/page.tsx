import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/server/db";
import { getSessionUser } from "@/server/auth/session";
import { findTabletDevice, TABLET_COOKIE } from "@/server/services/tablet-devices";
import { TabletRegistration } from "./tablet-registration";

export const metadata: Metadata = { title: "Set up a counter tablet" };
export const dynamic = "force-dynamic";

/** A registered tablet goes straight to its sign-in page; any other browser learns how to register. */
export default async function TabletSetupPage() {
  const token = (await cookies()).get(TABLET_COOKIE)?.value;
  const device = await findTabletDevice(db, token);
  if (device) redirect(`/tablet/${device.shop.slug}/${device.location.code}`);
  return (
    <main className="min-h-dvh bg-gradient-to-br from-brand-50 to-stone-100 px-4 py-8">
      <div className="mx-auto w-full max-w-xl">
        <TabletRegistration user={await getSessionUser()} deviceToken={token} returnTo="/tablet" />
      </div>
    </main>
  );
}
