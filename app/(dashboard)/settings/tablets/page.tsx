import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Card, PageHeader } from "@/components/ui/card";
import { db } from "@/server/db";
import { requirePageRole } from "@/server/auth/guard";
import { getTabletRegistration, TABLET_COOKIE } from "@/server/services/tablet-devices";
import { RegisterDeviceForm } from "./register-device-form";
import { TabletsPanel } from "./tablets-panel";

export const metadata: Metadata = { title: "Counter tablets" };
export const dynamic = "force-dynamic";

export default async function TabletsPage() {
  const user = await requirePageRole(["OWNER", "MANAGER"]);
  const registration = await getTabletRegistration(db, user, (await cookies()).get(TABLET_COOKIE)?.value);
  const current = registration.currentDevice;
  return (
    <>
      <PageHeader
        title="Counter tablets"
        description="Staff sign in with a tap and their PIN only on a device registered here. To register one, sign in on that device and use “Register this device”."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <TabletsPanel currentDeviceId={current?.id ?? null} shopSlug={registration.shopSlug} />
        <Card title="Register this device">
          <p className="mb-3 text-sm text-stone-600">
            {current
              ? `This browser is the counter tablet “${current.name}” of ${current.location.name}.`
              : "Use this on the shared tablet itself. It keeps a private key in this browser; staff PINs then work here for the location you pick, and nowhere else."}
          </p>
          <RegisterDeviceForm locations={registration.locations} defaultLocationId={current?.locationId} replacing={current?.name ?? null} />
        </Card>
      </div>
    </>
  );
}
