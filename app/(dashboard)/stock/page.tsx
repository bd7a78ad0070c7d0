import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { StaffStock } from "./staff-stock";

export const metadata: Metadata = { title: "Stock counts" };

export default async function StockPage() {
  await requirePageRole(["OWNER", "MANAGER", "STAFF"]);
  return (
    <>
      <PageHeader title="Stock counts" description="Count what is on the shelf, log waste, and record deliveries as they arrive." />
      <StaffStock />
    </>
  );
}
