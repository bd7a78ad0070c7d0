import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/server/api/server-caller";
import { requirePageRole } from "@/server/auth/guard";
import { tomorrowLocalDate } from "@/server/domain/drop-time";
import { DropForm } from "../drop-form";

export const metadata: Metadata = { title: "Plan a drop" };

export default async function NewDropPage() {
  await requirePageRole(["OWNER", "MANAGER"]);
  const options = await (await serverCaller()).drops.options();
  const main = options.locations.find((l) => l.code === "main") ?? options.locations[0];
  // Tomorrow evening in the shop's zone is the usual slot for a drop.
  const tomorrow = tomorrowLocalDate(options.timeZone);
  const channels = options.channels.filter((c) => c.code === "online" || c.code === "preorder-qr").map((c) => c.code);
  return (
    <>
      <PageHeader title="Plan a drop" description="Pick the products and caps; Backroom checks them against the stock projected at the start and says what to order." />
      <DropForm
        initial={{
          name: "",
          locationId: main?.id ?? "",
          startsLocal: `${tomorrow}T22:00`,
          endsLocal: `${tomorrow}T23:59`,
          channels: channels.length ? channels : options.channels.slice(0, 1).map((c) => c.code),
          announcement: "",
          campaign: "",
          items: [{ productId: "", cap: "" }],
        }}
      />
    </>
  );
}
