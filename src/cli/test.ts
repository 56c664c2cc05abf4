// `spelunk test <files|dirs>`: run detection tests (sidecar `*.test.yml` files, and with --attack-data
// the `tests:` of security_content detections). Exit 0 when all pass, 1 when a test fails, 65 when a
// detection's query cannot run.
import { statSync, writeFileSync } from "node:fs";
import { walkFiles } from "../events/read.js";
import { loadDetection, DetectionError } from "../detections/load.js";
import { formatJsonResults, formatJunit, formatText, summaryLine } from "../detections/reporters.js";
import { loadDetectionTests, loadSidecar, type TestSuite } from "../detections/sidecar.js";
import { runSuitesOnWorkers } from "../detections/pool.js";
import { runSuites, type CaseResult } from "../detections/testrun.js";
import { availableParallelism } from "node:os";
import { geoipPath } from "./run.js";

export interface TestCommandOptions {
  attackData?: string;
  jobs?: string;
  timeout?: string;
  reporter?: string;
  output?: string;
  now?: string;
  tz?: string;
  macros?: string[];
  lookups?: string[];
  geoip?: string;
}

const SIDECAR = /\.test\.ya?ml$/i;

function collect(paths: readonly string[], withDetections: boolean): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const all: string[] = [];
      walkFiles(p, all);
      out.push(...all.filter((f) => SIDECAR.test(f) || (withDetections && /\.ya?ml$/i.test(f) && !/[\\/](macros|lookups)[\\/]/.test(f))));
    } else out.push(p);
  }
  return out;
}

export async function testCommand(paths: string[], opts: TestCommandOptions): Promise<number> {
  const err = (s: string) => process.stderr.write(s);
  let now: number | undefined;
  if (opts.now !== undefined) {
    const n = /^\d+(\.\d+)?$/.test(opts.now) ? Number(opts.now) : Date.parse(opts.now) / 1000;
    if (Number.isNaN(n)) {
      err(`spelunk test: --now ${opts.now}: expected epoch seconds or an ISO 8601 time\n`);
      return 65;
    }
    now = n;
  }
  const suites: TestSuite[] = [];
  const setup: CaseResult[] = [];
  let files: string[];
  try {
    files = collect(paths, opts.attackData !== undefined);
  } catch (e) {
    err(`spelunk test: ${(e as Error).message}\n`);
    return 66;
  }
  for (const file of files) {
    try {
      if (SIDECAR.test(file)) suites.push(loadSidecar(file));
      else {
        const d = loadDetection(file);
        if (opts.attackData === undefined) throw new DetectionError(`${file}: a detection's own tests need --attack-data <dir>`);
        const suite = loadDetectionTests(file, opts.attackData, d.observables);
        if (suite.cases.length > 0) suites.push(suite);
      }
    } catch (e) {
      setup.push({ file, detection: file, case: "(loading)", status: "error", reason: (e as Error).message, rows: 0, ms: 0, queryError: true });
    }
  }
  const jobs = opts.jobs === undefined ? availableParallelism() : Number(opts.jobs);
  const timeout = opts.timeout === undefined ? null : Number(opts.timeout);
  if (!Number.isInteger(jobs) || jobs < 1 || (timeout !== null && !(timeout > 0))) {
    err("spelunk test: --jobs takes a whole number >= 1 and --timeout a number of seconds > 0\n");
    return 65;
  }
  const tty = process.stderr.isTTY === true;
  const geoip = geoipPath(opts.geoip);
  const runnerOptions = { ...(now !== undefined ? { now } : {}), tz: opts.tz ?? "UTC", macros: opts.macros ?? [], lookups: opts.lookups ?? [], ...(geoip !== undefined ? { geoip } : {}) };
  const progress = (done: number, total: number, r: CaseResult) => {
    if (tty) err(`\r\x1b[K[${done}/${total}] ${r.status === "pass" ? "ok  " : r.status.toUpperCase()} ${r.detection}`);
  };
  // Worker threads run the cases in parallel and can stop a runaway search; one job without a
  // timeout runs in this process.
  const ran =
    jobs === 1 && timeout === null
      ? await runSuites(suites, runnerOptions, progress)
      : await runSuitesOnWorkers(suites, runnerOptions, jobs, timeout === null ? null : timeout * 1000, progress);
  const results = [...setup, ...ran];
  if (tty) err("\r\x1b[K");
  const reporter = opts.reporter ?? "text";
  if (reporter === "junit") {
    if (!opts.output) {
      err("spelunk test: --reporter junit needs --output <file>\n");
      return 65;
    }
    writeFileSync(opts.output, formatJunit(results));
    process.stdout.write(summaryLine(results) + "\n");
  } else if (reporter === "json") process.stdout.write(formatJsonResults(results));
  else process.stdout.write(formatText(results));
  if (results.some((r) => r.status === "error" && r.queryError)) return 65;
  return results.every((r) => r.status === "pass") ? 0 : 1;
}
