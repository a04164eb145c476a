import { defineConfig } from "vitest/config";

// Two projects: pure logic (`*.test.ts`) and real-infrastructure tests (`*.int.test.ts`).
// Integration files isolate themselves (own DB schema, own subject prefix and stream names),
// so they run in parallel against the shared PostgreSQL, NATS and Redis.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "int",
          sequence: { groupOrder: 1 },
          include: ["packages/*/src/**/*.int.test.ts", "prisma/**/*.int.test.ts", "services/*/src/**/*.int.test.ts", "scripts/**/*.int.test.ts", "k8s/**/*.int.test.ts", "tests/**/*.int.test.ts"],
          globalSetup: ["packages/testkit/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
