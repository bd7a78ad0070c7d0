import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/server/auth/guard";
import { ComponentHistory } from "./component-history";

export const metadata: Metadata = { title: "Component history" };

export default async function ComponentHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(["OWNER", "MANAGER"]);
  const { id } = await params;
  return (
    <>
      <Link href="/inventory" className="mb-3 inline-block text-sm text-brand-700 hover:underline">
        ← Inventory
      </Link>
      <ComponentHistory componentId={id} />
    </>
  );
}
