/**
 * `npm test`: every check, in order — migrations match the schema, typecheck, lint, unit and
 * integration tests (Vitest), production build, end-to-end tests in Debian's Chromium (Playwright).
 * Ends with one line `N passed, N failed` counting every test and every check.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../env";

type Tally = { passed: number; failed: number };
const total: Tally = { passed: 0, failed: 0 };
const report: string[] = [];
const bin = (name: string) => path.resolve("node_modules", ".bin", name);

function run(cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n$ ${[path.basename(cmd), ...args].join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }) });
  return result.status === 0;
}

function check(name: string, ok: boolean) {
  if (ok) total.passed++;
  else total.failed++;
  report.push(`${ok ? "✔" : "✘"} ${name}`);
}

function ensureChromium(): boolean {
  if (fs.existsSync("/usr/bin/chromium")) return true;
  if (process.getuid?.() === 0) {
    console.log("Installing Debian's chromium for the end-to-end tests…");
    return run("apt-get", ["update", "-qq"]) && run("apt-get", ["install", "-y", "-qq", "chromium"]);
  }
  console.error("\nThe end-to-end tests need Chromium. Run:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n");
  return false;
}

function countVitest(file: string, ok: boolean) {
  if (!fs.existsSync(file)) return check("vitest (no report written)", false);
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests + (r.numTotalTests - r.numPassedTests - r.numFailedTests);
  report.push(`${ok ? "✔" : "✘"} vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  if (!ok && r.numFailedTests === 0) check("vitest run (errors outside tests)", false);
}

type PwSuite = { specs?: { tests: { results: { status: string }[]; status?: string }[] }[]; suites?: PwSuite[] };
function countPlaywright(file: string, ok: boolean) {
  if (!fs.existsSync(file)) return check("playwright (no report written)", false);
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as { suites: PwSuite[]; errors?: unknown[] };
  const t: Tally = { passed: 0, failed: 0 };
  const walk = (s: PwSuite) => {
    for (const spec of s.specs ?? []) for (const test of spec.tests) {
      const last = test.results.at(-1)?.status;
      if (last === "passed") t.passed++;
      else t.failed++;
    }
    s.suites?.forEach(walk);
  };
  r.suites.forEach(walk);
  total.passed += t.passed;
  total.failed += t.failed;
  report.push(`${ok ? "✔" : "✘"} playwright: ${t.passed} passed, ${t.failed} failed`);
  if (!ok && t.failed === 0) check("playwright run (errors outside tests)", false);
}

fs.mkdirSync("tmp", { recursive: true });
fs.mkdirSync("test-results", { recursive: true });
fs.mkdirSync("screenshots", { recursive: true });

check(
  "migrations match prisma/schema.prisma",
  run(bin("prisma"), ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"], {
    DATABASE_URL: "file:./tmp/migrate-check.db",
  }),
);
check("typecheck (tsc --noEmit)", run(bin("tsc"), ["--noEmit"]));
check("lint (eslint)", run(bin("eslint"), ["--max-warnings=0", "."]));

const vitestJson = path.resolve("test-results", "vitest.json");
fs.rmSync(vitestJson, { force: true });
countVitest(vitestJson, run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]));

const built = run(bin("tsx"), ["-e", "import('./server/cli/build-if-needed.ts').then((m) => m.buildIfNeeded())"]);
check("production build (next build)", built);
if (built && ensureChromium()) {
  const pwJson = path.resolve("test-results", "e2e.json");
  fs.rmSync(pwJson, { force: true });
  countPlaywright(pwJson, run(bin("playwright"), ["test"]));
} else {
  check("end-to-end tests (not run: build or Chromium missing)", false);
}

console.log(`\n${report.join("\n")}`);
fs.writeFileSync(path.resolve("test-results", "totals.txt"), `${total.passed} passed, ${total.failed} failed\n`);
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 ? 0 : 1);
