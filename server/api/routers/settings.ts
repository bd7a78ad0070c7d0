import { z } from "zod";
import { ROLES } from "../../domain/roles";
import { API_KEY_SCOPES } from "../../domain/secrets";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys";
import {
  createIntegration,
  listIntegrations,
  rotateIntegrationSecret,
  setIntegrationActive,
} from "../../services/integrations";
import { getShopProfile } from "../../services/shops";
import { assignMemberLocations, changeMemberRole, inviteMember, listMembers, removeMember } from "../../services/users";
import { createTRPCRouter, managerProcedure, ownerProcedure } from "../trpc";

const id = z.string().min(1).max(64);

export const settingsRouter = createTRPCRouter({
  members: ownerProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.shopId)),
  inviteMember: ownerProcedure
    .input(
      z.object({
        email: z.email("Enter a valid email address").max(200),
        name: z.string().trim().min(1, "Enter a name").max(100),
        role: z.enum(ROLES),
        locationIds: z.array(id).max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.shopId, input)),
  changeRole: ownerProcedure
    .input(z.object({ membershipId: id, role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.shopId, input.membershipId, input.role)),
  removeMember: ownerProcedure
    .input(z.object({ membershipId: id }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.shopId, input.membershipId, ctx.userId)),
  assignLocations: ownerProcedure
    .input(z.object({ membershipId: id, locationIds: z.array(id).max(200) }))
    .mutation(({ ctx, input }) => assignMemberLocations(ctx.db, ctx.shopId, input.membershipId, input.locationIds)),

  apiKeys: ownerProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.shopId)),
  createApiKey: ownerProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Give the key a name").max(80, "Keep the name under 80 characters"),
        scope: z.enum(API_KEY_SCOPES, { error: "Choose what the key may do" }).default("write"),
      }),
    )
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.shopId, input.name, input.scope)),
  revokeApiKey: ownerProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.shopId, input.id)),

  integrations: ownerProcedure.query(({ ctx }) => listIntegrations(ctx.db, ctx.shopId)),
  createIntegration: ownerProcedure
    .input(z.object({ kind: z.enum(["generic", "shopify"]), name: z.string().trim().min(1, "Give the integration a name").max(80) }))
    .mutation(({ ctx, input }) => createIntegration(ctx.db, ctx.shopId, input)),
  rotateIntegrationSecret: ownerProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => rotateIntegrationSecret(ctx.db, ctx.shopId, input.id)),
  setIntegrationActive: ownerProcedure
    .input(z.object({ id, active: z.boolean() }))
    .mutation(({ ctx, input }) => setIntegrationActive(ctx.db, ctx.shopId, input.id, input.active)),

  /** Shop profile: readable by managers (time zone matters to every report). */
  shop: managerProcedure.query(({ ctx }) => getShopProfile(ctx.db, ctx.shopId)),
});
