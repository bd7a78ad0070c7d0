import type { Metadata } from "next";
import { requirePageRole } from "@/server/auth/guard";
import { DropDetail } from "./drop-detail";

export const metadata: Metadata = { title: "Drop" };

export default async function DropPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(["OWNER", "MANAGER"]);
  const { id } = await params;
  return <DropDetail id={id} />;
}
