import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { ShiftNotesView } from "./shift-notes-view";

export const metadata: Metadata = { title: "Shift notes" };

export default async function ShiftNotesPage({ searchParams }: { searchParams: Promise<{ location?: string }> }) {
  const user = await requirePageRole(["OWNER", "MANAGER", "STAFF"]);
  return (
    <>
      <PageHeader
        title="Shift notes"
        description="What the last shift wants you to know, and what this shift should hand over. Unread notes come first; acknowledge them once you have read them."
      />
      <ShiftNotesView role={user.role} userId={user.id} initialLocation={(await searchParams).location} />
    </>
  );
}
