-- DropIndex
DROP INDEX "OrderTag_shopId_tag_businessDate_idx";

-- CreateIndex
CREATE INDEX "OrderTag_shopId_tag_businessDate_orderId_idx" ON "OrderTag"("shopId", "tag", "businessDate", "orderId");
