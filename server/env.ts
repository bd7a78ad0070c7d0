import { z } from "zod";

/**
 * The one place that reads process.env. Everything else imports `env`.
 * Defaults make `npm start` work on a fresh clone; production secrets are checked at start-up.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file: URL, e.g. file:./data/backroom.db")
    .default("file:./data/backroom.db"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  /** Public base URL shown in integration setup (webhook URLs). */
  APP_URL: z.string().url().optional(),
  /** In-process scheduler; tests and one-off CLI runs turn it off. */
  JOBS_ENABLED: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Hard cap on webhook requests in flight (429 beyond); overload lowers it adaptively (domain/load-shed.ts). */
  INGEST_MAX_INFLIGHT: z.coerce.number().int().min(1).default(512),
  /** Sign-in attempts per email (and per IP ×4) in a 15-minute window. */
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /**
   * Proxies in front of the app that append to X-Forwarded-For: false/0 (default) trusts none and
   * throttles sign-ins of all clients in one shared bucket; true = 1; a number for a chain.
   */
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v, ctx) => {
      const value = v.trim().toLowerCase();
      if (value === "false" || value === "") return 0;
      if (value === "true") return 1;
      const hops = Number(value);
      if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
        ctx.addIssue({ code: "custom", message: "TRUST_PROXY must be true, false or a number of proxies (0-10)" });
        return z.NEVER;
      }
      return hops;
    }),
  /** Integrator API (/api/v1): requests per second per API key, and the burst allowed on top. */
  API_RATE_PER_SECOND: z.coerce.number().positive().default(20),
  API_RATE_BURST: z.coerce.number().int().min(1).default(60),
  /**
   * Outbound webhooks may reach loopback, private and link-local addresses (a receiver on the same
   * machine or LAN, local tests). Off by default: subscriptions cannot probe the internal network.
   */
  OUTBOUND_ALLOW_PRIVATE_URLS: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  CI: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

function loadEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv();

/** Public URL of this deployment, for links shown to integrators. */
export function appUrl(): string {
  return (env.APP_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** Environment for a child process (CLI scripts start servers and tools). */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
