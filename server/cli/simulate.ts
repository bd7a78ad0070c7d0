/**
 * POS simulator: sends realistic signed webhook traffic for one shop to a running Backroom.
 *   npm run simulate -- --shop <id|slug> [--rate 20] [--minutes 5] [--url http://localhost:3000] [--seed 42]
 * Reads the shop's integrations (with their secrets), catalog and locations from DATABASE_URL.
 */
import { db } from "../db";
import { appUrl } from "../env";
import { loadTrafficTarget, percentile, TrafficGenerator } from "../services/ingest-traffic";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const shop = arg("shop") ?? "demo";
  const rate = Number(arg("rate") ?? 20);
  const minutes = Number(arg("minutes") ?? 5);
  const url = arg("url") ?? appUrl();
  if (!(rate > 0 && rate <= 5000) || !(minutes > 0)) throw new Error("--rate must be 1..5000 events/s and --minutes above 0");
  const target = await loadTrafficTarget(db, shop, url);
  const gen = new TrafficGenerator(target, { seed: arg("seed") ? Number(arg("seed")) : undefined });
  console.log(`Sending ~${rate} events/s for ${minutes} min to ${target.baseUrl} (${target.locations.length} locations, ${target.products.length} products)…`);

  const statuses = new Map<string, number>();
  const labels = new Map<string, number>();
  const latencies: number[] = [];
  let inFlight = 0;
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  let sent = 0;

  const sendOne = async () => {
    const req = gen.next();
    labels.set(req.label, (labels.get(req.label) ?? 0) + 1);
    inFlight++;
    const t0 = performance.now();
    try {
      const res = await fetch(req.url, req.init);
      await res.arrayBuffer();
      const key = String(res.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    } catch (error) {
      statuses.set("network-error", (statuses.get("network-error") ?? 0) + 1);
      if (statuses.get("network-error") === 1) console.error(`Cannot reach ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      latencies.push(performance.now() - t0);
      inFlight--;
    }
  };

  let lastReport = started;
  while (Date.now() < endAt) {
    // Catch up to the schedule: rate × elapsed seconds events should have gone by now.
    const due = Math.floor(((Date.now() - started) / 1000) * rate) + 1;
    while (sent < due) {
      sent++;
      void sendOne();
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${sent} sent · ${[...statuses].map(([k, v]) => `${k}×${v}`).join(" ")}`);
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(50, 1000 / rate))));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  latencies.sort((a, b) => a - b);
  console.log(`\nSent ${sent} deliveries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  answers: ${[...statuses].map(([k, v]) => `${k}×${v}`).join("  ")}`);
  console.log(`  kinds:   ${[...labels].map(([k, v]) => `${k}×${v}`).join("  ")}`);
  console.log(`  latency: p50 ${percentile(latencies, 50).toFixed(1)} ms · p95 ${percentile(latencies, 95).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
