import { spawnSync } from "node:child_process";
import path from "node:path";
import { childEnv, env } from "../env";
import { sqlitePath } from "../db-url";

/**
 * Creates and migrates the SQLite database (prisma migrate deploy), then seeds the demo shop when the
 * database has no shop yet. Safe to run on every start.
 */
export async function prepareDatabase(options: { seed: boolean; quiet?: boolean }): Promise<{ seeded: boolean }> {
  const file = sqlitePath();
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], {
    stdio: options.quiet ? "pipe" : ["ignore", "inherit", "inherit"],
    env: childEnv({ DATABASE_URL: `file:${file}` }),
  });
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout?.toString() ?? ""}${result.stderr?.toString() ?? ""}`);
    throw new Error(`prisma migrate deploy failed for ${file}`);
  }
  if (!options.seed) return { seeded: false };
  const { db } = await import("../db");
  const { seedDemo } = await import("../../prisma/seed/index");
  const shops = await db.shop.count();
  if (shops > 0) return { seeded: false };
  const started = Date.now();
  if (!options.quiet) console.log("Seeding the demo shop…");
  await seedDemo(db);
  if (!options.quiet) console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { seeded: true };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  prepareDatabase({ seed: !process.argv.includes("--no-seed") })
    .then(({ seeded }) => {
      console.log(`Database ready at ${sqlitePath()} (${env.NODE_ENV})${seeded ? ", demo shop seeded" : ""}.`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
