import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../env";

const SOURCES = ["app", "server", "components", "public", "prisma/schema.prisma", "next.config.ts", "package.json", "tsconfig.json", "instrumentation.ts", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(entry)) {
    if (child === "node_modules" || child === "generated") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Runs `next build` when there is no production build or a source file is newer than it. */
export function buildIfNeeded(options: { force?: boolean } = {}): void {
  const buildId = path.join(".next", "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestMtime));
  if (!options.force && builtAt > 0 && builtAt >= changedAt) return;
  console.log(builtAt ? "Sources changed since the last build; rebuilding…" : "Building the production app (about a minute)…");
  const result = spawnSync(path.resolve("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }),
  });
  if (result.status !== 0) throw new Error("next build failed");
}
