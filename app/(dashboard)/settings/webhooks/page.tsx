import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { WebhooksPanel } from "./webhooks-panel";

export const metadata: Metadata = { title: "Outbound webhooks" };

export default async function WebhooksPage() {
  await requirePageRole(["OWNER"]);
  return (
    <>
      <PageHeader
        title="Outbound webhooks"
        description="Backroom sends its own signed events (orders, low stock, resupply, drops, anomalies) to the tools you subscribe here."
        actions={
          <Link href="/settings" className="text-sm font-medium text-brand-700 underline">
            Back to settings
          </Link>
        }
      />
      <WebhooksPanel />
    </>
  );
}
