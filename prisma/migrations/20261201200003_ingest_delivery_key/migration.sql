-- DropIndex
DROP INDEX "WebhookDelivery_integrationId_deliveryId_key";

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN "posLineId" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN "deliveryKey" TEXT;

-- Backfill: accepted rows keep their delivery id as the idempotency key; refused (INVALID) rows
-- hold no key, so a POS retry of them is evaluated again.
UPDATE "WebhookDelivery" SET "deliveryKey" = "deliveryId" WHERE "status" <> 'INVALID';
UPDATE "WebhookDelivery" SET "dedupeKey" = NULL WHERE "status" = 'INVALID';

-- CreateIndex
CREATE INDEX "WebhookDelivery_integrationId_deliveryId_idx" ON "WebhookDelivery"("integrationId", "deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_integrationId_deliveryKey_key" ON "WebhookDelivery"("integrationId", "deliveryKey");
