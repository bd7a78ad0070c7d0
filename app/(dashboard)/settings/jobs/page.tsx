import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { JobsPanel } from "./jobs-panel";

export const metadata: Metadata = { title: "Background jobs" };

export default async function JobsPage() {
  const user = await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Background jobs"
        description="What runs on its own: resupply checks, outbound events, reconciliation. Each run is recorded with its duration and outcome."
        actions={
          user.role === "OWNER" ? (
            <Link href="/settings" className="text-sm font-medium text-brand-700 underline">
              Back to settings
            </Link>
          ) : undefined
        }
      />
      <JobsPanel canRun={user.role === "OWNER"} />
    </>
  );
}
