import { Badge } from "@/components/ui/card";

export function OrderStatusBadge({ status }: { status: string }) {
  if (status === "CANCELLED") return <Badge tone="bad">Cancelled</Badge>;
  if (status === "REFUNDED") return <Badge tone="warn">Refunded</Badge>;
  return <Badge tone="good">Open</Badge>;
}

export function DeliveryStatusBadge({ status }: { status: string }) {
  const tone = status === "PROCESSED" ? "good" : status === "PENDING" ? "info" : status === "INVALID" ? "warn" : "bad";
  return <Badge tone={tone}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}
