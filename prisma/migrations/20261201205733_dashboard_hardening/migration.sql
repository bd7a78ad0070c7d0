-- Order: the repeat flag kept by the triggers below, and the dashboard's covering indexes.
ALTER TABLE "Order" ADD COLUMN "repeatWithin60d" BOOLEAN NOT NULL DEFAULT false;

DROP INDEX "Order_shopId_businessDate_channel_locationId_status_subtotalMinor_refundedMinor_customerRef_placedAt_idx";
DROP INDEX "Order_shopId_placedAt_idx";
DROP INDEX "Order_shopId_customerRef_placedAt_idx";
CREATE INDEX "Order_dashboard_day_idx" ON "Order"("shopId", "businessDate", "channel", "locationId", "status", "subtotalMinor", "refundedMinor", "customerRef", "placedAt", "repeatWithin60d");
CREATE INDEX "Order_dashboard_time_idx" ON "Order"("shopId", "placedAt", "campaign", "status", "subtotalMinor", "refundedMinor", "businessDate", "locationId", "channel");
CREATE INDEX "Order_dashboard_id_idx" ON "Order"("id", "shopId", "status", "subtotalMinor", "refundedMinor", "businessDate", "locationId", "channel", "placedAt", "fulfilledAt");
CREATE INDEX "Order_shopId_customerRef_placedAt_status_idx" ON "Order"("shopId", "customerRef", "placedAt", "status", "businessDate", "locationId", "channel", "repeatWithin60d");

-- CreateIndex
CREATE INDEX "ResupplySuggestion_shopId_receivedAt_idx" ON "ResupplySuggestion"("shopId", "receivedAt");

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

-- CreateTable
CREATE TABLE "DashboardLedgerDay" (
    "shopId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "outflow" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "type", "day", "locationId", "componentId")
);

-- CreateIndex
CREATE INDEX "DashboardLedgerDay_shopId_day_locationId_componentId_quantity_outflow_idx" ON "DashboardLedgerDay"("shopId", "day", "locationId", "componentId", "quantity", "outflow");

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

-- Ledger rollup: DashboardLedgerDay follows every movement (the ledger is append-only; deletes only
-- come from cascades), in the same transaction, keyed by the UTC day of occurredAt.
INSERT INTO "DashboardLedgerDay" ("shopId", "type", "day", "locationId", "componentId", "quantity", "outflow")
SELECT "shopId", "type", substr("occurredAt", 1, 10), "locationId", "componentId", SUM("quantity"), SUM(MIN("quantity", 0))
  FROM "StockMovement"
 GROUP BY "shopId", "type", substr("occurredAt", 1, 10), "locationId", "componentId";

CREATE TRIGGER "StockMovement_ledger_day_insert" AFTER INSERT ON "StockMovement"
BEGIN
  INSERT INTO "DashboardLedgerDay" ("shopId", "type", "day", "locationId", "componentId", "quantity", "outflow")
  VALUES (NEW."shopId", NEW."type", substr(NEW."occurredAt", 1, 10), NEW."locationId", NEW."componentId", NEW."quantity", MIN(NEW."quantity", 0))
  ON CONFLICT ("shopId", "type", "day", "locationId", "componentId") DO UPDATE SET
    "quantity" = "quantity" + excluded."quantity",
    "outflow" = "outflow" + excluded."outflow";
END;

CREATE TRIGGER "StockMovement_ledger_day_update" AFTER UPDATE OF "shopId", "type", "occurredAt", "locationId", "componentId", "quantity" ON "StockMovement"
BEGIN
  UPDATE "DashboardLedgerDay" SET "quantity" = "quantity" - OLD."quantity", "outflow" = "outflow" - MIN(OLD."quantity", 0)
   WHERE "shopId" = OLD."shopId" AND "type" = OLD."type" AND "day" = substr(OLD."occurredAt", 1, 10)
     AND "locationId" = OLD."locationId" AND "componentId" = OLD."componentId";
  INSERT INTO "DashboardLedgerDay" ("shopId", "type", "day", "locationId", "componentId", "quantity", "outflow")
  VALUES (NEW."shopId", NEW."type", substr(NEW."occurredAt", 1, 10), NEW."locationId", NEW."componentId", NEW."quantity", MIN(NEW."quantity", 0))
  ON CONFLICT ("shopId", "type", "day", "locationId", "componentId") DO UPDATE SET
    "quantity" = "quantity" + excluded."quantity",
    "outflow" = "outflow" + excluded."outflow";
END;

CREATE TRIGGER "StockMovement_ledger_day_delete" AFTER DELETE ON "StockMovement"
BEGIN
  UPDATE "DashboardLedgerDay" SET "quantity" = "quantity" - OLD."quantity", "outflow" = "outflow" - MIN(OLD."quantity", 0)
   WHERE "shopId" = OLD."shopId" AND "type" = OLD."type" AND "day" = substr(OLD."occurredAt", 1, 10)
     AND "locationId" = OLD."locationId" AND "componentId" = OLD."componentId";
END;

-- Repeat flag: an order's "repeatWithin60d" says another non-cancelled order of the same customer
-- was placed in the 60 days before it. Any change to an order can change the flag of that order and
-- of the customer's orders in the 60 days after it, so those are recomputed (an index range of the
-- customer's orders, one probe each).
UPDATE "Order" SET "repeatWithin60d" = EXISTS (
  SELECT 1 FROM "Order" p
   WHERE p."shopId" = "Order"."shopId" AND p."customerRef" = "Order"."customerRef" AND p."status" <> 'CANCELLED'
     AND p."placedAt" <= "Order"."placedAt" AND p.rowid <> "Order".rowid
     AND p."placedAt" >= strftime('%Y-%m-%dT%H:%M:%f', "Order"."placedAt", '-60 days') || '+00:00')
WHERE "customerRef" IS NOT NULL;

CREATE TRIGGER "Order_repeat_insert" AFTER INSERT ON "Order" WHEN NEW."customerRef" IS NOT NULL
BEGIN
  UPDATE "Order" SET "repeatWithin60d" = EXISTS (
    SELECT 1 FROM "Order" p
     WHERE p."shopId" = "Order"."shopId" AND p."customerRef" = "Order"."customerRef" AND p."status" <> 'CANCELLED'
       AND p."placedAt" <= "Order"."placedAt" AND p.rowid <> "Order".rowid
       AND p."placedAt" >= strftime('%Y-%m-%dT%H:%M:%f', "Order"."placedAt", '-60 days') || '+00:00')
   WHERE "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef" AND "placedAt" >= NEW."placedAt"
     AND "placedAt" <= strftime('%Y-%m-%dT%H:%M:%f', NEW."placedAt", '+60 days') || '+00:00';
END;

CREATE TRIGGER "Order_repeat_update" AFTER UPDATE OF "shopId", "customerRef", "status", "placedAt" ON "Order"
BEGIN
  UPDATE "Order" SET "repeatWithin60d" = EXISTS (
    SELECT 1 FROM "Order" p
     WHERE p."shopId" = "Order"."shopId" AND p."customerRef" = "Order"."customerRef" AND p."status" <> 'CANCELLED'
       AND p."placedAt" <= "Order"."placedAt" AND p.rowid <> "Order".rowid
       AND p."placedAt" >= strftime('%Y-%m-%dT%H:%M:%f', "Order"."placedAt", '-60 days') || '+00:00')
   WHERE OLD."customerRef" IS NOT NULL AND "shopId" = OLD."shopId" AND "customerRef" = OLD."customerRef" AND "placedAt" >= OLD."placedAt"
     AND "placedAt" <= strftime('%Y-%m-%dT%H:%M:%f', OLD."placedAt", '+60 days') || '+00:00';
  UPDATE "Order" SET "repeatWithin60d" = EXISTS (
    SELECT 1 FROM "Order" p
     WHERE p."shopId" = "Order"."shopId" AND p."customerRef" = "Order"."customerRef" AND p."status" <> 'CANCELLED'
       AND p."placedAt" <= "Order"."placedAt" AND p.rowid <> "Order".rowid
       AND p."placedAt" >= strftime('%Y-%m-%dT%H:%M:%f', "Order"."placedAt", '-60 days') || '+00:00')
   WHERE NEW."customerRef" IS NOT NULL AND "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef" AND "placedAt" >= NEW."placedAt"
     AND "placedAt" <= strftime('%Y-%m-%dT%H:%M:%f', NEW."placedAt", '+60 days') || '+00:00';
  UPDATE "Order" SET "repeatWithin60d" = 0 WHERE NEW."customerRef" IS NULL AND rowid = NEW.rowid AND "repeatWithin60d" <> 0;
END;

CREATE TRIGGER "Order_repeat_delete" AFTER DELETE ON "Order" WHEN OLD."customerRef" IS NOT NULL
BEGIN
  UPDATE "Order" SET "repeatWithin60d" = EXISTS (
    SELECT 1 FROM "Order" p
     WHERE p."shopId" = "Order"."shopId" AND p."customerRef" = "Order"."customerRef" AND p."status" <> 'CANCELLED'
       AND p."placedAt" <= "Order"."placedAt" AND p.rowid <> "Order".rowid
       AND p."placedAt" >= strftime('%Y-%m-%dT%H:%M:%f', "Order"."placedAt", '-60 days') || '+00:00')
   WHERE "shopId" = OLD."shopId" AND "customerRef" = OLD."customerRef" AND "placedAt" > OLD."placedAt"
     AND "placedAt" <= strftime('%Y-%m-%dT%H:%M:%f', OLD."placedAt", '+60 days') || '+00:00';
END;
