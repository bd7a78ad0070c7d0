import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/auth/guard";
import { ChannelsView } from "./channels-view";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  return (
    <>
      <PageHeader
        title="Channels"
        description="Where orders come from, the buffers each channel holds at a location, and what each channel may still sell right now — the same numbers the availability feed gives your tools."
      />
      <ChannelsView />
    </>
  );
}
