/**
 * Next.js instrumentation hook: starts the in-process job scheduler once per server process, only
 * in the Node.js runtime and only when JOBS_ENABLED (tests and one-off CLI runs turn it off).
 */
export async function register() {
  // NEXT_RUNTIME is replaced at build time; reading it here (not via server/env) lets Next drop the
  // Node-only branch from the edge bundle.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env");
  if (!env.JOBS_ENABLED) return;
  const [{ db }, { startScheduler }] = await Promise.all([import("./server/db"), import("./server/jobs/scheduler")]);
  const scheduler = startScheduler(db);
  console.log(`[scheduler] started as ${scheduler.holder}`);
}
