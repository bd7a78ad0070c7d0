import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { InventoryTabs } from "./inventory-tabs";

export const metadata: Metadata = { title: "Inventory" };

export default async function InventoryPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Stock per location on the ledger, the components it is counted in, and the products whose kits use them."
      />
      <InventoryTabs />
    </>
  );
}
