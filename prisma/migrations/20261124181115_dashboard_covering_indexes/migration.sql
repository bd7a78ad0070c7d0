-- DropIndex
DROP INDEX "Order_shopId_businessDate_idx";

-- DropIndex
DROP INDEX "StockMovement_shopId_type_occurredAt_idx";

-- DropIndex
DROP INDEX "StockMovement_locationId_componentId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "Order_shopId_businessDate_channel_locationId_status_subtotalMinor_refundedMinor_customerRef_placedAt_idx" ON "Order"("shopId", "businessDate", "channel", "locationId", "status", "subtotalMinor", "refundedMinor", "customerRef", "placedAt");

-- CreateIndex
CREATE INDEX "StockMovement_locationId_componentId_occurredAt_quantity_idx" ON "StockMovement"("locationId", "componentId", "occurredAt", "quantity");

-- CreateIndex
CREATE INDEX "StockMovement_shopId_type_occurredAt_componentId_quantity_locationId_idx" ON "StockMovement"("shopId", "type", "occurredAt", "componentId", "quantity", "locationId");
