/**
 * The server Playwright tests run against: the production build, on a fresh seeded database.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const dir = path.resolve("tmp", "e2e");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
process.env.DATABASE_URL = `file:${path.join(dir, "backroom.db")}`;
process.env.NEXTAUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e";
process.env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";
// Tests exercise sign-in many times; the limit itself is covered by integration tests.
process.env.SIGNIN_MAX_FAILURES = "1000";
// The outbound-webhook tests run their receiver on 127.0.0.1; the SSRF guard has its own tests.
process.env.OUTBOUND_ALLOW_PRIVATE_URLS = "true";

const { buildIfNeeded } = await import("../server/cli/build-if-needed");
const { prepareDatabase } = await import("../server/cli/prepare-db");
buildIfNeeded();
await prepareDatabase({ seed: true, quiet: true });

const child = spawn(path.resolve("node_modules", ".bin", "next"), ["start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
