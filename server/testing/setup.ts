import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { applyMigrations } from "./migrate";

// A fresh SQLite file per test file: set before any app module reads the environment.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backroom-test-"));
const file = path.join(dir, `${randomUUID()}.db`);
applyMigrations(file);
process.env.DATABASE_URL = `file:${file}`;
process.env.JOBS_ENABLED = "false";
// Test subscribers listen on 127.0.0.1; the SSRF guard's own tests turn it off (testing/refuse-private-urls).
process.env.OUTBOUND_ALLOW_PRIVATE_URLS = "true";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
delete (globalThis as { backroomDb?: unknown }).backroomDb;

afterAll(async () => {
  const db = (globalThis as { backroomDb?: { $disconnect(): Promise<void> } }).backroomDb;
  await db?.$disconnect();
  delete (globalThis as { backroomDb?: unknown }).backroomDb;
  fs.rmSync(dir, { recursive: true, force: true });
});
