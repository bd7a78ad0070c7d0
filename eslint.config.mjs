import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  { ignores: ["node_modules/**", ".next/**", "server/generated/**", "data/**", "tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from server/env.ts." },
      ],
    },
  },
  {
    // The env module, test setup and tool configs are where the environment is read or set.
    files: ["server/env.ts", "server/testing/**", "vitest.config.ts", "playwright.config.ts", "e2e/**"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
