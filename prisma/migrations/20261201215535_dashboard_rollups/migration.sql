-- Dashboard rollups for tags, explicit campaign codes and preorders, kept by SQLite triggers in the
-- same transaction as every order and tag change (late, updated, refunded, cancelled and deleted
-- orders included). Nothing here rebuilds a table, so the triggers of dashboard_hardening stay; a
-- later migration that rebuilds "Order" or "OrderTag" (Prisma's RedefineTables) must recreate
-- these and those (server/api/routers/dashboard.test.ts checks they exist).

-- Order: the preorder flag and its covering index; the by-id covering index only served the tag and
-- preorder joins this migration replaces, so it goes (one index less on every order write).
ALTER TABLE "Order" ADD COLUMN "preorderTagged" BOOLEAN NOT NULL DEFAULT false;
DROP INDEX "Order_dashboard_id_idx";
CREATE INDEX "Order_dashboard_preorder_idx" ON "Order"("shopId", "preorderTagged", "businessDate", "locationId", "channel", "status", "fulfilledAt");

-- CreateTable
CREATE TABLE "DashboardTagDay" (
    "shopId" TEXT NOT NULL,
    "businessDate" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "businessDate", "tag", "locationId", "channel")
);

-- CreateTable
CREATE TABLE "DashboardCampaignDay" (
    "shopId" TEXT NOT NULL,
    "businessDate" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "businessDate", "campaign", "locationId", "channel")
);

-- Backfill from the rows themselves.
UPDATE "Order" SET "preorderTagged" = 1 WHERE "id" IN (SELECT "orderId" FROM "OrderTag" WHERE "tag" = 'preorder');

INSERT INTO "DashboardTagDay" ("shopId", "businessDate", "tag", "locationId", "channel", "orders", "revenueMinor")
SELECT o."shopId", o."businessDate", t."tag", COALESCE(o."locationId", ''), o."channel", COUNT(*), SUM(o."subtotalMinor" - o."refundedMinor")
  FROM "OrderTag" t JOIN "Order" o ON o."id" = t."orderId"
 WHERE o."status" <> 'CANCELLED'
 GROUP BY o."shopId", o."businessDate", t."tag", COALESCE(o."locationId", ''), o."channel";

INSERT INTO "DashboardCampaignDay" ("shopId", "businessDate", "campaign", "locationId", "channel", "orders", "revenueMinor")
SELECT "shopId", "businessDate", "campaign", COALESCE("locationId", ''), "channel", COUNT(*), SUM("subtotalMinor" - "refundedMinor")
  FROM "Order" WHERE "campaign" IS NOT NULL AND "status" <> 'CANCELLED'
 GROUP BY "shopId", "businessDate", "campaign", COALESCE("locationId", ''), "channel";

-- Preorder flag: follows the order's "preorder" tag row (ingestion replaces tag rows on every update).
-- During a cascade delete of the order the UPDATE finds no row, which is what we want.
CREATE TRIGGER "OrderTag_preorder_insert" AFTER INSERT ON "OrderTag" WHEN NEW."tag" = 'preorder'
BEGIN
  UPDATE "Order" SET "preorderTagged" = 1 WHERE "id" = NEW."orderId";
END;

CREATE TRIGGER "OrderTag_preorder_delete" AFTER DELETE ON "OrderTag" WHEN OLD."tag" = 'preorder'
BEGIN
  UPDATE "Order" SET "preorderTagged" = 0 WHERE "id" = OLD."orderId";
END;

CREATE TRIGGER "OrderTag_preorder_update" AFTER UPDATE OF "orderId", "tag" ON "OrderTag"
BEGIN
  UPDATE "Order" SET "preorderTagged" = 0 WHERE OLD."tag" = 'preorder' AND "id" = OLD."orderId";
  UPDATE "Order" SET "preorderTagged" = 1 WHERE NEW."tag" = 'preorder' AND "id" = NEW."orderId";
END;

-- Tag rollup. A tag row adds or removes its order's figures (non-cancelled orders only); a change of
-- the order's figures moves them for each of its tags. The order's delete subtracts its tags BEFORE
-- the row goes: SQLite runs the cascade delete of the tag rows after the order row is gone, so their
-- own trigger then finds no order and subtracts nothing (no double count, none lost).
CREATE TRIGGER "OrderTag_tag_day_insert" AFTER INSERT ON "OrderTag"
BEGIN
  INSERT INTO "DashboardTagDay" ("shopId", "businessDate", "tag", "locationId", "channel", "orders", "revenueMinor")
  SELECT o."shopId", o."businessDate", NEW."tag", COALESCE(o."locationId", ''), o."channel", 1, o."subtotalMinor" - o."refundedMinor"
    FROM "Order" o WHERE o."id" = NEW."orderId" AND o."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "businessDate", "tag", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "OrderTag_tag_day_delete" AFTER DELETE ON "OrderTag"
BEGIN
  UPDATE "DashboardTagDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (SELECT o."subtotalMinor" - o."refundedMinor" FROM "Order" o WHERE o."id" = OLD."orderId")
  WHERE ("shopId", "businessDate", "tag", "locationId", "channel") =
        (SELECT o."shopId", o."businessDate", OLD."tag", COALESCE(o."locationId", ''), o."channel"
           FROM "Order" o WHERE o."id" = OLD."orderId" AND o."status" <> 'CANCELLED');
END;

CREATE TRIGGER "OrderTag_tag_day_update" AFTER UPDATE OF "orderId", "tag" ON "OrderTag"
BEGIN
  UPDATE "DashboardTagDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (SELECT o."subtotalMinor" - o."refundedMinor" FROM "Order" o WHERE o."id" = OLD."orderId")
  WHERE ("shopId", "businessDate", "tag", "locationId", "channel") =
        (SELECT o."shopId", o."businessDate", OLD."tag", COALESCE(o."locationId", ''), o."channel"
           FROM "Order" o WHERE o."id" = OLD."orderId" AND o."status" <> 'CANCELLED');
  INSERT INTO "DashboardTagDay" ("shopId", "businessDate", "tag", "locationId", "channel", "orders", "revenueMinor")
  SELECT o."shopId", o."businessDate", NEW."tag", COALESCE(o."locationId", ''), o."channel", 1, o."subtotalMinor" - o."refundedMinor"
    FROM "Order" o WHERE o."id" = NEW."orderId" AND o."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "businessDate", "tag", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

-- Only when something the rollup keys or sums on changed (ingestion rewrites the whole header on
-- every event, so an unconditional trigger would churn on each fulfilment or repeat event).
CREATE TRIGGER "Order_tag_day_update" AFTER UPDATE OF "shopId", "status", "subtotalMinor", "refundedMinor", "businessDate", "locationId", "channel" ON "Order"
WHEN OLD."shopId" IS NOT NEW."shopId" OR (OLD."status" = 'CANCELLED') IS NOT (NEW."status" = 'CANCELLED')
  OR OLD."subtotalMinor" IS NOT NEW."subtotalMinor" OR OLD."refundedMinor" IS NOT NEW."refundedMinor"
  OR OLD."businessDate" IS NOT NEW."businessDate" OR OLD."locationId" IS NOT NEW."locationId" OR OLD."channel" IS NOT NEW."channel"
BEGIN
  UPDATE "DashboardTagDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE OLD."status" <> 'CANCELLED' AND "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel"
    AND "tag" IN (SELECT t."tag" FROM "OrderTag" t WHERE t."orderId" = OLD."id");
  INSERT INTO "DashboardTagDay" ("shopId", "businessDate", "tag", "locationId", "channel", "orders", "revenueMinor")
  SELECT NEW."shopId", NEW."businessDate", t."tag", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor" - NEW."refundedMinor"
    FROM "OrderTag" t WHERE t."orderId" = NEW."id" AND NEW."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "businessDate", "tag", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "Order_tag_day_delete" BEFORE DELETE ON "Order" WHEN OLD."status" <> 'CANCELLED'
BEGIN
  UPDATE "DashboardTagDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel"
    AND "tag" IN (SELECT t."tag" FROM "OrderTag" t WHERE t."orderId" = OLD."id");
END;

-- Explicit campaign rollup: the non-cancelled orders that carry a code.
CREATE TRIGGER "Order_campaign_day_insert" AFTER INSERT ON "Order" WHEN NEW."campaign" IS NOT NULL AND NEW."status" <> 'CANCELLED'
BEGIN
  INSERT INTO "DashboardCampaignDay" ("shopId", "businessDate", "campaign", "locationId", "channel", "orders", "revenueMinor")
  VALUES (NEW."shopId", NEW."businessDate", NEW."campaign", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor" - NEW."refundedMinor")
  ON CONFLICT ("shopId", "businessDate", "campaign", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "Order_campaign_day_update" AFTER UPDATE OF "shopId", "campaign", "status", "subtotalMinor", "refundedMinor", "businessDate", "locationId", "channel" ON "Order"
WHEN (OLD."campaign" IS NOT NULL OR NEW."campaign" IS NOT NULL) AND (
     OLD."shopId" IS NOT NEW."shopId" OR OLD."campaign" IS NOT NEW."campaign" OR (OLD."status" = 'CANCELLED') IS NOT (NEW."status" = 'CANCELLED')
  OR OLD."subtotalMinor" IS NOT NEW."subtotalMinor" OR OLD."refundedMinor" IS NOT NEW."refundedMinor"
  OR OLD."businessDate" IS NOT NEW."businessDate" OR OLD."locationId" IS NOT NEW."locationId" OR OLD."channel" IS NOT NEW."channel")
BEGIN
  UPDATE "DashboardCampaignDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE OLD."campaign" IS NOT NULL AND OLD."status" <> 'CANCELLED' AND "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate"
    AND "campaign" = OLD."campaign" AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
  INSERT INTO "DashboardCampaignDay" ("shopId", "businessDate", "campaign", "locationId", "channel", "orders", "revenueMinor")
  SELECT NEW."shopId", NEW."businessDate", NEW."campaign", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor" - NEW."refundedMinor"
   WHERE NEW."campaign" IS NOT NULL AND NEW."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "businessDate", "campaign", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "Order_campaign_day_delete" AFTER DELETE ON "Order" WHEN OLD."campaign" IS NOT NULL AND OLD."status" <> 'CANCELLED'
BEGIN
  UPDATE "DashboardCampaignDay" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE "shopId" = OLD."shopId" AND "businessDate" = OLD."businessDate" AND "campaign" = OLD."campaign"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
END;

-- Code-less orders per UTC hour of placedAt (× business date × location × channel): campaign
-- windows read their whole hours here and only the partial hours at a window's edges from the
-- order time index.
CREATE TABLE "DashboardUncodedHour" (
    "shopId" TEXT NOT NULL,
    "hour" TEXT NOT NULL,
    "businessDate" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "hour", "businessDate", "locationId", "channel")
);

INSERT INTO "DashboardUncodedHour" ("shopId", "hour", "businessDate", "locationId", "channel", "orders", "revenueMinor")
SELECT "shopId", substr("placedAt", 1, 13), "businessDate", COALESCE("locationId", ''), "channel", COUNT(*), SUM("subtotalMinor" - "refundedMinor")
  FROM "Order" WHERE "campaign" IS NULL AND "status" <> 'CANCELLED'
 GROUP BY "shopId", substr("placedAt", 1, 13), "businessDate", COALESCE("locationId", ''), "channel";

CREATE TRIGGER "Order_uncoded_hour_insert" AFTER INSERT ON "Order" WHEN NEW."campaign" IS NULL AND NEW."status" <> 'CANCELLED'
BEGIN
  INSERT INTO "DashboardUncodedHour" ("shopId", "hour", "businessDate", "locationId", "channel", "orders", "revenueMinor")
  VALUES (NEW."shopId", substr(NEW."placedAt", 1, 13), NEW."businessDate", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor" - NEW."refundedMinor")
  ON CONFLICT ("shopId", "hour", "businessDate", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "Order_uncoded_hour_update" AFTER UPDATE OF "shopId", "campaign", "status", "subtotalMinor", "refundedMinor", "placedAt", "businessDate", "locationId", "channel" ON "Order"
WHEN (OLD."campaign" IS NULL OR NEW."campaign" IS NULL) AND (
     OLD."shopId" IS NOT NEW."shopId" OR OLD."campaign" IS NOT NEW."campaign" OR (OLD."status" = 'CANCELLED') IS NOT (NEW."status" = 'CANCELLED')
  OR OLD."subtotalMinor" IS NOT NEW."subtotalMinor" OR OLD."refundedMinor" IS NOT NEW."refundedMinor" OR substr(OLD."placedAt", 1, 13) IS NOT substr(NEW."placedAt", 1, 13)
  OR OLD."businessDate" IS NOT NEW."businessDate" OR OLD."locationId" IS NOT NEW."locationId" OR OLD."channel" IS NOT NEW."channel")
BEGIN
  UPDATE "DashboardUncodedHour" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE OLD."campaign" IS NULL AND OLD."status" <> 'CANCELLED' AND "shopId" = OLD."shopId" AND "hour" = substr(OLD."placedAt", 1, 13)
    AND "businessDate" = OLD."businessDate" AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
  INSERT INTO "DashboardUncodedHour" ("shopId", "hour", "businessDate", "locationId", "channel", "orders", "revenueMinor")
  SELECT NEW."shopId", substr(NEW."placedAt", 1, 13), NEW."businessDate", COALESCE(NEW."locationId", ''), NEW."channel", 1, NEW."subtotalMinor" - NEW."refundedMinor"
   WHERE NEW."campaign" IS NULL AND NEW."status" <> 'CANCELLED'
  ON CONFLICT ("shopId", "hour", "businessDate", "locationId", "channel") DO UPDATE SET
    "orders" = "orders" + 1,
    "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "Order_uncoded_hour_delete" AFTER DELETE ON "Order" WHEN OLD."campaign" IS NULL AND OLD."status" <> 'CANCELLED'
BEGIN
  UPDATE "DashboardUncodedHour" SET
    "orders" = "orders" - 1,
    "revenueMinor" = "revenueMinor" - (OLD."subtotalMinor" - OLD."refundedMinor")
  WHERE "shopId" = OLD."shopId" AND "hour" = substr(OLD."placedAt", 1, 13) AND "businessDate" = OLD."businessDate"
    AND "locationId" = COALESCE(OLD."locationId", '') AND "channel" = OLD."channel";
END;
