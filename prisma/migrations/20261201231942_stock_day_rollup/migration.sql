-- CreateTable
CREATE TABLE "DashboardStockDay" (
    "locationId" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "net" INTEGER NOT NULL,
    "closing" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,

    PRIMARY KEY ("locationId", "componentId", "day")
);

-- CreateIndex
CREATE INDEX "DashboardStockDay_shopId_day_low_closing_net_locationId_componentId_idx" ON "DashboardStockDay"("shopId", "day", "low", "closing", "net", "locationId", "componentId");

-- Backfill: each movement's on-hand after it (ledger order: occurredAt, then insertion), grouped per
-- pair and UTC day into the day's net and lowest on-hand; closing is the running sum of the nets.
INSERT INTO "DashboardStockDay" ("locationId", "componentId", "day", "shopId", "net", "closing", "low")
SELECT "locationId", "componentId", "day", "shopId", "net",
       SUM("net") OVER (PARTITION BY "locationId", "componentId" ORDER BY "day" ROWS UNBOUNDED PRECEDING),
       "low"
  FROM (SELECT "locationId", "componentId", "day", MIN("shopId") AS "shopId", SUM("quantity") AS "net", MIN("bal") AS "low"
          FROM (SELECT "locationId", "componentId", "shopId", substr("occurredAt", 1, 10) AS "day", "quantity",
                       SUM("quantity") OVER (PARTITION BY "locationId", "componentId" ORDER BY "occurredAt", rowid ROWS UNBOUNDED PRECEDING) AS "bal"
                  FROM "StockMovement")
         GROUP BY "locationId", "componentId", "day");

-- A movement moves the on-hand of every later day of its pair by its delta. Its own day opens at
-- the previous day's closing. When it is the latest movement of its day (the live case) the day's
-- lowest point is exactly the lower of the old one and the new closing. When it lands before others
-- of its day (a late or backdated event), scanning the day would cost every insert of a busy day a
-- pass over it, so "low" becomes a bound instead: no balance of the day can now be below the old
-- lowest point or opening, minus what this movement took. Readers only use "low" to pick the days
-- they replay exactly from the ledger, so a bound below the truth costs a replay, never a wrong
-- minute. The ledger is append-only (updates and deletes only come from operator SQL or cascades),
-- so those two triggers recompute the day exactly.
CREATE TRIGGER "StockMovement_stock_day_insert" AFTER INSERT ON "StockMovement"
BEGIN
  UPDATE "DashboardStockDay" SET "closing" = "closing" + NEW."quantity", "low" = "low" + NEW."quantity"
   WHERE "locationId" = NEW."locationId" AND "componentId" = NEW."componentId" AND "day" > substr(NEW."occurredAt", 1, 10);
  UPDATE "DashboardStockDay" SET "low" = MIN("low", "closing" - "net") + MIN(NEW."quantity", 0)
   WHERE "locationId" = NEW."locationId" AND "componentId" = NEW."componentId" AND "day" = substr(NEW."occurredAt", 1, 10)
     AND EXISTS (SELECT 1 FROM "StockMovement" m
                  WHERE m."locationId" = NEW."locationId" AND m."componentId" = NEW."componentId"
                    AND m."occurredAt" > NEW."occurredAt" AND m."occurredAt" < date(substr(NEW."occurredAt", 1, 10), '+1 day'));
  INSERT INTO "DashboardStockDay" ("locationId", "componentId", "day", "shopId", "net", "closing", "low")
  SELECT NEW."locationId", NEW."componentId", substr(NEW."occurredAt", 1, 10), NEW."shopId", NEW."quantity", "o" + NEW."quantity", "o" + NEW."quantity"
    FROM (SELECT COALESCE((SELECT p."closing" FROM "DashboardStockDay" p
                            WHERE p."locationId" = NEW."locationId" AND p."componentId" = NEW."componentId" AND p."day" < substr(NEW."occurredAt", 1, 10)
                            ORDER BY p."day" DESC LIMIT 1), 0) AS "o")
   WHERE true
  ON CONFLICT ("locationId", "componentId", "day") DO UPDATE SET
    "net" = "net" + excluded."net",
    "closing" = "closing" + excluded."net",
    "low" = MIN("low", "closing" + excluded."net");
END;

CREATE TRIGGER "StockMovement_stock_day_delete" AFTER DELETE ON "StockMovement"
BEGIN
  UPDATE "DashboardStockDay" SET "closing" = "closing" - OLD."quantity", "low" = "low" - OLD."quantity"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" > substr(OLD."occurredAt", 1, 10);
  DELETE FROM "DashboardStockDay"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10)
     AND NOT EXISTS (SELECT 1 FROM "StockMovement" m
                      WHERE m."locationId" = OLD."locationId" AND m."componentId" = OLD."componentId"
                        AND m."occurredAt" >= substr(OLD."occurredAt", 1, 10) AND m."occurredAt" < date(substr(OLD."occurredAt", 1, 10), '+1 day'));
  UPDATE "DashboardStockDay" SET "net" = "net" - OLD."quantity", "closing" = "closing" - OLD."quantity"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10);
  UPDATE "DashboardStockDay" SET "low" = "closing" - "net" + (
    SELECT MIN("bal") FROM (
      SELECT SUM(m."quantity") OVER (ORDER BY m."occurredAt", m.rowid ROWS UNBOUNDED PRECEDING) AS "bal"
        FROM "StockMovement" m
       WHERE m."locationId" = OLD."locationId" AND m."componentId" = OLD."componentId"
         AND m."occurredAt" >= substr(OLD."occurredAt", 1, 10) AND m."occurredAt" < date(substr(OLD."occurredAt", 1, 10), '+1 day')))
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10);
END;

CREATE TRIGGER "StockMovement_stock_day_update" AFTER UPDATE OF "shopId", "occurredAt", "locationId", "componentId", "quantity" ON "StockMovement"
BEGIN
  -- as a delete of OLD …
  UPDATE "DashboardStockDay" SET "closing" = "closing" - OLD."quantity", "low" = "low" - OLD."quantity"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" > substr(OLD."occurredAt", 1, 10);
  DELETE FROM "DashboardStockDay"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10)
     AND NOT EXISTS (SELECT 1 FROM "StockMovement" m
                      WHERE m."locationId" = OLD."locationId" AND m."componentId" = OLD."componentId"
                        AND m."occurredAt" >= substr(OLD."occurredAt", 1, 10) AND m."occurredAt" < date(substr(OLD."occurredAt", 1, 10), '+1 day'));
  UPDATE "DashboardStockDay" SET "net" = "net" - OLD."quantity", "closing" = "closing" - OLD."quantity"
   WHERE "locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10);
  -- … then an insert of NEW …
  UPDATE "DashboardStockDay" SET "closing" = "closing" + NEW."quantity", "low" = "low" + NEW."quantity"
   WHERE "locationId" = NEW."locationId" AND "componentId" = NEW."componentId" AND "day" > substr(NEW."occurredAt", 1, 10);
  INSERT INTO "DashboardStockDay" ("locationId", "componentId", "day", "shopId", "net", "closing", "low")
  SELECT NEW."locationId", NEW."componentId", substr(NEW."occurredAt", 1, 10), NEW."shopId", NEW."quantity", "o" + NEW."quantity", "o" + NEW."quantity"
    FROM (SELECT COALESCE((SELECT p."closing" FROM "DashboardStockDay" p
                            WHERE p."locationId" = NEW."locationId" AND p."componentId" = NEW."componentId" AND p."day" < substr(NEW."occurredAt", 1, 10)
                            ORDER BY p."day" DESC LIMIT 1), 0) AS "o")
   WHERE true
  ON CONFLICT ("locationId", "componentId", "day") DO UPDATE SET
    "net" = "net" + excluded."net",
    "closing" = "closing" + excluded."net";
  -- … and both days' lowest points replayed.
  UPDATE "DashboardStockDay" SET "low" = "closing" - "net" + (
    SELECT MIN("bal") FROM (
      SELECT SUM(m."quantity") OVER (ORDER BY m."occurredAt", m.rowid ROWS UNBOUNDED PRECEDING) AS "bal"
        FROM "StockMovement" m
       WHERE m."locationId" = "DashboardStockDay"."locationId" AND m."componentId" = "DashboardStockDay"."componentId"
         AND m."occurredAt" >= "DashboardStockDay"."day" AND m."occurredAt" < date("DashboardStockDay"."day", '+1 day')))
   WHERE ("locationId" = OLD."locationId" AND "componentId" = OLD."componentId" AND "day" = substr(OLD."occurredAt", 1, 10))
      OR ("locationId" = NEW."locationId" AND "componentId" = NEW."componentId" AND "day" = substr(NEW."occurredAt", 1, 10));
END;
