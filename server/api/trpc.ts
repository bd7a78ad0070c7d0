import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "../db";
import { isDomainError } from "../domain/errors";
import { hasRole, isRole, MANAGERS, OWNERS, EVERYONE, type Role } from "../domain/roles";
import type { SessionUser } from "../services/sign-in";
import { locationScopeOf } from "../services/shifts";
import { toTrpcError } from "./error-map";

export type TrpcContext = { db: Db; session: SessionUser | null };

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field messages for forms: { "items.0.quantity": ["Must be at least 1"] }.
        fieldErrors:
          cause instanceof ZodError
            ? Object.fromEntries(cause.issues.map((i) => [i.path.join("."), [i.message]]))
            : isDomainError(cause) &&
                typeof cause.details === "object" &&
                cause.details !== null &&
                "fields" in cause.details
              ? Object.fromEntries(
                  Object.entries((cause.details as { fields: Record<string, string> }).fields).map(([k, v]) => [k, [v]]),
                )
              : null,
        details: isDomainError(cause) ? (cause.details ?? null) : null,
        stack: undefined,
      },
      message: cause instanceof ZodError ? z.prettifyError(cause) : shape.message,
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps DomainError to tRPC codes for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    throw toTrpcError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Signed-in member of a shop with one of `roles`. The role is re-read from the membership on every
 * call so a removed or demoted user loses access at once, whatever their token says.
 */
function roleProcedure(roles: readonly Role[]) {
  return publicProcedure.use(async ({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    const membership = await ctx.db.membership.findUnique({
      where: { userId_shopId: { userId: ctx.session.id, shopId: ctx.session.shopId } },
      select: { id: true, role: true, locations: { select: { locationId: true } } },
    });
    if (!membership || !isRole(membership.role)) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Your access to this shop has ended." });
    }
    if (!hasRole(membership.role, roles)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role cannot do this." });
    }
    return next({
      ctx: {
        ...ctx,
        shopId: ctx.session.shopId,
        userId: ctx.session.id,
        role: membership.role,
        membershipId: membership.id,
        /**
         * Locations a STAFF member may act at, never empty: unassigned staff get an id that matches
         * no location, so every "only these ids" check refuses them. Owners and managers: [] (unrestricted).
         */
        assignedLocationIds: locationScopeOf(membership.role, membership.locations.map((l) => l.locationId)),
      },
    });
  });
}

export const memberProcedure = roleProcedure(EVERYONE);
export const managerProcedure = roleProcedure(MANAGERS);
export const ownerProcedure = roleProcedure(OWNERS);
