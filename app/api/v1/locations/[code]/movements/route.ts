import { z } from "zod";
import { db } from "@/server/db";
import { DomainError } from "@/server/domain/errors";
import { MAX_QUANTITY } from "@/server/domain/catalog";
import { requireApiKey } from "@/server/http/api-key-auth";
import { handleRoute, readJsonBody } from "@/server/http/responses";
import { applyStockActions, findLocationByCode } from "@/server/services/stock";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  movements: z
    .array(
      z.object({
        type: z.enum(["receipt", "waste", "count"], { error: "type must be receipt, waste or count" }),
        component: z.string().min(1, "component is required").max(64),
        quantity: z.number().int("quantity must be a whole number").min(0, "quantity cannot be negative").max(MAX_QUANTITY),
        reason: z.string().max(200).optional(),
      }),
    )
    .min(1, "Send at least one movement")
    .max(1000, "At most 1000 movements per request"),
});

/** Receipts, waste and counts at one location; all-or-nothing (DESIGN.md contract). */
export const POST = handleRoute(async (request: Request, context: { params: Promise<{ code: string }> }) => {
  const { shopId } = await requireApiKey(request);
  const { code } = await context.params;
  const location = await findLocationByCode(db, shopId, code);
  const raw = await readJsonBody(request);
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [, index] = issue?.path ?? [];
    const entry = typeof index === "number" ? `movements[${index}]` : "body";
    throw new DomainError("UNPROCESSABLE", `${entry}: ${issue?.message ?? "invalid"}`, {
      entry,
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const { movements } = parsed.data;
  const codes = [...new Set(movements.map((m) => m.component))];
  const components = await db.component.findMany({ where: { shopId, code: { in: codes } }, select: { id: true, code: true } });
  const idOf = new Map(components.map((c) => [c.code, c.id]));
  const codeOf = new Map(components.map((c) => [c.id, c.code]));
  movements.forEach((m, i) => {
    if (!idOf.has(m.component)) {
      throw new DomainError("UNPROCESSABLE", `movements[${i}]: unknown component ${m.component}`, { entry: `movements[${i}]`, component: m.component });
    }
  });
  const results = await applyStockActions(
    db,
    shopId,
    location.id,
    movements.map((m) => ({ type: m.type, componentId: idOf.get(m.component) ?? "", quantity: m.quantity, reason: m.reason ?? null })),
  );
  return Response.json(
    {
      location: location.code,
      movements: results.map((r, i) => ({ type: movements[i]?.type, component: codeOf.get(r.componentId), delta: r.delta, onHand: r.onHand })),
    },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
});
