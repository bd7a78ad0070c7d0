import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/server/api/server-caller";
import { requirePageRole } from "@/server/auth/guard";
import { DropForm } from "../../drop-form";

export const metadata: Metadata = { title: "Edit drop" };

export default async function EditDropPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(["OWNER", "MANAGER"]);
  const { id } = await params;
  const caller = await serverCaller();
  const drop = await caller.drops.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  // Live and past drops keep their plan: their page shows sell-through and the report instead.
  if (drop.status !== "SCHEDULED") redirect(`/drops/${id}`);
  return (
    <>
      <PageHeader title={`Edit ${drop.name}`} description="Changes re-check feasibility before you save." />
      <DropForm
        dropId={drop.id}
        initial={{
          name: drop.name,
          locationId: drop.location.id,
          startsLocal: drop.startsLocal,
          endsLocal: drop.endsLocal,
          channels: drop.channels,
          announcement: drop.announcement,
          campaign: drop.campaign ?? "",
          items: drop.items.map((i) => ({ productId: i.productId, cap: String(i.cap) })),
        }}
      />
    </>
  );
}
