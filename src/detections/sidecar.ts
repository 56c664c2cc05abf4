// Test definitions for `spelunk test`: sidecar files (`*.test.yml`: a detection and cases with events
// and expectations) and the `tests:` sections of security_content detections (attack_data datasets).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { DetectionError } from "./load.js";

export interface Expectation {
  readonly rows?: number;
  readonly minRows?: number;
  readonly none?: boolean;
  readonly contains?: ReadonlyArray<Readonly<Record<string, string | string[]>>>;
  readonly nonNull?: readonly string[];
}

export interface TestCase {
  readonly name: string;
  /** Inline events (JSON objects), or null when the events come from files. */
  readonly events: readonly unknown[] | null;
  /** Event files (absolute paths), each with the sourcetype and source to give its events. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly sourcetype?: string; readonly source?: string; readonly label: string }>;
  readonly sourcetype?: string;
  /** The search time; null means the newest event's time. */
  readonly now: number | null;
  readonly expect: Expectation;
}

export interface TestSuite {
  /** The file the tests come from (a sidecar or the detection itself). */
  readonly file: string;
  readonly detectionFile: string;
  readonly cases: readonly TestCase[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseTime(v: unknown, where: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return v;
  if (v instanceof Date) return v.getTime() / 1000;
  if (typeof v === "string") {
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  throw new DetectionError(`${where}: now must be epoch seconds or an ISO 8601 time`);
}

const EXPECT_KEYS = new Set(["rows", "min_rows", "none", "contains", "non_null"]);

function parseExpect(v: unknown, where: string): Expectation {
  if (!isRecord(v)) throw new DetectionError(`${where}: 'expect' must be a mapping`);
  for (const k of Object.keys(v)) if (!EXPECT_KEYS.has(k)) throw new DetectionError(`${where}: unknown expectation '${k}' (${[...EXPECT_KEYS].join(", ")})`);
  const out: { -readonly [K in keyof Expectation]: Expectation[K] } = {};
  if (v["rows"] !== undefined) out.rows = Number(v["rows"]);
  if (v["min_rows"] !== undefined) out.minRows = Number(v["min_rows"]);
  if (v["none"] !== undefined) out.none = v["none"] === true;
  if (v["contains"] !== undefined) {
    if (!Array.isArray(v["contains"])) throw new DetectionError(`${where}: 'contains' must be a list of field mappings`);
    out.contains = v["contains"].map((row) => {
      if (!isRecord(row)) throw new DetectionError(`${where}: each 'contains' entry must be a mapping`);
      return Object.fromEntries(Object.entries(row).map(([k, x]) => [k, Array.isArray(x) ? x.map(String) : String(x)]));
    });
  }
  if (v["non_null"] !== undefined) {
    if (!Array.isArray(v["non_null"])) throw new DetectionError(`${where}: 'non_null' must be a list of field names`);
    out.nonNull = v["non_null"].map(String);
  }
  if (Object.keys(out).length === 0) throw new DetectionError(`${where}: 'expect' says nothing`);
  return out;
}

/** A sidecar test file (format: test/shared/detections/README.md and the project README). */
export function loadSidecar(file: string): TestSuite {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new DetectionError(`${file}: cannot read: ${(e as Error).message}`);
  }
  if (!isRecord(doc) || typeof doc["detection"] !== "string" || !Array.isArray(doc["cases"]))
    throw new DetectionError(`${file}: a sidecar test needs 'detection' (a path) and 'cases' (a list)`);
  const base = dirname(resolve(file));
  const cases = doc["cases"].map((c, i): TestCase => {
    const where = `${file}: case ${i + 1}`;
    if (!isRecord(c) || typeof c["name"] !== "string") throw new DetectionError(`${where}: a case needs a 'name'`);
    const events = c["events"];
    const eventsFile = c["events_file"];
    if ((events === undefined) === (eventsFile === undefined)) throw new DetectionError(`${where}: give either 'events' or 'events_file'`);
    if (events !== undefined && !Array.isArray(events)) throw new DetectionError(`${where}: 'events' must be a list`);
    const sourcetype = typeof c["sourcetype"] === "string" ? c["sourcetype"] : undefined;
    return {
      name: c["name"],
      events: Array.isArray(events) ? events : null,
      files: typeof eventsFile === "string" ? [{ path: resolve(base, eventsFile), label: eventsFile, ...(sourcetype ? { sourcetype } : {}) }] : [],
      ...(sourcetype ? { sourcetype } : {}),
      now: parseTime(c["now"], where),
      expect: parseExpect(c["expect"], where),
    };
  });
  return { file, detectionFile: resolve(base, doc["detection"]), cases };
}

/** The path of a dataset inside an attack_data checkout: what follows `attack_data/master/` in its URL. */
export function attackDataPath(url: string): string | null {
  const m = /attack_data\/(?:master|main|refs\/heads\/[^/]+)\/(.+)$/.exec(url);
  return m ? m[1]! : null;
}

/**
 * The `tests:` section of a security_content detection, with each dataset resolved inside the
 * `attackData` folder. A test passes when the search returns at least one row and every field named in
 * `tags.observable` (or rba objects) is present and not null in every row.
 */
export function loadDetectionTests(file: string, attackData: string, observables: readonly string[]): TestSuite {
  const doc = parseYaml(readFileSync(file, "utf8")) as unknown;
  const tests = isRecord(doc) && Array.isArray(doc["tests"]) ? doc["tests"] : [];
  const cases = tests.map((t, i): TestCase => {
    const where = `${file}: tests[${i}]`;
    if (!isRecord(t)) throw new DetectionError(`${where}: not a mapping`);
    const data = Array.isArray(t["attack_data"]) ? t["attack_data"] : [];
    const files = data.map((d) => {
      if (!isRecord(d) || typeof d["data"] !== "string") throw new DetectionError(`${where}: attack_data entries need 'data'`);
      const rel = attackDataPath(d["data"]);
      if (rel === null) throw new DetectionError(`${where}: cannot place ${d["data"]} inside an attack_data folder`);
      return {
        path: resolve(attackData, rel),
        label: rel,
        ...(typeof d["sourcetype"] === "string" ? { sourcetype: d["sourcetype"] } : {}),
        ...(typeof d["source"] === "string" ? { source: d["source"] } : {}),
      };
    });
    return {
      name: typeof t["name"] === "string" ? t["name"] : `test ${i + 1}`,
      events: null,
      files,
      now: null,
      expect: { minRows: 1, nonNull: observables },
    };
  });
  return { file, detectionFile: file, cases };
}
