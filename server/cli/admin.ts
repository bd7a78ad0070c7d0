import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isDomainError } from "../domain/errors";
import { ROLES } from "../domain/roles";
import { sqlitePath } from "../db-url";
import { prepareDatabase } from "./prepare-db";

const USAGE = `Backroom admin

  npm run admin -- shop:create --name "<name>" --owner-email <email> [--owner-password <pw>] [--time-zone <tz>] [--json]
  npm run admin -- user:add --shop <shopId> --email <email> --name "<name>" --role OWNER|MANAGER|STAFF [--password <pw>] [--json]
  npm run admin -- apikey:create --shop <shopId> [--name "<name>"] [--scope write|read] [--json]
  npm run admin -- backup [--out <file>]
  npm run admin -- jobs:run <name> | jobs:list     (jobs:run exits 75 while the job runs elsewhere)

Uses DATABASE_URL (default file:./data/backroom.db), the same database as the server.`;

type Out = { json: boolean };

/** jobs:run when the job is running elsewhere: "temporary failure, try again" (sysexits EX_TEMPFAIL). */
const EXIT_BUSY = 75;

function print(out: Out, value: unknown, human: string) {
  process.stdout.write(out.json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

function fail(message: string, out: Out, code = 1): never {
  if (out.json) process.stdout.write(`${JSON.stringify({ error: { message } })}\n`);
  else process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "owner-email": { type: "string" },
      "owner-password": { type: "string" },
      "time-zone": { type: "string" },
      shop: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      out: { type: "string" },
      scope: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const out: Out = { json: values.json ?? false };
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return;
  }
  await prepareDatabase({ seed: false, quiet: true });
  const { db } = await import("../db");

  switch (command) {
    case "shop:create": {
      const input = z
        .object({ name: z.string().trim().min(1, "--name is required"), ownerEmail: z.email("--owner-email must be an email") })
        .safeParse({ name: values.name, ownerEmail: values["owner-email"] });
      if (!input.success) fail(input.error.issues.map((i) => i.message).join("; "), out, 2);
      const { createShop } = await import("../services/shops");
      const result = await createShop(db, {
        name: input.data.name,
        ownerEmail: input.data.ownerEmail,
        ...(values["owner-password"] ? { ownerPassword: values["owner-password"] } : {}),
        ...(values["time-zone"] ? { timeZone: values["time-zone"] } : {}),
      });
      print(out, result, [
        `Shop ${result.shop.name} (${result.shop.id}) created.`,
        `Owner: ${result.owner.email} / ${result.owner.password}`,
        `API key: ${result.apiKey}`,
        `Generic POS: /api/webhooks/pos/${result.integrations.generic.id} secret ${result.integrations.generic.secret}`,
        `Shopify: /api/webhooks/pos/${result.integrations.shopify.id} secret ${result.integrations.shopify.secret}`,
      ].join("\n"));
      return;
    }
    case "user:add": {
      const input = z
        .object({
          shop: z.string().min(1, "--shop is required"),
          email: z.email("--email must be an email"),
          name: z.string().trim().min(1, "--name is required"),
          role: z.enum(ROLES, "--role must be OWNER, MANAGER or STAFF"),
        })
        .safeParse({ shop: values.shop, email: values.email, name: values.name, role: values.role });
      if (!input.success) fail(input.error.issues.map((i) => i.message).join("; "), out, 2);
      const shop = await db.shop.findUnique({ where: { id: input.data.shop } });
      if (!shop) fail(`No shop with id ${input.data.shop}`, out, 2);
      const { inviteMember } = await import("../services/users");
      const result = await inviteMember(db, shop.id, { ...input.data, ...(values.password ? { password: values.password } : {}) });
      const password = values.password ?? result.temporaryPassword;
      print(out, { user: { email: result.email, role: input.data.role, password } }, `Added ${result.email} as ${input.data.role}${password ? ` (password ${password})` : ""}.`);
      return;
    }
    case "apikey:create": {
      if (!values.shop) fail("--shop is required", out, 2);
      const shop = await db.shop.findUnique({ where: { id: values.shop } });
      if (!shop) fail(`No shop with id ${values.shop}`, out, 2);
      const scope = values.scope ?? "write";
      if (scope !== "write" && scope !== "read") fail("--scope must be write or read", out, 2);
      const { createApiKey } = await import("../services/api-keys");
      const key = await createApiKey(db, shop.id, values.name ?? "CLI key", scope);
      print(out, { apiKey: key.key, id: key.id, name: key.name, scope: key.scope }, `API key ${key.name} (${key.scope}): ${key.key}`);
      return;
    }
    case "backup": {
      const target = path.resolve(values.out ?? `backroom-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.db`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // VACUUM INTO writes a consistent copy while the server keeps running.
      await db.$executeRawUnsafe(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
      print(out, { backup: target, source: sqlitePath() }, `Backup written to ${target}`);
      return;
    }
    case "jobs:list": {
      const { JOBS } = await import("../jobs/registry");
      print(out, JOBS.map((j) => ({ name: j.name, description: j.description })), JOBS.map((j) => `${j.name.padEnd(20)} ${j.description}`).join("\n"));
      return;
    }
    case "jobs:run": {
      const name = positionals[0];
      const { JOBS, findJob } = await import("../jobs/registry");
      const job = name ? findJob(name) : undefined;
      if (!job) fail(`Unknown job ${name ?? "(none)"}. Jobs: ${JOBS.map((j) => j.name).join(", ")}`, out, 2);
      // Through the job's lock, like the scheduler: never alongside a run on another instance.
      const { runJobByName } = await import("../services/jobs");
      const outcome = await runJobByName(db, job.name, `cli:${os.hostname()}:${process.pid}`);
      if (!outcome.ran) {
        const until = outcome.until ? ` until ${outcome.until.toISOString()}` : "";
        fail(`${job.name} is running right now (lease held by ${outcome.heldBy ?? "another instance"}${until}); try again once it finishes.`, out, EXIT_BUSY);
      }
      const { run } = outcome;
      print(out, run, `${job.name}: ${run.status} in ${run.durationMs} ms — ${run.summary ?? run.error ?? ""}`);
      if (run.status !== "SUCCEEDED") process.exit(1);
      return;
    }
    default:
      fail(`Unknown command ${command}.\n\n${USAGE}`, out, 2);
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    const message = isDomainError(error) ? error.message : error instanceof Error ? error.message : String(error);
    const json = process.argv.includes("--json");
    if (json) process.stdout.write(`${JSON.stringify({ error: { message } })}\n`);
    else console.error(message);
    process.exit(1);
  });
