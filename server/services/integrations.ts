import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { generateIntegrationSecret, maskSecret } from "../domain/secrets";

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

export async function createIntegration(db: DbTx, shopId: string, input: { kind: IntegrationKind; name: string }) {
  const secret = generateIntegrationSecret(input.kind);
  const row = await db.integration.create({
    data: { shopId, kind: input.kind, name: input.name, secret },
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
  return db.integration.update({ where: { id }, data: { active }, select: { id: true, active: true } });
}
