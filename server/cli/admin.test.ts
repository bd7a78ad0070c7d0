import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../domain/secrets";
import { childEnv } from "../env";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backroom-admin-"));
const file = path.join(dir, "admin.db");
const tsx = path.resolve("node_modules/.bin/tsx");

/** Runs the admin CLI the way an operator does, against its own database file. */
async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["server/cli/admin.ts", ...args], {
      env: childEnv({ DATABASE_URL: `file:${file}` }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run admin -- shop:create --json", () => {
  it("creates a fresh database and prints exactly the documented JSON", async () => {
    const { code, stdout } = await admin("shop:create", "--name", "Night Owl Donuts", "--owner-email", "owl@example.com", "--owner-password", "hoot-hoot-123", "--json");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(["apiKey", "integrations", "owner", "shop"]);
    expect(out).toMatchObject({
      shop: { id: expect.any(String), name: "Night Owl Donuts" },
      owner: { email: "owl@example.com", password: "hoot-hoot-123" },
      apiKey: expect.stringMatching(/^brk_/),
      integrations: {
        generic: { id: expect.any(String), secret: expect.stringMatching(/^whsec_/) },
        shopify: { id: expect.any(String), secret: expect.any(String) },
      },
    });

    const sqlite = new Database(file, { readonly: true });
    const shopId = (out.shop as { id: string }).id;
    expect(sqlite.prepare("SELECT code FROM Location WHERE shopId = ?").all(shopId)).toEqual([{ code: "main" }]);
    const key = sqlite.prepare("SELECT hash FROM ApiKey WHERE shopId = ?").get(shopId) as { hash: string };
    expect(key.hash).toBe(hashApiKey(out.apiKey as string));
    const kinds = sqlite.prepare("SELECT kind FROM Integration WHERE shopId = ? ORDER BY kind").all(shopId);
    expect(kinds).toEqual([{ kind: "generic" }, { kind: "shopify" }]);
    sqlite.close();
  }, 60_000);

  it("generates an owner password when none is given, and refuses bad input with a JSON error", async () => {
    const ok = await admin("shop:create", "--name", "Second Shop", "--owner-email", "second@example.com", "--json");
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { owner: { password: string } }).owner.password.length).toBeGreaterThanOrEqual(12);

    const bad = await admin("shop:create", "--name", "No Owner", "--owner-email", "not-an-email", "--json");
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout)).toEqual({ error: { message: "--owner-email must be an email" } });
  }, 60_000);

  it("adds users and API keys to an existing shop", async () => {
    const created = JSON.parse((await admin("shop:create", "--name", "Third", "--owner-email", "third@example.com", "--json")).stdout) as { shop: { id: string } };
    const user = await admin("user:add", "--shop", created.shop.id, "--email", "baker@example.com", "--name", "Baker", "--role", "STAFF", "--password", "bake-bake-123", "--json");
    expect(JSON.parse(user.stdout)).toEqual({ user: { email: "baker@example.com", role: "STAFF", password: "bake-bake-123" } });
    const key = await admin("apikey:create", "--shop", created.shop.id, "--name", "Listings", "--json");
    expect(JSON.parse(key.stdout)).toMatchObject({ apiKey: expect.stringMatching(/^brk_/), name: "Listings", scope: "write" });
    const readKey = await admin("apikey:create", "--shop", created.shop.id, "--name", "Feed", "--scope", "read", "--json");
    expect(JSON.parse(readKey.stdout)).toMatchObject({ apiKey: expect.stringMatching(/^brk_/), name: "Feed", scope: "read" });
    const badScope = await admin("apikey:create", "--shop", created.shop.id, "--scope", "admin", "--json");
    expect(badScope.code).toBe(2);
    expect(JSON.parse(badScope.stdout)).toEqual({ error: { message: "--scope must be write or read" } });
    const missing = await admin("apikey:create", "--shop", "no-such-shop", "--json");
    expect(missing.code).not.toBe(0);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { message: "No shop with id no-such-shop" } });
  }, 60_000);
});

describe("npm run admin -- backup", () => {
  it("writes a consistent copy of the database that opens on its own", async () => {
    const created = JSON.parse((await admin("shop:create", "--name", "Backup Bakery", "--owner-email", "backup@example.com", "--json")).stdout) as { shop: { id: string } };
    const target = path.join(dir, "backups", "copy.db");
    const { code, stdout } = await admin("backup", "--out", target, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ backup: target, source: file });
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("SELECT name FROM Shop WHERE id = ?").get(created.shop.id)).toEqual({ name: "Backup Bakery" });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
  }, 60_000);
});

describe("npm run admin -- jobs:run", () => {
  it("runs a job through its lock and records the run", async () => {
    const { code, stdout } = await admin("jobs:run", "resupply-scan", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "resupply-scan", status: "SUCCEEDED", shopId: null, summary: expect.stringMatching(/rules in \d+ shops checked/) });
    const sqlite = new Database(file, { readonly: true });
    // The CLI released the lease when it finished: the scheduler may run the job again.
    const lock = sqlite.prepare("SELECT holder FROM JobLock WHERE name = 'resupply-scan'").get() as { holder: string };
    expect(lock.holder).toMatch(/^cli:/);
    sqlite.close();
  }, 60_000);

  it("refuses, and exits 75, while another instance is running the job", async () => {
    const sqlite = new Database(file);
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    sqlite.prepare("INSERT OR REPLACE INTO JobLock (name, holder, expiresAt) VALUES ('outbound-delivery', 'web-2:4242:beef', ?)").run(until);
    const { code, stdout } = await admin("jobs:run", "outbound-delivery", "--json");
    expect(code).toBe(75);
    expect(JSON.parse(stdout)).toEqual({
      error: { message: expect.stringMatching(/^outbound-delivery is running right now \(lease held by web-2:4242:beef until .+\); try again once it finishes\.$/) },
    });
    const human = await admin("jobs:run", "outbound-delivery");
    expect(human.code).toBe(75);
    expect(human.stderr).toMatch(/outbound-delivery is running right now/);
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM JobRun WHERE name = 'outbound-delivery'").get()).toEqual({ n: 0 });
    // An idle lease (kept between scheduled runs, nothing running) does not block an operator.
    sqlite.prepare("UPDATE JobLock SET holder = 'web-2:4242:beef#idle' WHERE name = 'outbound-delivery'").run();
    expect((await admin("jobs:run", "outbound-delivery", "--json")).code).toBe(0);
    sqlite.close();
  }, 60_000);

  it("names the jobs when the name is unknown", async () => {
    const { code, stdout } = await admin("jobs:run", "no-such-job", "--json");
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { error: { message: string } }).error.message).toMatch(/^Unknown job no-such-job\. Jobs: .*resupply-scan/);
  }, 60_000);
});
