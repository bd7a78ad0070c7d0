import type { DbTx } from "@/server/db";
import { closesToCsv } from "@/server/domain/reconcile-close";
import { exportDailyCloses } from "@/server/services/daily-close";
import type { SessionUser } from "@/server/services/sign-in";

/**
 * The CSV download behind /api/reports/daily-close: `?id=<close>` for one report, or
 * `?location=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD` for a range. Reads the query and shapes the
 * response; who may download what is services/daily-close.ts#exportDailyCloses. Kept apart from
 * route.ts so tests can pass a session.
 */
export async function dailyCloseCsvResponse(db: DbTx, session: SessionUser | null, url: URL): Promise<Response> {
  const param = (name: string) => url.searchParams.get(name) || undefined;
  const input = { id: param("id"), locationId: param("location"), from: param("from"), to: param("to") };
  const { summaries, filename } = await exportDailyCloses(db, session, input);
  return new Response(closesToCsv(summaries), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
