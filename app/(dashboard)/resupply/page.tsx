import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { ResupplyTabs } from "./resupply-tabs";

export const metadata: Metadata = { title: "Resupply" };

export default async function ResupplyPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Resupply"
        description="What to order, from whom and for which delivery window, raised from the usage forecast before a component runs out."
      />
      <ResupplyTabs />
    </>
  );
}
