// Sidecar tests for the security_content detections that start with the `cloudtrail` macro
// (test/shared/detections/*.test.yml), run through the real `spelunk test` command: each detection
// file in ../shared runs verbatim, with a case that must fire and a near miss that must not.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { loadDetection } from "../../src/detections/load.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedPath } from "./shared.js";

const root = join(import.meta.dirname, "..", "..");
const dir = join(import.meta.dirname, "detections");

describe("cloudtrail detections' sidecar tests", () => {
  it("there is one for each of the 55 detections that start with the `cloudtrail` macro", () => {
    const cloud = sharedPath("corpus", "security_content", "detections", "cloud");
    const detections = readdirSync(cloud)
      .filter((f) => f.endsWith(".yml") && loadDetection(join(cloud, f)).search.trimStart().startsWith("`cloudtrail`"))
      .map((f) => f.replace(/\.yml$/, ""));
    const sidecars = readdirSync(dir)
      .filter((f) => f.endsWith(".test.yml"))
      .map((f) => f.replace(/\.test\.yml$/, ""));
    expect(detections.length).toBe(55);
    expect(sidecars.sort()).toEqual(detections.sort());
  });

  it("all pass through spelunk test", () => {
    sharedPath("corpus", "security_content", "detections", "cloud");
    const sidecars = readdirSync(dir).filter((f) => f.endsWith(".test.yml"));
    const r = spawnSync(process.execPath, [join(root, "dist", "bundle", "main.js"), "test", dir, "--reporter", "json"], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
    const results = JSON.parse(r.stdout) as Array<{ status: string; detection: string; case: string; reason: string }>;
    const failed = results.filter((x) => x.status !== "pass").map((x) => `${x.detection} › ${x.case}: ${x.reason}`);
    expect(failed).toEqual([]);
    expect(r.status).toBe(0);
    // Every sidecar has a case that fires and a near miss.
    expect(results.length).toBeGreaterThanOrEqual(2 * sidecars.length);
  });
});
