import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { OrdersView } from "./orders-view";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order your POS sent, with what it took from stock. SKUs the catalog does not know wait in the inbox below until you map them to a product."
      />
      <OrdersView />
    </>
  );
}
