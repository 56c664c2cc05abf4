import { defineConfig } from "vitest/config";

// `npm run test:shared`: tests against ../shared (the security_content corpus, public CloudTrail data
// and a real Splunk export). In CI (CI=true) a missing ../shared fails the run instead of skipping it.
export default defineConfig({
  test: {
    include: ["test/shared/**/*.test.ts"],
    testTimeout: 120_000,
  },
});
