// Running detection tests: each case runs the detection's search, verbatim, over the case's events and
// checks the rows against its expectations.
import { existsSync } from "node:fs";
import type { LookupResolver } from "../commands/types.js";
import { formatDiagnostic } from "../diagnostics.js";
import { findSecurityContentLookups, lookupsFromDirs } from "../lookups/index.js";
import { loadMacros } from "../macros/load.js";
import { MacroTable, securityContentDefaults } from "../macros/table.js";
import { toJsonRows } from "../output/format.js";
import { runSearch, type SearchOptions } from "../spl.js";
import { DetectionError, findMacroDir, loadDetection, type Detection } from "./load.js";
import type { Expectation, TestCase, TestSuite } from "./sidecar.js";

export type JsonRow = Record<string, string | string[]>;

export interface CaseResult {
  readonly file: string;
  readonly detection: string;
  readonly case: string;
  /** error: the test could not run (a query problem, a missing dataset, unreadable input). */
  readonly status: "pass" | "fail" | "error";
  readonly reason: string;
  /** The first row returned, or the first row that broke an expectation. */
  readonly row?: JsonRow;
  readonly rows: number;
  readonly ms: number;
  /** The error is in the query (a syntax error, an unsupported command...), not in the test data. */
  readonly queryError?: boolean;
}

export interface RunnerOptions {
  /** Pin the search time for every case (default: each case's `now`, else its newest event's time). */
  readonly now?: number;
  readonly tz?: string;
  /** Extra macro files or folders (default: the detection's own `macros/` folder). */
  readonly macros?: readonly string[];
  /** Extra lookup folders (after the detection's own security_content `lookups/` folder). */
  readonly lookups?: readonly string[];
  /** A MaxMind DB file for iplocation (SearchOptions.geoip). */
  readonly geoip?: string;
}

/** Macro tables and lookup resolvers, shared by the detections that share folders. */
export class DetectionContext {
  private readonly macros = new Map<string, MacroTable>();
  private readonly lookups = new Map<string, LookupResolver>();
  constructor(private readonly options: RunnerOptions) {}

  macrosFor(file: string): MacroTable {
    const dirs = this.options.macros?.length ? [...this.options.macros] : [findMacroDir(file)].filter((d): d is string => d !== null);
    const key = dirs.join("\0");
    let t = this.macros.get(key);
    if (!t) {
      t = loadMacros(dirs).withFallback(securityContentDefaults);
      this.macros.set(key, t);
    }
    return t;
  }

  lookupsFor(file: string): LookupResolver | undefined {
    const dirs = [findSecurityContentLookups(file), ...(this.options.lookups ?? [])].filter((d): d is string => d !== null);
    if (dirs.length === 0) return undefined;
    const key = dirs.join("\0");
    let r = this.lookups.get(key);
    if (!r) {
      r = lookupsFromDirs(dirs);
      this.lookups.set(key, r);
    }
    return r;
  }
}

const geoipOption = (options: RunnerOptions): Pick<SearchOptions, "geoip"> => (options.geoip !== undefined ? { geoip: options.geoip } : {});

function sameValue(actual: string | string[] | undefined, expected: string | string[]): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && actual.every((v, i) => v === expected[i]);
  return Array.isArray(actual) ? false : actual === expected;
}

/** Why the rows break the expectation, or null when they meet it. */
export function checkExpectation(rows: readonly JsonRow[], e: Expectation): { reason: string; row?: JsonRow } | null {
  const first = rows[0];
  const withRow = (reason: string, row: JsonRow | undefined) => (row ? { reason, row } : { reason });
  if (e.none && rows.length > 0) return withRow(`expected no rows, got ${rows.length}`, first);
  if (e.rows !== undefined && rows.length !== e.rows) return withRow(`expected ${e.rows} row(s), got ${rows.length}`, first);
  if (e.minRows !== undefined && rows.length < e.minRows) return withRow(`expected at least ${e.minRows} row(s), got ${rows.length}`, first);
  for (const want of e.contains ?? []) {
    if (!rows.some((r) => Object.entries(want).every(([k, v]) => sameValue(r[k], v))))
      return withRow(`no row has ${JSON.stringify(want)}`, first);
  }
  for (const field of e.nonNull ?? []) {
    const bad = rows.find((r) => r[field] === undefined || r[field] === "null");
    if (bad) return { reason: `field '${field}' is ${bad[field] === undefined ? "missing" : "null"} in a row`, row: bad };
  }
  return null;
}

function eventOptions(tc: TestCase): Pick<SearchOptions, "events" | "data" | "sourcetype"> {
  const sourcetypes = new Set(tc.files.map((f) => f.sourcetype).filter((s): s is string => s !== undefined));
  const sourcetype = tc.sourcetype ?? [...sourcetypes][0];
  return {
    ...(tc.events ? { events: tc.events } : {}),
    ...(tc.files.length ? { data: tc.files.map((f) => f.path) } : {}),
    ...(sourcetype !== undefined ? { sourcetype } : {}),
  };
}

/** Run one case of a suite. Never throws: problems become an "error" result. */
export async function runCase(suite: TestSuite, tc: TestCase, ctx: DetectionContext, options: RunnerOptions): Promise<CaseResult> {
  const started = Date.now();
  const base = { file: suite.file, case: tc.name };
  let detection: Detection;
  try {
    detection = loadDetection(suite.detectionFile);
  } catch (e) {
    const reason = e instanceof DetectionError ? e.message : `cannot read ${suite.detectionFile}: ${(e as Error).message}`;
    return { ...base, detection: suite.detectionFile, status: "error", reason, rows: 0, ms: Date.now() - started, queryError: true };
  }
  const result = (status: CaseResult["status"], reason: string, rows = 0, row?: JsonRow): CaseResult => ({
    ...base,
    detection: detection.name,
    status,
    reason,
    rows,
    ...(row ? { row } : {}),
    ms: Date.now() - started,
  });
  const missing = tc.files.filter((f) => !existsSync(f.path));
  if (missing.length > 0) return result("error", `dataset not found: ${missing.map((f) => f.label).join(", ")}`);
  const sourcetypes = new Set(tc.files.map((f) => f.sourcetype).filter((s) => s !== undefined));
  if (sourcetypes.size > 1) return result("error", `datasets of different sourcetypes in one test (${[...sourcetypes].join(", ")}) are not supported yet`);
  try {
    const macros = ctx.macrosFor(detection.file);
    const lookups = ctx.lookupsFor(detection.file);
    const common = { macros, tz: options.tz ?? "UTC", ...eventOptions(tc), ...(lookups ? { lookups } : {}), ...geoipOption(options) };
    // The datasets are replayed with their own timestamps: now() is the newest event's time.
    let now = options.now ?? tc.now ?? null;
    if (now === null) {
      const probe = await runSearch("* | stats max(_time) AS t", { ...common, now: 0 });
      const t = probe.rows[0]?.get("t");
      now = typeof t === "number" ? t : Math.floor(Date.now() / 1000);
      const unreadable = probe.inputProblems.filter((p) => p.severity === "error");
      if (unreadable.length > 0 && probe.eventsRead === 0)
        return result("error", `cannot read the events as JSON (${unreadable[0]!.file}: ${unreadable[0]!.message}); spelunk reads JSON events only`);
    }
    const r = await runSearch(detection.search, { ...common, now });
    if (!r.ok) return { ...result("error", r.diagnostics.map((d) => formatDiagnostic(d, detection.search)).join("\n")), queryError: true };
    const bad = r.inputProblems.filter((p) => p.severity === "error");
    if (bad.length > 0) return result("error", `input problems: ${bad.slice(0, 3).map((p) => `${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`).join("; ")}`);
    const rows = toJsonRows(r.rows, r.columns, options.tz ?? "UTC");
    const broken = checkExpectation(rows, tc.expect);
    return broken ? result("fail", broken.reason, rows.length, broken.row) : result("pass", "", rows.length, rows[0]);
  } catch (e) {
    return result("error", e instanceof Error ? e.message : String(e));
  }
}

/** Run every case of every suite, in order, calling `progress` after each. */
export async function runSuites(suites: readonly TestSuite[], options: RunnerOptions, progress?: (done: number, total: number, r: CaseResult) => void): Promise<CaseResult[]> {
  const ctx = new DetectionContext(options);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const out: CaseResult[] = [];
  for (const suite of suites) {
    for (const tc of suite.cases) {
      const r = await runCase(suite, tc, ctx, options);
      out.push(r);
      progress?.(out.length, total, r);
    }
  }
  return out;
}

export interface RunDetectionOptions extends RunnerOptions {
  /** Events as objects (JSON-serialisable), oldest first. */
  readonly events?: readonly unknown[];
  /** Event files or folders. */
  readonly data?: readonly string[];
  readonly sourcetype?: string;
}

/**
 * Run a detection file's search, verbatim, with its own macros and lookups, over events; the rows come
 * back as Splunk's REST API gives them. For tests written with vitest or jest.
 */
export async function runDetection(file: string, options: RunDetectionOptions = {}): Promise<{ rows: JsonRow[]; columns: readonly string[] }> {
  const detection = loadDetection(file);
  const ctx = new DetectionContext(options);
  const lookups = ctx.lookupsFor(detection.file);
  const r = await runSearch(detection.search, {
    macros: ctx.macrosFor(detection.file),
    tz: options.tz ?? "UTC",
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.data ? { data: options.data } : {}),
    ...(options.sourcetype ? { sourcetype: options.sourcetype } : {}),
    ...(lookups ? { lookups } : {}),
    ...geoipOption(options),
  });
  if (!r.ok) throw new DetectionError(r.diagnostics.map((d) => formatDiagnostic(d, detection.search)).join("\n"));
  return { rows: toJsonRows(r.rows, r.columns, options.tz ?? "UTC"), columns: r.columns };
}
