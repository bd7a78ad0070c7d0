import path from "node:path";
import { defineConfig } from "prisma/config";
import { BackroomSqliteFactory } from "./server/sqlite-adapter";
import { sqliteUrl } from "./server/db-url";

// Prisma 6.19's WebAssembly schema engine: no engine download. `.env` is not read here.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new BackroomSqliteFactory(sqliteUrl());
  },
});
