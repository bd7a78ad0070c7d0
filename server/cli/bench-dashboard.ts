/**
 * npm run bench:dashboard [-- --runs 20 --volume 2.5 --keep --reuse]
 *
 * Builds two fresh SQLite databases under tmp/ with one year of a 10-location donut shop — one at
 * ≈100 k order line items, one at ≈1 M — written by the same history generator as the demo seed
 * (raw batched inserts through better-sqlite3), then times every dashboard query through the real
 * services (Prisma + the SQL in server/db-sql/sqlite) and prints p50/p95 per query for each size
 * and the growth ratio. Views: 30 and 90 days and a year by week, unfiltered, and 30 days filtered
 * to one location, one channel and both (the filter path reads the same covering indexes).
 * Goal (DESIGN.md): p95 ≤ 150 ms at 1 M, growth at most linear (≤ the data's growth).
 * `--keep` leaves the databases in tmp/; `--reuse` times kept databases without rebuilding them.
 * `--writes` instead measures what the dashboard's triggers cost ingestion: µs per order (5 lines,
 * 5 movements, a tag, a customer) on empty databases migrated up to each dashboard migration.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb } from "../db";
import { batchSize, insertSql, type HistoryTable, type RowSink, type SqlValue } from "../db-sql/sqlite/history";
import { sqlTime } from "../db-sql/sqlite/dashboard";
import { addDays, localParts } from "../domain/business-day";
import type { KitGraph } from "../domain/kit";
import { applyCatalog } from "../services/catalog";
import {
  getCampaignRevenue,
  getChannelRevenue,
  getCustomerKpis,
  getFilterOptions,
  getOperations,
  getStockouts,
  getSummary,
  getTagRevenue,
  type DashboardFilterInput,
} from "../services/dashboard";
import { generateHistory } from "../services/history-generator";
import { createShop } from "../services/shops";
import { applyMigrations } from "../testing/migrate";
import { DEMO_CATALOG } from "../../prisma/seed/catalog";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const RUNS = arg("runs", 20);
const BIG_VOLUME = arg("volume", 2.45);
const KEEP = process.argv.includes("--keep") || process.argv.includes("--reuse");
const REUSE = process.argv.includes("--reuse");

const LOCATIONS = [
  { code: "main", name: "Main Street store", kind: "store" },
  { code: "uptown", name: "Uptown store", kind: "store" },
  { code: "harbor", name: "Harbor store", kind: "store" },
  { code: "campus", name: "Campus store", kind: "store" },
  { code: "station", name: "Station kiosk", kind: "kiosk" },
  { code: "mall", name: "Mall kiosk", kind: "kiosk" },
  { code: "airport", name: "Airport kiosk", kind: "kiosk" },
  { code: "hub-north", name: "North micro-hub", kind: "micro-hub" },
  { code: "hub-south", name: "South micro-hub", kind: "micro-hub" },
  { code: "market", name: "Saturday market pop-up", kind: "pop-up" },
];

/** A RowSink straight into better-sqlite3 with cached multi-row statements. */
function sqliteSink(sqlite: Database.Database): RowSink {
  const cache = new Map<string, Database.Statement>();
  const stmt = (table: HistoryTable, n: number) => {
    const k = `${table}:${n}`;
    let s = cache.get(k);
    if (!s) {
      s = sqlite.prepare(insertSql(table, n));
      cache.set(k, s);
    }
    return s;
  };
  return async (table, rows) => {
    const size = Math.min(batchSize(table), 500);
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      stmt(table, chunk.length).run(...(chunk.flat() as SqlValue[]));
    }
  };
}

type Built = { file: string; shopId: string; stats: { lines: number; orders: number; movements: number }; seconds: number };

/** A database kept by an earlier `--keep` run: its shop and counts are read back. */
async function reuseDatabase(label: string): Promise<Built> {
  const file = path.resolve("tmp", `bench-dashboard-${label}.db`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run once with --keep first.`);
  const sqlite = new Database(file, { readonly: true });
  const shop = sqlite.prepare(`SELECT id FROM Shop WHERE name = ?`).get(`Bench Donuts ${label}`) as { id: string } | undefined;
  if (!shop) throw new Error(`${file} has no bench shop.`);
  const count = (table: string) => Number((sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE shopId = ?`).get(shop.id) as { n: number }).n);
  const stats = { lines: count("OrderLine"), orders: count("Order"), movements: count("StockMovement") };
  sqlite.close();
  return { file, shopId: shop.id, stats, seconds: 0 };
}

async function buildDatabase(label: string, volume: number, now: Date): Promise<Built> {
  if (REUSE) return reuseDatabase(label);
  const dir = path.resolve("tmp");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-dashboard-${label}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  applyMigrations(file);
  const db = createDb(`file:${file}`);
  const created = await createShop(db, { name: `Bench Donuts ${label}`, ownerEmail: `bench-${label}@example.com`, timeZone: "America/New_York" });
  const shopId = created.shop.id;
  await db.location.update({ where: { shopId_code: { shopId, code: "main" } }, data: { name: "Main Street store" } });
  for (const l of LOCATIONS.slice(1)) await db.location.create({ data: { ...l, shopId } });
  await applyCatalog(db, shopId, DEMO_CATALOG);
  const [locations, products, components, kitLines] = await Promise.all([
    db.location.findMany({ where: { shopId }, select: { id: true, code: true, kind: true }, orderBy: { createdAt: "asc" } }),
    db.product.findMany({ where: { shopId }, select: { id: true, sku: true, priceMinor: true, isModifier: true } }),
    db.component.findMany({ where: { shopId }, select: { id: true, code: true, unit: true, supplierId: true } }),
    db.kitLine.findMany({ where: { product: { shopId } }, select: { productId: true, componentId: true, childProductId: true, quantity: true } }),
  ]);
  await db.$disconnect();
  const graph = new Map(products.map((p) => [p.id, { label: p.sku, lines: [] as { kind: "component" | "product"; ref: string; quantity: number }[] }]));
  for (const l of kitLines) {
    const node = graph.get(l.productId);
    if (l.componentId) node?.lines.push({ kind: "component", ref: l.componentId, quantity: l.quantity });
    else if (l.childProductId) node?.lines.push({ kind: "product", ref: l.childProductId, quantity: l.quantity });
  }

  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  const started = performance.now();
  sqlite.exec("BEGIN");
  const today = localParts(now, "America/New_York").businessDate;
  const { stats, deltas } = await generateHistory(
    {
      shopId,
      timeZone: "America/New_York",
      currency: "USD",
      integrationId: created.integrations.generic.id,
      locations,
      products,
      components,
      kitGraph: graph as KitGraph,
      startDate: addDays(today, -364),
      days: 365,
      now,
      seed: 365,
      volume,
      idPrefix: `b${label}`,
    },
    sqliteSink(sqlite),
  );
  const upsert = sqlite.prepare(
    `INSERT INTO "StockBalance" ("locationId","componentId","shopId","onHand","updatedAt") VALUES (?,?,?,?,?)
     ON CONFLICT("locationId","componentId") DO UPDATE SET "onHand" = "onHand" + excluded."onHand"`,
  );
  for (const d of deltas.values()) upsert.run(d.locationId, d.componentId, shopId, d.delta, sqlTime(now));
  sqlite.exec("COMMIT");
  sqlite.exec("ANALYZE");
  sqlite.close();
  const seconds = (performance.now() - started) / 1000;
  return { file, shopId, stats, seconds };
}

const QUERIES: { name: string; run: (db: ReturnType<typeof createDb>, shopId: string, input: DashboardFilterInput, now: Date) => Promise<unknown> }[] = [
  { name: "summary (sales KPIs)", run: (db, s, i, n) => getSummary(db, s, i, n) },
  { name: "customers (preorder, repeat)", run: (db, s, i, n) => getCustomerKpis(db, s, i, n) },
  { name: "operations (waste, lead)", run: (db, s, i, n) => getOperations(db, s, i, n) },
  { name: "channelRevenue", run: (db, s, i, n) => getChannelRevenue(db, s, i, n) },
  { name: "tagRevenue", run: (db, s, i, n) => getTagRevenue(db, s, i, n) },
  { name: "campaignRevenue", run: (db, s, i, n) => getCampaignRevenue(db, s, i, n) },
  { name: "stockouts", run: (db, s, i, n) => getStockouts(db, s, i, n) },
  { name: "filterOptions", run: (db, s) => getFilterOptions(db, s) },
];

type View = { name: string; input: (ctx: { today: string; locationId: string; channel: string }) => DashboardFilterInput };

const VIEWS: View[] = [
  { name: "30d", input: () => ({ preset: "30d" }) },
  { name: "90d", input: () => ({ preset: "90d" }) },
  { name: "365d weekly", input: ({ today }) => ({ preset: "custom", from: addDays(today, -364), to: today, granularity: "week" }) },
  { name: "30d · 1 location", input: ({ locationId }) => ({ preset: "30d", locationId }) },
  { name: "30d · 1 channel", input: ({ channel }) => ({ preset: "30d", channel }) },
  { name: "30d · both", input: ({ locationId, channel }) => ({ preset: "30d", locationId, channel }) },
  { name: "90d · both", input: ({ locationId, channel }) => ({ preset: "90d", locationId, channel }) },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timeQueries(file: string, shopId: string, now: Date) {
  const db = createDb(`file:${file}`);
  const today = localParts(now, "America/New_York").businessDate;
  // The busiest store and the walk-in channel: the filtered views that read the most rows.
  const location = await db.location.findFirstOrThrow({ where: { shopId, code: "main" }, select: { id: true } });
  const ctx = { today, locationId: location.id, channel: "walk-in" };
  const results = new Map<string, { p50: number; p95: number }>();
  for (const view of VIEWS) {
    const input = view.input(ctx);
    for (const q of QUERIES) {
      if (q.name === "filterOptions" && view.name !== "30d") continue;
      await q.run(db, shopId, input, now); // warm the page cache and the statement cache
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await q.run(db, shopId, input, now);
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      results.set(`${view.name} · ${q.name}`, { p50: percentile(samples, 50), p95: percentile(samples, 95) });
    }
  }
  await db.$disconnect();
  return results;
}

/**
 * Raw better-sqlite3 inserts of one order as ingestion writes it (header, 5 lines, 1 tag, 5 ledger
 * movements), `orders` times in one transaction, on a fresh database with the migrations up to and
 * including `until` (the triggers are the difference between runs). Foreign keys are off: no parent
 * rows are needed and their checks cost the same in every run. Returns µs per order (median of 5).
 */
function timeWrites(until: string | null, orders: number): number {
  const file = path.resolve("tmp", `bench-writes-${until ?? "none"}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const dir = path.resolve("prisma", "migrations");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  for (const m of fs.readdirSync(dir).filter((d) => /^\d+_/.test(d)).sort()) {
    sqlite.exec(fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8"));
    if (until && m.endsWith(`_${until}`)) break;
  }
  sqlite.pragma("foreign_keys = OFF");
  const order = sqlite.prepare(
    `INSERT INTO "Order" ("id","shopId","integrationId","externalId","locationId","locationCode","channel","campaign","customerRef","currency","status",
       "subtotalMinor","refundedMinor","placedAt","fulfilledAt","stateAt","businessDate","localHour","weekday","updatedAt")
     VALUES (?,?,?,?,?,?,?,?,?,'USD','OPEN',?,0,?,NULL,?,?,?,?,?)`,
  );
  const line = sqlite.prepare(
    `INSERT INTO "OrderLine" ("id","orderId","shopId","lineNo","sku","quantity","unitPriceMinor","businessDate","locationId","channel") VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  const tag = sqlite.prepare(`INSERT INTO "OrderTag" ("orderId","tag","shopId","businessDate") VALUES (?,?,?,?)`);
  const move = sqlite.prepare(
    `INSERT INTO "StockMovement" ("id","shopId","locationId","componentId","type","quantity","orderId","occurredAt") VALUES (?,?,?,?,'SALE',?,?,?)`,
  );
  const samples: number[] = [];
  let n = 0;
  for (let round = 0; round < 5; round++) {
    sqlite.exec("BEGIN");
    const t0 = performance.now();
    for (let i = 0; i < orders; i++, n++) {
      const at = new Date(Date.UTC(2026, 0, 1) + n * 97_000);
      const placedAt = sqlTime(at);
      const date = placedAt.slice(0, 10);
      const id = `o${n}`;
      const loc = `loc${n % 10}`;
      const channel = ["walk-in", "online", "preorder-qr"][n % 3] as string;
      order.run(id, "shop", "int", `E${n}`, loc, "main", channel, n % 25 === 0 ? "nl" : null, n % 2 ? `c${n % 5000}` : null, 1250, placedAt, placedAt, date, at.getUTCHours(), at.getUTCDay(), placedAt);
      for (let l = 1; l <= 5; l++) line.run(`${id}l${l}`, id, "shop", l, `SKU${l}`, 1, 250, date, loc, channel);
      tag.run(id, n % 6 === 0 ? "preorder" : "market", "shop", date);
      for (let c = 1; c <= 5; c++) move.run(`${id}m${c}`, "shop", loc, `comp${(n + c) % 17}`, -c, id, placedAt);
    }
    samples.push(((performance.now() - t0) * 1000) / orders);
    sqlite.exec("COMMIT");
  }
  sqlite.close();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  samples.sort((a, b) => a - b);
  return samples[2] as number;
}

function benchWrites() {
  fs.mkdirSync(path.resolve("tmp"), { recursive: true });
  const orders = 4000;
  console.log(`Write cost of the dashboard's triggers: µs per order (5 lines, 1 tag, 5 movements), ${orders} orders × 5 rounds, median.`);
  for (const [label, until] of [
    ["no dashboard triggers (ingest_delivery_key)", "ingest_delivery_key"],
    ["sales, ledger and repeat triggers (dashboard_hardening)", "dashboard_hardening"],
    ["+ tag, campaign, hourly and preorder rollups (dashboard_rollups)", "dashboard_rollups"],
    ["+ stock-day rollup (stock_day_rollup)", "stock_day_rollup"],
    ["+ customer-day rollup and pointers (customer_pointers)", null],
  ] as const) {
    console.log(`  ${label.padEnd(68)}${timeWrites(until, orders).toFixed(1).padStart(8)} µs`);
  }
}

async function main() {
  if (process.argv.includes("--writes")) return benchWrites();
  const now = new Date();
  console.log(`Dashboard benchmark: one year, ${LOCATIONS.length} locations, ${RUNS} runs per query.`);
  const small = await buildDatabase("100k", BIG_VOLUME / 10, now);
  console.log(`  ≈100 k: ${small.stats.lines.toLocaleString("en-US")} line items, ${small.stats.orders.toLocaleString("en-US")} orders, ${small.stats.movements.toLocaleString("en-US")} movements, generated in ${small.seconds.toFixed(1)} s`);
  const big = await buildDatabase("1m", BIG_VOLUME, now);
  console.log(`  ≈1 M:   ${big.stats.lines.toLocaleString("en-US")} line items, ${big.stats.orders.toLocaleString("en-US")} orders, ${big.stats.movements.toLocaleString("en-US")} movements, generated in ${big.seconds.toFixed(1)} s`);
  const a = await timeQueries(small.file, small.shopId, now);
  const b = await timeQueries(big.file, big.shopId, now);
  const rows = [...a.keys()].map((k) => {
    const x = a.get(k)!;
    const y = b.get(k)!;
    return { query: k, p50a: x.p50, p95a: x.p95, p50b: y.p50, p95b: y.p95, growth: y.p95 / x.p95 };
  });
  const dataGrowth = big.stats.lines / small.stats.lines;
  const pad = (s: string, n: number) => s.padEnd(n);
  const ms = (v: number) => v.toFixed(1).padStart(8);
  console.log("");
  console.log(`${pad("query (view)", 48)}${"p50 100k".padStart(9)}${"p95 100k".padStart(9)}${"p50 1M".padStart(9)}${"p95 1M".padStart(9)}${"growth".padStart(8)}  goal`);
  for (const r of rows) {
    const ok = r.p95b <= 150 && r.growth <= dataGrowth;
    console.log(`${pad(r.query, 48)}${ms(r.p50a)} ${ms(r.p95a)} ${ms(r.p50b)} ${ms(r.p95b)} ${(r.growth.toFixed(2) + "×").padStart(7)}  ${ok ? "ok" : "MISSED"}`);
  }
  const worst = rows.reduce((m, r) => Math.max(m, r.p95b), 0);
  const worstGrowth = rows.reduce((m, r) => Math.max(m, r.growth), 0);
  console.log("");
  console.log(`Data grew ${dataGrowth.toFixed(2)}× (line items); slowest p95 at 1 M: ${worst.toFixed(1)} ms (goal ≤ 150 ms); largest p95 growth ${worstGrowth.toFixed(2)}× (goal ≤ ${dataGrowth.toFixed(2)}×, linear).`);
  if (!KEEP) for (const f of [small.file, big.file]) for (const s of ["", "-wal", "-shm"]) fs.rmSync(f + s, { force: true });
  else console.log(`Kept ${path.relative(process.cwd(), small.file)} and ${path.relative(process.cwd(), big.file)} (time them again with --reuse).`);
  const failed = rows.some((r) => r.p95b > 150 || r.growth > dataGrowth);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
