import { checkHealth } from "@/server/services/health";
import { db } from "@/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await checkHealth(db);
  return Response.json(ok ? { ok: true } : { ok: false }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
