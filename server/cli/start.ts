import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childEnv, env } from "../env";
import { sqlitePath } from "../db-url";
import { buildIfNeeded } from "./build-if-needed";
import { prepareDatabase } from "./prepare-db";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed/demo-users";

/** A per-installation session secret, kept beside the database so sessions survive restarts. */
function authSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.join(path.dirname(sqlitePath()), ".auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

async function main() {
  buildIfNeeded();
  const { seeded } = await prepareDatabase({ seed: true });
  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const child = spawn(
    path.resolve("node_modules", ".bin", "next"),
    ["start", "-p", String(env.PORT), "-H", env.HOSTNAME],
    {
      stdio: "inherit",
      env: childEnv({
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXTAUTH_SECRET: authSecret(),
        NEXTAUTH_URL: url,
        DATABASE_URL: `file:${sqlitePath()}`,
      }),
    },
  );
  const demo = await import("../db").then(({ db }) => db.shop.findUnique({ where: { slug: "demo" }, select: { id: true } }));
  console.log(`\nBackroom is starting on ${url}${seeded ? " (demo shop created)" : ""}`);
  if (demo) {
    console.log("Demo sign-in (password for all: " + DEMO_PASSWORD + ")");
    for (const u of Object.values(DEMO_USERS)) console.log(`  ${u.role.padEnd(8)} ${u.email}`);
  }
  console.log("");
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
