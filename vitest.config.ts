import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React server bundles; tests call the same modules directly.
      "server-only": path.resolve(import.meta.dirname, "server/testing/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["server/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    setupFiles: ["server/testing/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
