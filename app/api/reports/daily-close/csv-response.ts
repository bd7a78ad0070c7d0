import type { DbTx } from "@/server/db";
import { DomainError } from "@/server/domain/errors";
import { closesToCsv } from "@/server/domain/reconcile-close";
import { hasRole, isRole, MANAGERS } from "@/server/domain/roles";
import { exportDailyCloses } from "@/server/services/daily-close";
import type { SessionUser } from "@/server/services/sign-in";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The CSV download behind /api/reports/daily-close: `?id=<close>` for one report, or
 * `?location=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD` for a range. Managers and owners only; every
 * lookup is scoped to the caller's shop. Kept apart from route.ts so tests can pass a session.
 */
export async function dailyCloseCsvResponse(db: DbTx, session: SessionUser | null, url: URL): Promise<Response> {
  if (!session) throw new DomainError("UNAUTHORIZED", "Sign in to download reports.");
  const membership = await db.membership.findUnique({
    where: { userId_shopId: { userId: session.id, shopId: session.shopId } },
    select: { role: true },
  });
  if (!membership || !isRole(membership.role)) throw new DomainError("UNAUTHORIZED", "Your access to this shop has ended.");
  if (!hasRole(membership.role, MANAGERS)) throw new DomainError("FORBIDDEN", "Only owners and managers can download daily close reports.");

  const id = url.searchParams.get("id") ?? undefined;
  const locationId = url.searchParams.get("location") ?? undefined;
  const from = url.searchParams.get("from") ?? undefined;
  const to = url.searchParams.get("to") ?? undefined;
  for (const [name, value] of [["from", from], ["to", to]] as const) {
    if (value !== undefined && !DATE.test(value)) throw new DomainError("BAD_REQUEST", `"${name}" must be a date like 2026-11-23.`);
  }
  if (!id && !from && !to) throw new DomainError("BAD_REQUEST", 'Pass "id" for one close or "from"/"to" for a range.');
  if (locationId) {
    const location = await db.location.findFirst({ where: { id: locationId, shopId: session.shopId }, select: { id: true } });
    if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  }
  const summaries = await exportDailyCloses(db, session.shopId, { id, locationId, from, to });
  const first = summaries[0];
  const name = id && first ? `daily-close-${first.location.code}-${first.businessDate}.csv` : `daily-close-${from ?? "start"}-to-${to ?? "today"}.csv`;
  return new Response(closesToCsv(summaries), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
