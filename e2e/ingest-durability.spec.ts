/**
 * Durability of the webhook contract on the real production server: every delivery answered 2xx
 * survives `kill -9` of `next start` right after the answer, and is processed once it is back.
 *
 * Runs under Playwright so it uses the production build the web server just made; it starts its
 * own `next start` (own port, own fresh database, own process group) so it can kill it. Everything
 * goes through the public contracts: `admin shop:create`, PUT /api/v1/catalog, movements, the
 * signed webhook, GET /api/v1/orders and GET stock.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { genericOrder, signedGenericRequest } from "../server/services/ingest-signing";

const port = Number(process.env.E2E_PORT ?? 3100) + 7;
const base = `http://127.0.0.1:${port}`;
const dir = path.resolve("tmp", "e2e-durability");
const env = {
  ...process.env,
  DATABASE_URL: `file:${path.join(dir, "backroom.db")}`,
  NEXTAUTH_SECRET: "durability-secret-durability-secret-0123",
  NEXTAUTH_URL: base,
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production" as const,
  // The scheduler drains the inbox at boot, as in production.
  JOBS_ENABLED: "true",
};
const tsx = path.resolve("node_modules", ".bin", "tsx");

function run(args: string[]): string {
  const result = spawnSync(tsx, args, { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(path.resolve("node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${base}/api/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBe(200);
  return child;
}

/** SIGKILL to the whole group: `next start` leaves next-server holding the port otherwise. */
async function killGroup(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.pid) process.kill(-child.pid, "SIGKILL");
  await exited;
}

test("every delivery answered 2xx survives kill -9 of next start and is processed after restart", async () => {
  test.setTimeout(90_000);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  run(["server/cli/prepare-db.ts", "--no-seed"]);
  const created = JSON.parse(run(["server/cli/admin.ts", "shop:create", "--name", "Durable Donuts", "--owner-email", "durable@backroom.local", "--json"])) as {
    apiKey: string;
    integrations: { generic: { id: string; secret: string } };
  };
  const auth = { authorization: `Bearer ${created.apiKey}`, "content-type": "application/json" };
  const generic = created.integrations.generic;

  let server = await startServer();
  let killed = false;
  try {
    const catalog = await fetch(`${base}/api/v1/catalog`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({
        components: [{ code: "DOUGH", name: "Dough", unit: "g" }],
        products: [{ sku: "GLAZED", name: "Glazed", priceMinor: 250, kit: [{ component: "DOUGH", quantity: 80 }] }],
      }),
    });
    expect(catalog.status).toBe(200);
    const initial = 1_000_000;
    const receipt = await fetch(`${base}/api/v1/locations/main/movements`, { method: "POST", headers: auth, body: JSON.stringify({ movements: [{ type: "receipt", component: "DOUGH", quantity: initial }] }) });
    expect(receipt.ok).toBe(true);

    // 80 orders in flight at once; the server is killed the moment 50 of them have been answered 2xx,
    // so some deliveries are mid-request when it dies (those were never promised to anyone).
    const orders = Array.from({ length: 80 }, (_, i) => ({ id: `KILL-${i}`, quantity: (i % 4) + 1 }));
    const answered = new Set<string>();
    let onEnough: () => void = () => {};
    const enough = new Promise<void>((resolve) => (onEnough = resolve));
    const sends = orders.map(async (o) => {
      const req = signedGenericRequest(`${base}/api/webhooks/pos/${generic.id}`, generic.secret, {
        type: "order.created",
        data: genericOrder(o.id, [{ sku: "GLAZED", quantity: o.quantity, unitPriceMinor: 250 }]),
      });
      try {
        const res = await fetch(req.url, req.init);
        const body = (await res.json()) as unknown;
        if (res.status === 202) {
          expect(body).toEqual({ status: "accepted" });
          answered.add(o.id);
          if (answered.size >= 50) onEnough();
        }
      } catch {
        // The server died before answering: not a 2xx, so no promise was made.
      }
    });
    await Promise.race([enough, Promise.all(sends)]);
    await killGroup(server);
    killed = true;
    await Promise.all(sends);
    expect(answered.size).toBeGreaterThanOrEqual(50);

    server = await startServer();
    killed = false;
    let expectedUse = 0;
    for (const o of orders) {
      const res = await fetch(`${base}/api/v1/orders/${generic.id}/${o.id}`, { headers: auth });
      if (answered.has(o.id)) expect(res.status, `order ${o.id} was answered 202`).toBe(200);
      if (res.status === 200) {
        const order = (await res.json()) as { status: string; lines: { sku: string; quantity: number; mapped: boolean }[] };
        expect(order).toMatchObject({ status: "OPEN", lines: [{ sku: "GLAZED", quantity: o.quantity, mapped: true }] });
        expectedUse += o.quantity * 80;
      } else {
        expect(res.status).toBe(404);
      }
    }
    const stock = (await (await fetch(`${base}/api/v1/locations/main/stock`, { headers: auth })).json()) as { components: { code: string; onHand: number }[] };
    expect(stock.components.find((c) => c.code === "DOUGH")?.onHand).toBe(initial - expectedUse);
  } finally {
    if (!killed) await killGroup(server);
  }
});
