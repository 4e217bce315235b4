import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Projects: unit (next to the code, *.test.ts), integration (tests/integration, real database),
 * media (media-server/tests, real mediasoup worker), e2e (tests/e2e, real Chromium + built app).
 * scripts/test.mjs runs them in order (media and e2e with --no-file-parallelism) and runs integration
 * twice when DATABASE_URL is set.
 */
const alias = { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "tests/helpers/server-only.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "scripts/**/*.test.{ts,mjs}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "media",
          include: ["media-server/tests/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 240_000,
          globalSetup: ["tests/e2e/global-setup.ts"],
        },
      },
    ],
  },
});
