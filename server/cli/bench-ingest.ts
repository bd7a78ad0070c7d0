/**
 * npm run bench:ingest [-- --concurrency 32 --seconds 15 --burst-seconds 5 --port 3311 --no-jobs --keep]
 *
 * Ingest benchmark on the production build: a fresh SQLite database under tmp/, `next start` on a
 * loopback port, then in one run
 *   1. GET /api/health with N concurrent clients (the ceiling: a bare route on the same server),
 *   2. signed POS webhooks (realistic mix of both kinds) with N concurrent senders,
 *   3. a 5× burst (5N senders) that must be shed with 429 + Retry-After and never a 5xx,
 *   4. the processing catch-up: how long until the inbox is empty (orders recorded per second).
 * Prints events/s, p50/p95/p99, errors, the ratio to the ceiling, and the DESIGN.md goals.
 * The server sheds with its production defaults (an admission limit that follows the recent steady
 * in-flight level, domain/load-shed.ts); `--max-inflight N` sets INGEST_MAX_INFLIGHT, the hard cap.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../env";
import { createDb } from "../db";
import { applyCatalog } from "../services/catalog";
import { loadTrafficTarget, percentile, TrafficGenerator, type TrafficRequest } from "../services/ingest-traffic";
import { createShop } from "../services/shops";
import { applyMigrations } from "../testing/migrate";
import { DEMO_CATALOG } from "../../prisma/seed/catalog";
import { buildIfNeeded } from "./build-if-needed";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const concurrency = arg("concurrency", 32);
const seconds = arg("seconds", 15);
const burstSeconds = arg("burst-seconds", 5);
const port = arg("port", 3311);
const maxInflightArg = process.argv.includes("--max-inflight") ? arg("max-inflight", 512) : null;
const keep = process.argv.includes("--keep");
// `--no-jobs` runs the server without its scheduler, to separate ingestion from background jobs.
const jobs = !process.argv.includes("--no-jobs");

type PhaseResult = { label: string; count: number; seconds: number; latencies: number[]; statuses: Map<number | string, number>; retryAfterMissing: number };

async function runPhase(label: string, senders: number, durationS: number, nextRequest: () => { url: string; init?: RequestInit }): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses = new Map<number | string, number>();
  let retryAfterMissing = 0;
  const started = performance.now();
  const endAt = started + durationS * 1000;
  const sender = async () => {
    while (performance.now() < endAt) {
      const req = nextRequest();
      const t0 = performance.now();
      let status: number | string;
      try {
        const res = await fetch(req.url, req.init);
        await res.arrayBuffer();
        status = res.status;
        if (res.status === 429 && !res.headers.get("retry-after")) retryAfterMissing++;
      } catch {
        status = "network-error";
      }
      latencies.push(performance.now() - t0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, count: latencies.length, seconds: elapsed, latencies, statuses, retryAfterMissing };
}

function describe(r: PhaseResult): string {
  const ok = [...r.statuses].filter(([s]) => typeof s === "number" && s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
  const errors = r.count - ok;
  return (
    `${r.label.padEnd(8)} ${(ok / r.seconds).toFixed(0).padStart(6)} ok/s · p50 ${percentile(r.latencies, 50).toFixed(1)} ms · ` +
    `p95 ${percentile(r.latencies, 95).toFixed(1)} ms · p99 ${percentile(r.latencies, 99).toFixed(1)} ms · ${r.count} requests, ${errors} not 2xx ` +
    `(${[...r.statuses].map(([s, c]) => `${s}×${c}`).join(" ")})`
  );
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server did not answer ${url} within ${timeoutMs / 1000} s`);
}

async function main() {
  buildIfNeeded();
  const dir = path.resolve("tmp", "bench-ingest");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "bench.db");
  applyMigrations(file);
  const db = createDb(`file:${file}`);
  const shop = await createShop(db, { name: "Bench Donuts", ownerEmail: "bench@backroom.local", ownerPassword: "bench-password" });
  await applyCatalog(db, shop.shop.id, {
    ...DEMO_CATALOG,
    locations: [
      { code: "kiosk", name: "Kiosk", kind: "kiosk" },
      { code: "popup", name: "Pop-up", kind: "pop-up" },
    ],
  });

  const base = `http://127.0.0.1:${port}`;
  const server = spawn(path.resolve("node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: childEnv({
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      NEXTAUTH_URL: base,
      DATABASE_URL: `file:${file}`,
      ...(maxInflightArg ? { INGEST_MAX_INFLIGHT: String(maxInflightArg) } : {}),
      JOBS_ENABLED: jobs ? "true" : "false",
    }),
  });
  const stop = () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", stop);
  try {
    await waitForHealth(`${base}/api/health`, 60_000);
    const target = await loadTrafficTarget(db, shop.shop.id, base);
    // Signing happens up front so the client spends its CPU sending, not hashing.
    const gen = new TrafficGenerator(target, { seed: 7 });
    const poolSize = Math.ceil((seconds + burstSeconds + 3) * 3500);
    console.log(`Signing ${poolSize} deliveries…`);
    const pool: TrafficRequest[] = Array.from({ length: poolSize }, () => gen.next());
    let cursor = 0;
    const nextWebhook = () => {
      const req = pool[cursor % pool.length] ?? pool[0]!;
      cursor++;
      return req;
    };
    const health = { url: `${base}/api/health` };

    console.log(`Warming up…`);
    await runPhase("warmup", concurrency, 2, () => health);
    await runPhase("warmup", 4, 1, nextWebhook);

    console.log(`Measuring with ${concurrency} concurrent clients for ${seconds} s each (scheduler ${jobs ? "on" : "off"}, ${maxInflightArg ? `INGEST_MAX_INFLIGHT=${maxInflightArg}` : "default shedding"})…`);
    const ceiling = await runPhase("health", concurrency, seconds, () => health);
    console.log(describe(ceiling));
    const ingest = await runPhase("ingest", concurrency, seconds, nextWebhook);
    console.log(describe(ingest));
    const burst = await runPhase("burst", concurrency * 5, burstSeconds, nextWebhook);
    console.log(describe(burst));

    const drainStart = performance.now();
    const ordersBefore = await db.order.count();
    let pending = await db.webhookDelivery.count({ where: { status: "PENDING", error: null } });
    while (pending > 0 && performance.now() - drainStart < 90_000) {
      await new Promise((r) => setTimeout(r, 500));
      pending = await db.webhookDelivery.count({ where: { status: "PENDING", error: null } });
    }
    const drainS = (performance.now() - drainStart) / 1000;
    const orders = await db.order.count();
    const byStatus = await db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } });
    // Rows still PENDING carry why: refunds/cancels whose order was shed in the burst wait for it.
    const parked = await db.webhookDelivery.groupBy({ by: ["error"], where: { status: "PENDING", NOT: { error: null } }, _count: { _all: true } });

    const parkedReasons = new Map<string, number>();
    for (const p of parked) {
      const reason = (p.error ?? "").replace(/order \S+/, "order …").slice(0, 90);
      parkedReasons.set(reason, (parkedReasons.get(reason) ?? 0) + p._count._all);
    }
    const okIngest = [...ingest.statuses].filter(([s]) => typeof s === "number" && s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
    const okHealth = [...ceiling.statuses].filter(([s]) => s === 200).reduce((n, [, c]) => n + c, 0);
    const ingestRate = okIngest / ingest.seconds;
    const healthRate = okHealth / ceiling.seconds;
    const ratio = healthRate ? ingestRate / healthRate : 0;
    const p99 = percentile(ingest.latencies, 99);
    const shed = burst.statuses.get(429) ?? 0;
    const fiveXX = [...ingest.statuses, ...burst.statuses].filter(([s]) => typeof s === "number" && s >= 500).reduce((n, [, c]) => n + c, 0);

    console.log(`\nRatio ingest / health ceiling: ${(ratio * 100).toFixed(1)} %`);
    console.log(`Burst: ${shed} shed with 429 (${burst.retryAfterMissing} without Retry-After), ${fiveXX} answers 5xx`);
    console.log(
      `Processing: inbox ${pending === 0 ? "empty" : `${pending} still pending`} ${drainS.toFixed(1)} s after the burst; ${orders} orders recorded ` +
        `(${orders - ordersBefore} during catch-up) · deliveries ${byStatus.map((b) => `${b.status}×${b._count._all}`).join(" ")}`,
    );
    for (const [reason, count] of parkedReasons) console.log(`  still pending ${count}×: ${reason}`);
    const goals = [
      [`≥ 1000 events/s`, ingestRate >= 1000, `${ingestRate.toFixed(0)}/s`],
      [`p99 ≤ 100 ms`, p99 <= 100, `${p99.toFixed(1)} ms`],
      [`≥ 40 % of health`, ratio >= 0.4, `${(ratio * 100).toFixed(1)} %`],
      [`burst shed with 429 + Retry-After, no 5xx`, shed > 0 && burst.retryAfterMissing === 0 && fiveXX === 0, `${shed}×429, ${fiveXX}×5xx`],
    ] as const;
    console.log("\nGoals (DESIGN.md):");
    for (const [name, met, value] of goals) console.log(`  ${met ? "✓" : "✗"} ${name}: ${value}`);
  } finally {
    stop();
    await db.$disconnect();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
