-- DropIndex
DROP INDEX "Order_shopId_customerRef_placedAt_idx";

-- CreateIndex
CREATE INDEX "Order_shopId_customerRef_placedAt_status_idx" ON "Order"("shopId", "customerRef", "placedAt", "status", "businessDate", "locationId", "channel");

-- CreateIndex
CREATE INDEX "ResupplySuggestion_shopId_receivedAt_idx" ON "ResupplySuggestion"("shopId", "receivedAt");
