// End-to-end: the real `spelunk` command (the built dist/, as `npx spelunk` runs it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "dist", "bundle", "main.js");

function spelunk(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "spelunk-cli-"));

describe("spelunk run", () => {
  it("npm start's command prints the detection's table over examples/", () => {
    const r = spelunk(["run", "queries/detect_shared_ec2_snapshot.yml", "--data", "examples/cloudtrail"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^_time\s+user_arn\s+src_ip\s+requestParameters\.attributeType\s+requested_account_id/);
    expect(lines).toHaveLength(2 + 5);
    expect(lines[2]).toMatch(/^2024-03-14 17:48:26\s+arn:aws:iam::111122223333:user\/tlee-contractor\s+192\.0\.2\.201/);
    expect(r.stderr).toContain("5 result(s) from 20 event(s)");
  });

  it("--format json prints Splunk REST-style rows", () => {
    const r = spelunk(["run", "queries/aws_ec2_snapshot_shared_externally.yml", "-d", "examples/cloudtrail", "-f", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(5);
    expect(rows[0]!["_time"]).toBe("2024-03-14T17:48:26.000+00:00");
    expect(rows[1]).not.toHaveProperty("user_arn");
  });

  it("--format csv quotes and keeps ISO _time", () => {
    const r = spelunk(["run", "--query", "`cloudtrail` eventName=GetCallerIdentity | table _time eventName", "-m", "queries/macros", "-d", "examples/cloudtrail", "-f", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("_time,eventName\n2024-03-14T07:03:41.000+00:00,GetCallerIdentity\n");
  });

  it("reads stdin with -d - and honours --tz", () => {
    const r = spelunk(["run", "-q", "* | table _time a", "-d", "-", "--tz", "America/New_York"], '{"_time": 1705312800, "a": "x"}\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2024-01-15 05:00:00  x");
  });

  it("reads gzip files and CloudTrail Records files", () => {
    const text = readFileSync(join(root, "examples", "cloudtrail", "ec2-snapshot-sharing.json"));
    const gz = join(tmp, "trail.json.gz");
    writeFileSync(gz, gzipSync(text));
    const r = spelunk(["run", "-q", "sourcetype=aws:cloudtrail eventName=ModifySnapshotAttribute | table eventName", "-d", gz, "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(8);
  });

  it("reports a malformed line with file and line, runs the rest, exits 66", () => {
    const f = join(tmp, "bad.jsonl");
    writeFileSync(f, '{"a": "1"}\n{"a": \n{"a": "3"}\n');
    const r = spelunk(["run", "-q", "* | table a", "-d", f, "-f", "json"]);
    expect(r.code).toBe(66);
    expect(JSON.parse(r.stdout)).toEqual([{ a: "3" }, { a: "1" }]);
    expect(r.stderr).toContain(`${f}:2: malformed JSON`);
  });

  it("a missing data file is an input error (66)", () => {
    const r = spelunk(["run", "-q", "*", "-d", join(tmp, "nope.json")]);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain("no such file");
  });

  it("a syntax error exits 65 with line, column and a caret under the user's text", () => {
    const r = spelunk(["run", "-q", "eventName=X | eval x=", "-d", "examples/cloudtrail"]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("error [syntax-error]");
    expect(r.stderr).toContain("line 1, column 22");
    expect(r.stderr).toContain("1 | eventName=X | eval x=\n" + " ".repeat(4 + 21) + "^");
  });

  it("an unknown macro points at the macro in the user's text", () => {
    const r = spelunk(["run", "-q", "eventName=X | `nosuch_macro(1)` | table x"]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("[unknown-macro]");
    expect(r.stderr).toContain("\n" + " ".repeat(4 + 14) + "^".repeat("`nosuch_macro(1)`".length));
  });

  it("a problem inside a macro's expansion points at the macro reference", () => {
    const dir = mkdtempSync(join(tmp, "macros-"));
    writeFileSync(join(dir, "macros.conf"), "[broken]\ndefinition = kmeans k=3\n");
    const r = spelunk(["run", "-q", "x=1 | `broken`", "-m", dir]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("'kmeans' command is not supported");
    expect(r.stderr).toContain("1 | x=1 | `broken`\n" + " ".repeat(4 + 6) + "^".repeat(8));
  });

  it("--timeout stops a search whose regular expression backtracks without end (exit 65)", () => {
    const started = Date.now();
    const r = spelunk(["run", "-q", '* | regex x="^(a+)+$"', "-d", "-", "--timeout", "1"], `{"x": "${"a".repeat(40)}b"}\n`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("the search was stopped after 1 s (--timeout)");
  });

  it("--timeout lets a quick search finish as usual", () => {
    const r = spelunk(["run", "-q", "* | table x", "-d", "-", "--timeout", "10", "-f", "json"], '{"x": "ok"}\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ x: "ok" }]);
  });

  it("--strict stops at the first bad line (exit 66)", () => {
    const f = join(tmp, "strict.jsonl");
    writeFileSync(f, '{"a": "1"}\n{"a": \n{"a": "3"}\n');
    const r = spelunk(["run", "-q", "* | table a", "-d", f, "--strict"]);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain(`${f}:2: malformed JSON`);
    expect(r.stdout).toBe("");
  });

  it("an unsupported command names itself", () => {
    const r = spelunk(["run", "-q", "x=1 | kmeans k=3"]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("The 'kmeans' command is not supported by spelunk yet");
  });

  it("map searches the event files again, and says so when the events come from stdin", () => {
    const f = join(tmp, "map.jsonl");
    const text = '{"_time": 1700000001, "user": "alice"}\n{"_time": 1700000002, "user": "bob"}\n';
    writeFileSync(f, text);
    const q = '* | stats count by user | map search="search user=$user$ | eval n=$_serial_id$" | table n user';
    const r = spelunk(["run", "-q", q, "-d", f, "-f", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("n,user\n1,alice\n2,bob\n");
    const piped = spelunk(["run", "-q", q, "-d", "-"], text);
    expect(piped.code).toBe(65);
    expect(piped.stderr).toContain("events read from standard input cannot be read again");
  });
});
