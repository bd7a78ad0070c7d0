import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/server/auth/guard";
import { IntegrationDetail } from "./integration-detail";

export const metadata: Metadata = { title: "POS integration" };

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(["OWNER"]);
  const { id } = await params;
  return (
    <>
      <Link href="/settings" className="mb-3 inline-block text-sm text-brand-700 underline">← Settings</Link>
      <IntegrationDetail id={id} />
    </>
  );
}
