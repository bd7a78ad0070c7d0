import { Badge } from "@/components/ui/card";

const TONES = { SCHEDULED: "info", LIVE: "good", ENDED: "neutral", CANCELLED: "bad" } as const;
const LABELS = { SCHEDULED: "Scheduled", LIVE: "Live", ENDED: "Ended", CANCELLED: "Cancelled" } as const;

export function DropStatusBadge({ status }: { status: string }) {
  const key = status in TONES ? (status as keyof typeof TONES) : "ENDED";
  return <Badge tone={TONES[key]}>{LABELS[key]}</Badge>;
}
