import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/server/auth/guard";
import { OrderDetail } from "./order-detail";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(["OWNER", "MANAGER"]);
  const { id } = await params;
  return (
    <>
      <Link href="/orders" className="mb-3 inline-block text-sm text-brand-700 underline">← All orders</Link>
      <OrderDetail id={id} />
    </>
  );
}
