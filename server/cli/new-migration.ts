/**
 * Authors the next migration offline: diffs prisma/migrations against prisma/schema.prisma and
 * writes prisma/migrations/<timestamp>_<name>/migration.sql. Usage: npm run db:new-migration -- <name>
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../env";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
fs.mkdirSync("tmp", { recursive: true });
const out = path.resolve("tmp", "next-migration.sql");
const result = spawnSync(
  path.resolve("node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script", "-o", out],
  { stdio: "inherit", env: childEnv({ DATABASE_URL: "file:./tmp/migration-author.db" }) },
);
if (result.status !== 0) process.exit(result.status ?? 1);
const sql = fs.readFileSync(out, "utf8");
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/i.test(sql)) {
  console.log("The schema matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.resolve("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.renameSync(out, path.join(dir, "migration.sql"));
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, then run npm run db:migrate.`);
