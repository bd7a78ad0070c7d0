-- AlterTable
ALTER TABLE "Anomaly" ADD COLUMN "businessDate" TEXT;
ALTER TABLE "Anomaly" ADD COLUMN "resolvedBy" TEXT;

-- AlterTable
ALTER TABLE "Location" ADD COLUMN "posRef" TEXT;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN "lastActiveAt" DATETIME;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "fulfilledAt" DATETIME;

-- AlterTable
ALTER TABLE "ResupplySuggestion" ADD COLUMN "draftKey" TEXT;

-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN "previousSecret" TEXT;
ALTER TABLE "WebhookSubscription" ADD COLUMN "previousSecretExpiresAt" DATETIME;

-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiKeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiIdempotencyKey_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TabletDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "TabletDevice_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TabletDevice_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'write',
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiKey" ("createdAt", "hash", "id", "lastUsedAt", "name", "prefix", "revokedAt", "shopId") SELECT "createdAt", "hash", "id", "lastUsedAt", "name", "prefix", "revokedAt", "shopId" FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE INDEX "ApiKey_shopId_idx" ON "ApiKey"("shopId");
CREATE TABLE "new_ChannelAllocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "productId" TEXT,
    "componentId" TEXT,
    "channel" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChannelAllocation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelAllocation_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelAllocation_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelAllocation_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChannelAllocation" ("channel", "createdAt", "id", "locationId", "productId", "quantity", "shopId", "updatedAt") SELECT "channel", "createdAt", "id", "locationId", "productId", "quantity", "shopId", "updatedAt" FROM "ChannelAllocation";
DROP TABLE "ChannelAllocation";
ALTER TABLE "new_ChannelAllocation" RENAME TO "ChannelAllocation";
CREATE INDEX "ChannelAllocation_shopId_idx" ON "ChannelAllocation"("shopId");
CREATE UNIQUE INDEX "ChannelAllocation_locationId_productId_channel_key" ON "ChannelAllocation"("locationId", "productId", "channel");
CREATE UNIQUE INDEX "ChannelAllocation_locationId_componentId_channel_key" ON "ChannelAllocation"("locationId", "componentId", "channel");
CREATE TABLE "new_Integration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretExpiresAt" DATETIME,
    "defaultLocationId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Integration_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Integration_defaultLocationId_fkey" FOREIGN KEY ("defaultLocationId") REFERENCES "Location" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Integration" ("active", "createdAt", "id", "kind", "name", "previousSecret", "previousSecretExpiresAt", "secret", "shopId") SELECT "active", "createdAt", "id", "kind", "name", "previousSecret", "previousSecretExpiresAt", "secret", "shopId" FROM "Integration";
DROP TABLE "Integration";
ALTER TABLE "new_Integration" RENAME TO "Integration";
CREATE INDEX "Integration_shopId_idx" ON "Integration"("shopId");
CREATE TABLE "new_ResupplyLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "suggestionId" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "receivedQty" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "projectedStockoutAt" DATETIME,
    "openKey" TEXT,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ResupplyLine_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "ResupplySuggestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResupplyLine_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ResupplyLine" ("componentId", "id", "openKey", "projectedStockoutAt", "quantity", "reason", "receivedQty", "suggestionId") SELECT "componentId", "id", "openKey", "projectedStockoutAt", "quantity", "reason", "receivedQty", "suggestionId" FROM "ResupplyLine";
DROP TABLE "ResupplyLine";
ALTER TABLE "new_ResupplyLine" RENAME TO "ResupplyLine";
CREATE UNIQUE INDEX "ResupplyLine_openKey_key" ON "ResupplyLine"("openKey");
CREATE UNIQUE INDEX "ResupplyLine_suggestionId_componentId_key" ON "ResupplyLine"("suggestionId", "componentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ApiIdempotencyKey_createdAt_idx" ON "ApiIdempotencyKey"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_apiKeyId_key_key" ON "ApiIdempotencyKey"("apiKeyId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "TabletDevice_tokenHash_key" ON "TabletDevice"("tokenHash");

-- CreateIndex
CREATE INDEX "TabletDevice_shopId_locationId_idx" ON "TabletDevice"("shopId", "locationId");

-- CreateIndex
CREATE UNIQUE INDEX "Location_shopId_posRef_key" ON "Location"("shopId", "posRef");

-- CreateIndex
CREATE UNIQUE INDEX "ResupplySuggestion_draftKey_key" ON "ResupplySuggestion"("draftKey");
