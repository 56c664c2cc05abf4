import { defineConfig } from "vitest/config";

// `npm test`: the project's own tests, on the project's own data. The suite that reads ../shared is
// vitest.shared.config.ts (`npm run test:shared`).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    exclude: ["test/shared/**", "node_modules/**"],
    testTimeout: 30_000,
  },
});
