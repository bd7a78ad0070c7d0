import type { DbTx } from "../db";
import { DomainError, invalidFields } from "../domain/errors";
import { generateIntegrationSecret, maskSecret } from "../domain/secrets";
import { forgetCachedIntegrations } from "./ingest";
import { isUniqueViolation } from "../db-errors";

export type IntegrationKind = "generic" | "shopify";

/** How long a rotated-out secret still verifies, so deliveries in flight are not refused. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function webhookPath(integrationId: string): string {
  return `/api/webhooks/pos/${integrationId}`;
}

export async function listIntegrations(db: DbTx, shopId: string) {
  const rows = await db.integration.findMany({
    where: { shopId },
    select: { id: true, kind: true, name: true, active: true, createdAt: true, secret: true, previousSecretExpiresAt: true },
    orderBy: { createdAt: "asc" },
  });
  // The secret itself never leaves the server after creation; a hint lets the owner recognise it.
  return rows.map(({ secret, ...rest }) => ({ ...rest, secretHint: maskSecret(secret), path: webhookPath(rest.id) }));
}

/** New integrations send orders that name no known location to the shop's `main` location, when it has one. */
export async function createIntegration(db: DbTx, shopId: string, input: { kind: IntegrationKind; name: string }) {
  const secret = generateIntegrationSecret(input.kind);
  const main = await db.location.findUnique({ where: { shopId_code: { shopId, code: "main" } }, select: { id: true } });
  const row = await db.integration.create({
    data: { shopId, kind: input.kind, name: input.name, secret, defaultLocationId: main?.id ?? null },
    select: { id: true, kind: true, name: true, createdAt: true },
  });
  return { ...row, secret, path: webhookPath(row.id) };
}

/** New secret shown once; the previous one keeps verifying for ROTATION_GRACE_MS. */
export async function rotateIntegrationSecret(db: DbTx, shopId: string, id: string, now = new Date()) {
  const existing = await db.integration.findFirst({ where: { id, shopId }, select: { id: true, kind: true, secret: true } });
  if (!existing) throw new DomainError("NOT_FOUND", "Integration not found.");
  const secret = generateIntegrationSecret(existing.kind === "shopify" ? "shopify" : "generic");
  await db.integration.update({
    where: { id },
    data: { secret, previousSecret: existing.secret, previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS) },
  });
  return { id, secret, path: webhookPath(id) };
}

export async function setIntegrationActive(db: DbTx, shopId: string, id: string, active: boolean) {
  const existing = await db.integration.findFirst({ where: { id, shopId }, select: { id: true } });
  if (!existing) throw new DomainError("NOT_FOUND", "Integration not found.");
  const updated = await db.integration.update({ where: { id }, data: { active }, select: { id: true, active: true } });
  // A paused integration must refuse deliveries from now on, not once the cache expires.
  forgetCachedIntegrations();
  return updated;
}

/**
 * The location settings of one integration: its default location and, per Backroom location, the
 * POS's own id for it (`posRef`, e.g. Shopify's numeric location_id), which orders resolve through.
 */
export async function getIntegrationLocations(db: DbTx, shopId: string, integrationId: string) {
  const integration = await db.integration.findFirst({ where: { id: integrationId, shopId }, select: { id: true, defaultLocationId: true } });
  if (!integration) throw new DomainError("NOT_FOUND", "Integration not found.");
  const locations = await db.location.findMany({
    where: { shopId },
    orderBy: [{ active: "desc" }, { code: "asc" }],
    select: { id: true, code: true, name: true, kind: true, active: true, posRef: true },
  });
  return { defaultLocationId: integration.defaultLocationId, locations };
}

/** Sets (or clears, with null) where orders go that name no location Backroom knows. */
export async function setIntegrationDefaultLocation(db: DbTx, shopId: string, integrationId: string, locationId: string | null) {
  const integration = await db.integration.findFirst({ where: { id: integrationId, shopId }, select: { id: true } });
  if (!integration) throw new DomainError("NOT_FOUND", "Integration not found.");
  if (locationId) {
    const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true } });
    if (!location) throw invalidFields("Choose one of the shop's locations.", { locationId: "Choose one of the shop's locations." });
  }
  const updated = await db.integration.update({ where: { id: integrationId }, data: { defaultLocationId: locationId }, select: { id: true, defaultLocationId: true } });
  // Deliveries are checked against cached settings; the next one should see this change.
  forgetCachedIntegrations();
  return updated;
}

const POS_REF = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

/**
 * Links a Backroom location to the POS's id for it (unique per shop), or unlinks it with null.
 * Shopify location ids are numbers (Settings → Locations, the number at the end of the URL).
 */
export async function setLocationPosRef(db: DbTx, shopId: string, locationId: string, posRef: string | null) {
  const location = await db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true } });
  if (!location) throw new DomainError("NOT_FOUND", "Location not found.");
  const value = posRef?.trim() || null;
  if (value !== null) {
    if (value.length > 64) throw invalidFields("POS location id is too long.", { posRef: "At most 64 characters." });
    if (!POS_REF.test(value)) throw invalidFields("POS location id has characters a POS id never has.", { posRef: "Letters, digits and - _ . : / only, e.g. 68357324979." });
    const taken = await db.location.findFirst({ where: { shopId, posRef: value, id: { not: locationId } }, select: { code: true } });
    if (taken) throw invalidFields("POS location id already used.", { posRef: `Already linked to location ${taken.code}.` });
  }
  try {
    const updated = await db.location.update({ where: { id: locationId }, data: { posRef: value }, select: { id: true, code: true, posRef: true } });
    forgetCachedIntegrations();
    return updated;
  } catch (error) {
    // Two owners linking the same id at once: the unique index decides.
    if (isUniqueViolation(error)) throw invalidFields("POS location id already used.", { posRef: "Already linked to another location." });
    throw error;
  }
}
