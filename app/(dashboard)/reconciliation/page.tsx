import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { ReconciliationTabs } from "./reconciliation-tabs";

export const metadata: Metadata = { title: "Reconciliation" };

export default async function ReconciliationPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Every night Backroom compares the latest counts with the ledger, books the difference, and flags what needs a look. Daily close reports sum up each location's day."
      />
      <ReconciliationTabs />
    </>
  );
}
