-- Distinct customers without DISTINCT: DashboardCustomerDay holds, per shop × identified customer ×
-- business date, the customer's non-cancelled orders that day and how many carry repeatWithin60d,
-- plus pointers: prevDate, the customer's previous day with orders ('' if none, NULL while this day
-- has none), and prevRepeatDate, its previous day with a repeat order ('' if none, NULL while this
-- day has none). A customer with orders in [from, to] has exactly one day there with
-- prevDate < from (its first in the period), a repeater exactly one with prevRepeatDate < from, so a
-- period's customers and repeaters are index ranges (shopId, businessDate = each day, pointer < from)
-- holding only the days counted. Nothing here rebuilds
-- a table; a later migration that rebuilds "Order" must recreate these triggers with the others
-- (server/api/routers/dashboard.test.ts checks they exist).

-- CreateTable
CREATE TABLE "DashboardCustomerDay" (
    "shopId" TEXT NOT NULL,
    "customerRef" TEXT NOT NULL,
    "businessDate" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "repeatOrders" INTEGER NOT NULL DEFAULT 0,
    "prevDate" TEXT,
    "prevRepeatDate" TEXT,

    PRIMARY KEY ("shopId", "customerRef", "businessDate")
);

-- CreateIndex
CREATE INDEX "DashboardCustomerDay_day_idx" ON "DashboardCustomerDay"("shopId", "businessDate", "prevDate");

-- CreateIndex
CREATE INDEX "DashboardCustomerDay_repeat_idx" ON "DashboardCustomerDay"("shopId", "businessDate", "prevRepeatDate");

-- Backfill from the orders and their (already kept) repeat flags, pointers by window functions.
INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders", "prevDate", "prevRepeatDate")
SELECT "shopId", "customerRef", "businessDate", "orders", "repeatOrders",
       LAG("businessDate", 1, '') OVER w,
       CASE WHEN "repeatOrders" > 0
            THEN COALESCE(MAX(CASE WHEN "repeatOrders" > 0 THEN "businessDate" END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '') END
  FROM (SELECT "shopId", "customerRef", "businessDate", COUNT(*) AS "orders", SUM("repeatWithin60d") AS "repeatOrders"
          FROM "Order" WHERE "customerRef" IS NOT NULL AND "status" <> 'CANCELLED'
         GROUP BY "shopId", "customerRef", "businessDate")
WINDOW w AS (PARTITION BY "shopId", "customerRef" ORDER BY "businessDate");

-- Counts: each order adds (1, its flag) to its day while it is identified and not cancelled. Every
-- trigger applies only its own row change as a delta (an update takes OLD's share off OLD's day and
-- puts NEW's on NEW's day), so the sum is right in whatever order SQLite fires these and the repeat
-- triggers: the flag changes those make (on this order and the customer's next 60 days) are row
-- updates of "repeatWithin60d" that come through Order_customer_day_update as deltas of their own.
-- Upserts on both sides, because a delta may reach a day before the one that creates it.
CREATE TRIGGER "Order_customer_day_insert" AFTER INSERT ON "Order" WHEN NEW."customerRef" IS NOT NULL AND NEW."status" <> 'CANCELLED'
BEGIN
  INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders")
  VALUES (NEW."shopId", NEW."customerRef", NEW."businessDate", 1, NEW."repeatWithin60d")
  ON CONFLICT ("shopId", "customerRef", "businessDate") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "repeatOrders" = "repeatOrders" + excluded."repeatOrders";
END;

CREATE TRIGGER "Order_customer_day_update" AFTER UPDATE OF "shopId", "customerRef", "status", "businessDate", "repeatWithin60d" ON "Order"
  WHEN OLD."shopId" IS NOT NEW."shopId" OR OLD."customerRef" IS NOT NEW."customerRef" OR OLD."status" IS NOT NEW."status"
    OR OLD."businessDate" IS NOT NEW."businessDate" OR OLD."repeatWithin60d" IS NOT NEW."repeatWithin60d"
BEGIN
  -- Same day before and after (a flag change, mostly): one delta of the flag.
  INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders")
  SELECT NEW."shopId", NEW."customerRef", NEW."businessDate", 0, NEW."repeatWithin60d" - OLD."repeatWithin60d"
   WHERE OLD."customerRef" IS NOT NULL AND OLD."status" <> 'CANCELLED' AND NEW."status" <> 'CANCELLED'
     AND NEW."shopId" = OLD."shopId" AND NEW."customerRef" = OLD."customerRef" AND NEW."businessDate" = OLD."businessDate"
     AND NEW."repeatWithin60d" <> OLD."repeatWithin60d"
  ON CONFLICT ("shopId", "customerRef", "businessDate") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "repeatOrders" = "repeatOrders" + excluded."repeatOrders";
  -- Otherwise OLD's share leaves OLD's day and NEW's share joins NEW's day.
  INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders")
  SELECT OLD."shopId", OLD."customerRef", OLD."businessDate", -1, -OLD."repeatWithin60d"
   WHERE OLD."customerRef" IS NOT NULL AND OLD."status" <> 'CANCELLED'
     AND NOT (NEW."customerRef" IS NOT NULL AND NEW."status" <> 'CANCELLED'
              AND NEW."shopId" = OLD."shopId" AND NEW."customerRef" = OLD."customerRef" AND NEW."businessDate" = OLD."businessDate")
  ON CONFLICT ("shopId", "customerRef", "businessDate") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "repeatOrders" = "repeatOrders" + excluded."repeatOrders";
  INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders")
  SELECT NEW."shopId", NEW."customerRef", NEW."businessDate", 1, NEW."repeatWithin60d"
   WHERE NEW."customerRef" IS NOT NULL AND NEW."status" <> 'CANCELLED'
     AND NOT (OLD."customerRef" IS NOT NULL AND OLD."status" <> 'CANCELLED'
              AND NEW."shopId" = OLD."shopId" AND NEW."customerRef" = OLD."customerRef" AND NEW."businessDate" = OLD."businessDate")
  ON CONFLICT ("shopId", "customerRef", "businessDate") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "repeatOrders" = "repeatOrders" + excluded."repeatOrders";
END;

CREATE TRIGGER "Order_customer_day_delete" AFTER DELETE ON "Order" WHEN OLD."customerRef" IS NOT NULL AND OLD."status" <> 'CANCELLED'
BEGIN
  INSERT INTO "DashboardCustomerDay" ("shopId", "customerRef", "businessDate", "orders", "repeatOrders")
  VALUES (OLD."shopId", OLD."customerRef", OLD."businessDate", -1, -OLD."repeatWithin60d")
  ON CONFLICT ("shopId", "customerRef", "businessDate") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "repeatOrders" = "repeatOrders" + excluded."repeatOrders";
END;

-- Pointers. prevDate of a day with orders is the customer's latest earlier day with orders > 0
-- (prevRepeatDate: with repeatOrders > 0). They only move when some day of the customer starts or
-- stops having orders (or repeat orders): then that day's own pointers and those of the customer's
-- next day with orders and next day with repeat orders are re-read, each one backward probe of the
-- primary key (the days skipped on the way are the customer's empty days, and for prevRepeatDate
-- its non-repeat days, which lie more than 60 days apart). Days whose counts drop to 0 stay as
-- rows with a NULL pointer, which no `pointer < from` range holds. These triggers only set pointer
-- columns, which fire no trigger.
CREATE TRIGGER "DashboardCustomerDay_pointers_insert" AFTER INSERT ON "DashboardCustomerDay"
BEGIN
  UPDATE "DashboardCustomerDay" SET
    "prevDate" = CASE WHEN "orders" > 0 THEN COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = NEW."shopId" AND p."customerRef" = NEW."customerRef" AND p."businessDate" < NEW."businessDate" AND p."orders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '') END,
    "prevRepeatDate" = CASE WHEN "repeatOrders" > 0 THEN COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = NEW."shopId" AND p."customerRef" = NEW."customerRef" AND p."businessDate" < NEW."businessDate" AND p."repeatOrders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '') END
   WHERE "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef" AND "businessDate" = NEW."businessDate";
  UPDATE "DashboardCustomerDay" SET "prevDate" = COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = "DashboardCustomerDay"."shopId" AND p."customerRef" = "DashboardCustomerDay"."customerRef"
                     AND p."businessDate" < "DashboardCustomerDay"."businessDate" AND p."orders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '')
   WHERE NEW."orders" > 0 AND "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef"
     AND "businessDate" = (SELECT q."businessDate" FROM "DashboardCustomerDay" q
                   WHERE q."shopId" = NEW."shopId" AND q."customerRef" = NEW."customerRef" AND q."businessDate" > NEW."businessDate" AND q."orders" > 0
                   ORDER BY q."businessDate" LIMIT 1);
  UPDATE "DashboardCustomerDay" SET "prevRepeatDate" = COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = "DashboardCustomerDay"."shopId" AND p."customerRef" = "DashboardCustomerDay"."customerRef"
                     AND p."businessDate" < "DashboardCustomerDay"."businessDate" AND p."repeatOrders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '')
   WHERE NEW."repeatOrders" > 0 AND "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef"
     AND "businessDate" = (SELECT q."businessDate" FROM "DashboardCustomerDay" q
                   WHERE q."shopId" = NEW."shopId" AND q."customerRef" = NEW."customerRef" AND q."businessDate" > NEW."businessDate" AND q."repeatOrders" > 0
                   ORDER BY q."businessDate" LIMIT 1);
END;

CREATE TRIGGER "DashboardCustomerDay_pointers_update" AFTER UPDATE OF "orders", "repeatOrders" ON "DashboardCustomerDay"
  WHEN (OLD."orders" > 0) <> (NEW."orders" > 0) OR (OLD."repeatOrders" > 0) <> (NEW."repeatOrders" > 0)
BEGIN
  -- The day's own pointers: NULL while it has no (repeat) orders, re-read when it has them again.
  UPDATE "DashboardCustomerDay" SET
    "prevDate" = CASE WHEN "orders" > 0 THEN COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = NEW."shopId" AND p."customerRef" = NEW."customerRef" AND p."businessDate" < NEW."businessDate" AND p."orders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '') END,
    "prevRepeatDate" = CASE WHEN "repeatOrders" > 0 THEN COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = NEW."shopId" AND p."customerRef" = NEW."customerRef" AND p."businessDate" < NEW."businessDate" AND p."repeatOrders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '') END
   WHERE "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef" AND "businessDate" = NEW."businessDate";
  UPDATE "DashboardCustomerDay" SET "prevDate" = COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = "DashboardCustomerDay"."shopId" AND p."customerRef" = "DashboardCustomerDay"."customerRef"
                     AND p."businessDate" < "DashboardCustomerDay"."businessDate" AND p."orders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '')
   WHERE (OLD."orders" > 0) <> (NEW."orders" > 0) AND "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef"
     AND "businessDate" = (SELECT q."businessDate" FROM "DashboardCustomerDay" q
                   WHERE q."shopId" = NEW."shopId" AND q."customerRef" = NEW."customerRef" AND q."businessDate" > NEW."businessDate" AND q."orders" > 0
                   ORDER BY q."businessDate" LIMIT 1);
  UPDATE "DashboardCustomerDay" SET "prevRepeatDate" = COALESCE((SELECT p."businessDate" FROM "DashboardCustomerDay" p
                   WHERE p."shopId" = "DashboardCustomerDay"."shopId" AND p."customerRef" = "DashboardCustomerDay"."customerRef"
                     AND p."businessDate" < "DashboardCustomerDay"."businessDate" AND p."repeatOrders" > 0
                   ORDER BY p."businessDate" DESC LIMIT 1), '')
   WHERE (OLD."repeatOrders" > 0) <> (NEW."repeatOrders" > 0) AND "shopId" = NEW."shopId" AND "customerRef" = NEW."customerRef"
     AND "businessDate" = (SELECT q."businessDate" FROM "DashboardCustomerDay" q
                   WHERE q."shopId" = NEW."shopId" AND q."customerRef" = NEW."customerRef" AND q."businessDate" > NEW."businessDate" AND q."repeatOrders" > 0
                   ORDER BY q."businessDate" LIMIT 1);
END;
