import { db } from "@/server/db";
import { getSessionUser } from "@/server/auth/session";
import { handleRoute } from "@/server/http/responses";
import { dailyCloseCsvResponse } from "./csv-response";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request) => dailyCloseCsvResponse(db, await getSessionUser(), new URL(request.url)));
