// `spelunk test` (issue "Unit-test SPL detections offline"): sidecar tests, a detection's own tests:
// over an attack_data-style folder, reporters and exit codes. Runs the real built command.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExpectation } from "../../src/detections/testrun.js";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "dist", "bundle", "main.js");
const tmp = mkdtempSync(join(tmpdir(), "spelunk-test-"));

function spelunk(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const seedSearch = readFileSync(join(root, "queries", "detect_shared_ec2_snapshot.yml"), "utf8");

/** A copy of the shipped detection in a folder of its own, with its macros, and optionally a tests: section. */
function detectionCopy(name: string, edit: (yaml: string) => string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, "detections"), { recursive: true });
  mkdirSync(join(dir, "macros"), { recursive: true });
  for (const m of ["cloudtrail", "detect_shared_ec2_snapshot_filter"]) writeFileSync(join(dir, "macros", `${m}.yml`), readFileSync(join(root, "queries", "macros", `${m}.yml`)));
  const file = join(dir, "detections", "detect_shared_ec2_snapshot.yml");
  writeFileSync(file, edit(seedSearch));
  return file;
}

describe("spelunk test", () => {
  it("runs the shipped sidecar tests: the case that must fire and the near miss pass", () => {
    const r = spelunk(["test", "queries"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("2 passed, 0 failed");
  });

  it("a detection's own tests: pass over an attack_data-style folder; the datasets' newest event is now()", () => {
    const data = join(tmp, "attack_data");
    const rel = "datasets/attack_techniques/T1537/aws_snapshot_exfil/aws_cloudtrail_events.json";
    mkdirSync(join(data, rel, ".."), { recursive: true });
    // The bundled delivery less its AWSService caller, whose rows have no user_arn: the rule Splunk's
    // content tests apply wants every observable (user_arn, src_ip, aws_account_id) in every row.
    const records = (JSON.parse(readFileSync(join(root, "examples", "cloudtrail", "ec2-snapshot-sharing.json"), "utf8")) as { Records: Array<{ userIdentity: { arn?: string } }> }).Records;
    writeFileSync(join(data, rel), records.filter((x) => x.userIdentity.arn !== undefined).map((x) => JSON.stringify(x)).join("\n") + "\n");
    const file = detectionCopy(
      "own-tests",
      (y) => `${y}tests:\n- name: True Positive Test\n  attack_data:\n  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/${rel}\n    sourcetype: aws:cloudtrail\n    source: aws_cloudtrail\n`,
    );
    const r = spelunk(["test", file, "--attack-data", data]);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("1 passed, 0 failed");
    expect(r.code).toBe(0);
    // The same with a dataset that is not there: an error that names it, not a pass.
    const missing = spelunk(["test", file, "--attack-data", join(tmp, "nowhere")]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`dataset not found: ${rel}`);
    expect(missing.stdout.trimEnd().split("\n").pop()).toBe("0 passed, 1 failed");
  });

  it("a deliberately broken detection fails with a readable reason", () => {
    const file = detectionCopy("broken", (y) => y.replace('where match = "No Match"', 'where match = "Match"'));
    const sidecar = join(tmp, "broken", "detections", "broken.test.yml");
    writeFileSync(sidecar, `detection: detect_shared_ec2_snapshot.yml\ncases:\n  - name: must fire\n    events_file: ${join(root, "examples", "cloudtrail", "ec2-snapshot-sharing.json")}\n    expect: {min_rows: 1, contains: [{match: No Match}]}\n`);
    expect(file).toContain("broken");
    const r = spelunk(["test", sidecar]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL  Detect shared ec2 snapshot › must fire");
    expect(r.stdout).toContain('no row has {"match":"No Match"}');
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("0 passed, 1 failed");
  });

  it("a detection whose query cannot run is an error with exit 65", () => {
    detectionCopy("badquery", (y) => y.replace("| table _time", "| kmeans k=2 | table _time"));
    const sidecar = join(tmp, "badquery", "detections", "q.test.yml");
    writeFileSync(sidecar, "detection: detect_shared_ec2_snapshot.yml\ncases:\n  - name: any\n    events: [{a: 1}]\n    expect: {none: true}\n");
    const r = spelunk(["test", sidecar]);
    expect(r.code).toBe(65);
    expect(r.stdout).toContain("The 'kmeans' command is not supported");
  });

  it("--timeout stops a runaway search (catastrophic backtracking) and reports it as failed; other tests still run", () => {
    const dir = join(tmp, "runaway");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "slow.yml"), `name: Runaway\nsearch: 'x=* | regex x="^(a+)+$"'\n`);
    writeFileSync(join(dir, "fast.yml"), `name: Quick\nsearch: 'x=* | table x'\n`);
    const events = `[{x: "${"a".repeat(40)}b"}]`;
    writeFileSync(join(dir, "slow.test.yml"), `detection: slow.yml\ncases:\n  - name: backtracks\n    events: ${events}\n    expect: {none: true}\n`);
    writeFileSync(join(dir, "fast.test.yml"), `detection: fast.yml\ncases:\n  - name: quick\n    events: ${events}\n    expect: {rows: 1}\n`);
    const started = Date.now();
    const r = spelunk(["test", dir, "--timeout", "1", "--jobs", "2"]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL  Runaway › backtracks");
    expect(r.stdout).toContain("timed out after 1.0 s (--timeout)");
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("1 passed, 1 failed");
  });

  it("--reporter junit writes well-formed XML with one testcase per test", () => {
    const out = join(tmp, "junit.xml");
    const r = spelunk(["test", "queries", "--reporter", "junit", "--output", out]);
    expect(r.code).toBe(0);
    const xml = readFileSync(out, "utf8");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    // Well-formed: every element opened is closed, in order.
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === "/") continue;
      if (m[1] === "/") expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
  });

  it("--reporter json prints one result per test", () => {
    const r = spelunk(["test", "queries", "--reporter", "json"]);
    const results = JSON.parse(r.stdout) as Array<{ status: string; case: string }>;
    expect(results.map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});

describe("expectations", () => {
  const rows = [{ user: "bob", src_ip: "1.2.3.4" }, { user: "amy", src_ip: "null" }];
  it.each([
    [{ rows: 2 }, null],
    [{ rows: 1 }, "expected 1 row(s), got 2"],
    [{ minRows: 3 }, "expected at least 3 row(s), got 2"],
    [{ none: true }, "expected no rows, got 2"],
    [{ contains: [{ user: "amy" }] }, null],
    [{ contains: [{ user: "zed" }] }, 'no row has {"user":"zed"}'],
    [{ nonNull: ["user"] }, null],
    [{ nonNull: ["src_ip"] }, "field 'src_ip' is null in a row"],
    [{ nonNull: ["dest"] }, "field 'dest' is missing in a row"],
  ] as const)("%j", (e, reason) => {
    expect(checkExpectation(rows, e)?.reason ?? null).toBe(reason);
  });
});
