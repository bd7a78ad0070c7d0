import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { DropsView } from "./drops-view";

export const metadata: Metadata = { title: "Drops" };

export default async function DropsPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Drops"
        description="Limited-time menus with caps per product. Backroom checks that the stock can feed them, starts and ends them on time and reports how they sold."
        actions={
          <Link href="/drops/new" className="inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            Plan a drop
          </Link>
        }
      />
      <DropsView />
    </>
  );
}
