-- DropIndex
DROP INDEX "Order_shopId_customerRef_placedAt_idx";

-- CreateTable
CREATE TABLE "DashboardSalesDay" (
    "shopId" TEXT NOT NULL,
    "businessDate" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "grossMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedOrders" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "businessDate", "locationId", "channel")
);

-- CreateIndex
CREATE INDEX "Order_shopId_customerRef_placedAt_status_idx" ON "Order"("shopId", "customerRef", "placedAt", "status", "businessDate", "locationId", "channel");

-- CreateIndex
CREATE INDEX "ResupplySuggestion_shopId_receivedAt_idx" ON "ResupplySuggestion"("shopId", "receivedAt");

-- Sales rollup: DashboardSalesDay follows every insert, change and delete of an order, in the same
-- transaction, so it always equals grouping the non-cancelled orders by day, location and channel.
INSERT INTO "DashboardSalesDay" ("shopId", "businessDate", "locationId", "channel", "orders", "grossMinor", "refundedMinor", "refundedOrders")
SELECT "shopId", "businessDate", COALESCE("locationId", ''), "channel", COUNT(*), SUM("subtotalMinor"), SUM("refundedMinor"), SUM("refundedMinor" > 0)
  FROM "Order" WHERE "status" <> 'CANCELLED'
 GROUP BY "shopId", "businessDate", COALESCE("locationId", ''), "channel";

CREATE TRIGGER "Order_sales_day_insert" AFTER INSERT ON "Order" WHEN NEW."status" <> 'CANCELLED'
BEGIN
  INSERT INTO "DashboardSalesDay" ("shopId", "businessDate", "locationId", "channel", "orders", "grossMinor", "refundedMinor", "refundedOrders")
  VALUES (NEW."shopId", NEW."businessDate", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor", NEW."refundedMinor", NEW."refundedMinor" > 0)
  ON CONFLICT ("shopId", "businessDate", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "grossMinor" = "grossMinor" + excluded."grossMinor",
    "refundedMinor" = "refundedMinor" + excluded."refundedMinor",
    "refundedOrders" = "refundedOrders" + excluded."refundedOrders";
END;

CREATE TRIGGER "Order_sales_day_update" AFTER UPDATE OF "shopId", "status", "subtotalMinor", "refundedMinor", "businessDate", "locationId", "channel" ON "Order"
BEGIN
  UPDATE "DashboardSalesDay" SET
    "orders" = "orders" - 1,
    "grossMinor" = "grossMinor" - OLD."subtotalMinor",
    "refundedMinor" = "refundedMinor" - OLD."refundedMinor",
    "refundedOrders" = "refundedOrders" - (OLD."refundedMinor" > 0)
  WHERE OLD."status" <> 'CANCELLED' AND "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
  INSERT INTO "DashboardSalesDay" ("shopId", "businessDate", "locationId", "channel", "orders", "grossMinor", "refundedMinor", "refundedOrders")
  SELECT NEW."shopId", NEW."businessDate", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor", NEW."refundedMinor", NEW."refundedMinor" > 0
   WHERE NEW."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "businessDate", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "grossMinor" = "grossMinor" + excluded."grossMinor",
    "refundedMinor" = "refundedMinor" + excluded."refundedMinor",
    "refundedOrders" = "refundedOrders" + excluded."refundedOrders";
END;

CREATE TRIGGER "Order_sales_day_delete" AFTER DELETE ON "Order" WHEN OLD."status" <> 'CANCELLED'
BEGIN
  UPDATE "DashboardSalesDay" SET
    "orders" = "orders" - 1,
    "grossMinor" = "grossMinor" - OLD."subtotalMinor",
    "refundedMinor" = "refundedMinor" - OLD."refundedMinor",
    "refundedOrders" = "refundedOrders" - (OLD."refundedMinor" > 0)
  WHERE "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
END;
