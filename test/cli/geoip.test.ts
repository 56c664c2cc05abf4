// The GeoIP database on the command line: `--geoip <file.mmdb>` and the SPELUNK_GEOIP environment
// variable, through the real `spelunk` command's run, check, test and repl.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCityDatabase } from "../helpers/city.js";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "dist", "bundle", "main.js");
const tmp = mkdtempSync(join(tmpdir(), "spelunk-geoip-cli-"));
const db = writeCityDatabase(tmp);

/** Run spelunk with SPELUNK_GEOIP set to `envGeoip`, or unset whatever the caller's environment holds. */
function spelunk(args: string[], options: { input?: string; envGeoip?: string } = {}) {
  const { SPELUNK_GEOIP: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    input: options.input,
    env: options.envGeoip === undefined ? env : { ...env, SPELUNK_GEOIP: options.envGeoip },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const events = '{"src_ip": "81.2.69.142"}\n{"src_ip": "10.0.0.1"}\n';
const query = "* | iplocation src_ip | table src_ip City Country";
const expected = [{ src_ip: "10.0.0.1" }, { src_ip: "81.2.69.142", City: "London", Country: "United Kingdom" }];

const spl = join(tmp, "where.spl");
writeFileSync(spl, query + "\n");

describe("spelunk run with a GeoIP database", () => {
  it("--geoip <file.mmdb>", () => {
    const r = spelunk(["run", "-q", query, "-d", "-", "-f", "json", "--geoip", db], { input: events });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("SPELUNK_GEOIP when --geoip is not given", () => {
    const r = spelunk(["run", "-q", query, "-d", "-", "-f", "json"], { input: events, envGeoip: db });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("--geoip wins over SPELUNK_GEOIP", () => {
    const r = spelunk(["run", "-q", query, "-d", "-", "-f", "json", "--geoip", db], { input: events, envGeoip: join(tmp, "other.mmdb") });
    expect(r.code).toBe(0);
  });

  it("--geoip with --timeout (the search on a worker thread)", () => {
    const r = spelunk(["run", "-q", query, "-d", "-", "-f", "json", "--geoip", db, "--timeout", "30"], { input: events });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("without a database: exit 65, saying how to give one", () => {
    const r = spelunk(["run", "-q", query, "-d", "-"], { input: events });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("--geoip <file.mmdb>");
    expect(r.stderr).toContain("SPELUNK_GEOIP");
  });

  it("a database that cannot be read: exit 66, naming the file", () => {
    const missing = join(tmp, "missing.mmdb");
    const r = spelunk(["run", "-q", query, "-d", "-", "--geoip", missing], { input: events });
    expect(r.code).toBe(66);
    expect(r.stderr).toContain(`cannot read the GeoIP database ${missing}: no such file`);
  });
});

describe("spelunk check, test and repl with a GeoIP database", () => {
  it("check: unsupported without a database, ok with --geoip or SPELUNK_GEOIP", () => {
    expect(spelunk(["check", spl]).stdout).toMatch(/^unsupported\s.*The 'iplocation' command needs a GeoIP database/m);
    expect(spelunk(["check", spl, "--geoip", db]).code).toBe(0);
    expect(spelunk(["check", spl], { envGeoip: db }).code).toBe(0);
  });

  it("test: a sidecar's case runs with --geoip (in-process and on workers) and with SPELUNK_GEOIP", () => {
    const sidecar = join(tmp, "where.test.yml");
    writeFileSync(
      sidecar,
      ["detection: where.spl", "cases:", "  - name: London", "    events: [{src_ip: 81.2.69.142}]", "    expect:", "      contains: [{City: London, Country: United Kingdom}]", ""].join("\n"),
    );
    for (const jobs of ["1", "2"]) {
      const r = spelunk(["test", sidecar, "--jobs", jobs, "--geoip", db]);
      expect(r.stdout).toContain("1 passed, 0 failed");
      expect(r.code).toBe(0);
    }
    expect(spelunk(["test", sidecar, "--jobs", "1"], { envGeoip: db }).code).toBe(0);
    expect(spelunk(["test", sidecar, "--jobs", "1"]).code).toBe(65);
  });

  it("repl: piped searches use --geoip and SPELUNK_GEOIP", () => {
    const data = join(tmp, "events.jsonl");
    writeFileSync(data, events);
    const search = "* | iplocation src_ip | where isnotnull(City) | table City\n";
    for (const r of [spelunk(["repl", "-d", data, "--geoip", db], { input: search }), spelunk(["repl", "-d", data], { input: search, envGeoip: db })]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("London");
    }
  });
});
