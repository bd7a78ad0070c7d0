import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { appUrl } from "@/server/env";
import { SettingsTabs } from "./settings-tabs";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageRole(["OWNER"]);
  return (
    <>
      <PageHeader
        title="Settings"
        description="People who can sign in, keys for integrator tools and the POS systems that send orders."
        actions={
          <>
            <Link href="/settings/webhooks" className="text-sm font-medium text-brand-700 underline">Outbound webhooks</Link>
            <Link href="/settings/jobs" className="text-sm font-medium text-brand-700 underline">Background jobs</Link>
            <Link href="/settings/tablets" className="text-sm font-medium text-brand-700 underline">Counter tablets</Link>
          </>
        }
      />
      <SettingsTabs baseUrl={appUrl()} />
    </>
  );
}
