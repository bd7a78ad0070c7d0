import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { DashboardView } from "./dashboard-view";
import { parseFilters } from "./filters";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole(["OWNER", "MANAGER"]);
  const filters = parseFilters(await searchParams);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Revenue per channel, campaign and tag, with the KPIs that matter each morning. Every figure compares with the period just before; click the i beside a figure for how it is defined."
      />
      <DashboardView initial={filters} />
    </>
  );
}
