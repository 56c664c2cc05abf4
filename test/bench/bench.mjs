#!/usr/bin/env node
// `npm run bench`: how fast spelunk runs searches over a large CloudTrail file, against a minimal Node
// loop and jq doing the same work, and whether it gets the same answer.
//
//   npm run bench -- [--events N] [--cases a,b,c,d] [--repeat K] [--out file] [--seed S]
//                    [--skip-jq] [--timeout SECONDS] [--json results.json] [--strict]
//
// Cases (test/bench/cases.mjs):
//   a  the seed detection queries/detect_shared_ec2_snapshot.yml
//   b  `cloudtrail` | stats count by eventName
//   c  `cloudtrail` eventName=Describe* | table _time eventName user_arn src_ip
//   d  the 55 cloudtrail detections of the corpus through `spelunk test` (when that command exists)
//
// Every run is its own child process (`node --expose-gc test/bench/worker.mjs`): wall time is measured
// around the child, peak memory is the child's own maxRSS (for jq, jq's VmHWM), CPU time is the child's
// user + system time (for jq, read from /proc). The targets are judged on wall time; CPU time is shown
// beside it because it is steadier when other work shares the machine. With --repeat K the fastest of
// K runs counts. The data file is generated once (test/bench/generate.mjs) and reused.
//
// Speed targets are judged on wall time (spelunk scans large files on several threads, so its CPU time
// can exceed its wall time: speed is the time a user waits). CPU time is printed beside it; when the
// load average went above the number of cores during the run, the report says the wall times are noisy.
//
// Exit code: 1 when an answer differs from the loop's (printed as MISMATCH) or a run crashed;
// with --strict also when an acceptance target is missed; 0 otherwise.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CASES, CLI, CORPUS_DETECTIONS, DIST_INDEX, TARGETS } from "./cases.mjs";
import { DEFAULT_EVENTS, DEFAULT_SEED, ensureDataset, parseCount } from "./generate.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const WORKER = join(HERE, "worker.mjs");

const USAGE = `usage: npm run bench -- [options]
  --events N        events in the generated file (default ${DEFAULT_EVENTS}; e.g. 100000, 3000000, 3M)
  --cases LIST      comma-separated cases among a,b,c,d (default a,b,c,d)
  --repeat K        run each measurement K times, in rounds over the engines, and keep the fastest (default 1)
  --out FILE        the data file (default: under the OS temp folder, named by its parameters)
  --seed S          generator seed (default ${DEFAULT_SEED})
  --skip-jq         do not run jq even when it is installed
  --timeout S       stop a run after S seconds (default: no limit)
  --json FILE       also write the results as JSON
  --strict          exit 1 when an acceptance target is missed
`;

function parseOptions(argv) {
  const o = { events: DEFAULT_EVENTS, cases: ["a", "b", "c", "d"], repeat: 1, out: undefined, seed: DEFAULT_SEED, skipJq: false, timeout: 0, json: undefined, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--events") o.events = parseCount(value());
    else if (a === "--cases") {
      o.cases = value().split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
      for (const c of o.cases) if (!(c in CASES)) throw new Error(`unknown case ${c} (known: ${Object.keys(CASES).join(", ")})`);
    } else if (a === "--repeat") o.repeat = parseCount(value());
    else if (a === "--out") o.out = value();
    else if (a === "--seed") o.seed = parseCount(value());
    else if (a === "--skip-jq") o.skipJq = true;
    else if (a === "--timeout") o.timeout = parseCount(value());
    else if (a === "--json") o.json = value();
    else if (a === "--strict") o.strict = true;
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}

const log = (s) => process.stderr.write(s + "\n");

function jqVersion() {
  const r = spawnSync("jq", ["--version"], { encoding: "utf8" });
  return r.error || r.status !== 0 ? null : r.stdout.trim();
}

/** Read the whole file once so that every engine starts with it in the page cache. */
function warmCache(file) {
  const fd = openSync(file, "r");
  const buf = Buffer.allocUnsafe(16 << 20);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** One child process: `node --expose-gc worker.mjs args...`. Resolves with the worker's JSON plus wall time. */
function runWorker(args, timeoutS) {
  return new Promise((resolveRun) => {
    const started = process.hrtime.bigint();
    // Its own process group, so that a timeout also stops what the worker started (jq, spelunk test).
    const child = spawn(process.execPath, ["--expose-gc", WORKER, ...args], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = timeoutS > 0 ? setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutS * 1000) : null;
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr = (stderr + b).slice(-4000)));
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const lastLine = stdout.trim().split("\n").pop() ?? "";
      let result = null;
      try {
        result = JSON.parse(lastLine);
      } catch {
        // no result line: crashed
      }
      if (timedOut) resolveRun({ status: "timeout", message: `stopped after ${timeoutS} s`, wallS });
      else if (!result) resolveRun({ status: "crashed", message: `exit ${code ?? signal}: ${stderr.trim().split("\n").slice(-6).join(" | ")}`, wallS });
      else resolveRun({ ...result, wallS, exit: code });
    });
  });
}

/** CPU seconds of the measured process: the external command's for jq and exec, else the worker's. */
function cpuOf(r) {
  return r.childCpuS ?? r.cpuS ?? null;
}

/** One run, logged. */
async function runOnce(label, args, k, o) {
  const r = await runWorker(args, o.timeout);
  const peak = r.childPeakKB ?? r.maxRssKB;
  const cpu = cpuOf(r);
  const skipped = r.linesSkipped ? `, ${r.linesSkipped} lines skipped by the prefilter` : "";
  log(`  ${label}${o.repeat > 1 ? ` run ${k}/${o.repeat}` : ""}: ${r.status}, ${r.wallS.toFixed(2)} s${cpu !== null ? ` (cpu ${cpu.toFixed(2)} s)` : ""}${peak ? `, peak ${(peak / 1024).toFixed(0)} MB` : ""}${r.status === "ok" && r.rows !== undefined ? `, ${r.rows} rows` : ""}${skipped}${r.message ? ` (${r.message.split("\n")[0].slice(0, 200)})` : ""}`);
  return r;
}

/** The better of two runs: the fastest ok one; a failure is kept when no run is ok. */
function better(best, r) {
  return !best || (r.status === "ok" && (best.status !== "ok" || r.wallS < best.wallS)) ? r : best;
}

/** Best (fastest ok) of `repeat` runs of one command; the first failure is kept when no run is ok. */
async function measure(label, args, o) {
  let best = null;
  for (let k = 1; k <= o.repeat; k++) {
    const r = await runOnce(label, args, k, o);
    best = better(best, r);
    if (r.status !== "ok") break; // a failure will not get better by repeating
  }
  return best;
}

/**
 * Best of `repeat` runs of each engine, in rounds (every engine once, then again), so that a spell
 * when the machine is slower falls on all engines alike rather than on one engine's runs: the ratios
 * compare runs made together. An engine that fails is not run again.
 */
async function measureRounds(engines, o) {
  const best = {};
  for (let k = 1; k <= o.repeat; k++) {
    for (const [name, label, args] of engines) {
      if (best[name] && best[name].status !== "ok") continue;
      best[name] = better(best[name], await runOnce(label, args, k, o));
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Case d: `spelunk test` over the corpus's cloudtrail detections.

/** Whether the built CLI has a `test` command (it is listed in `spelunk --help`). */
function spelunkTestExists() {
  const r = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
  return r.status === 0 && /^\s+test\b/m.test(r.stdout);
}

/** The corpus detections that start with the `cloudtrail` macro and are not deprecated (55 of them). */

/**
 * HOOK: the command line of `spelunk test` for these detections over the data file. Adjust here when
 * the command lands if its options differ (exit code 1 means "some detection tests failed", which is
 * expected over synthetic data; it is reported, not treated as a crash).
 */
/** Case (d): the sidecar tests of the corpus's cloudtrail detections (test/shared/detections), each a
 * detection in ../shared run verbatim over its cases' events, through `spelunk test`. */
const SIDECARS = join(HERE, "..", "shared", "detections");

async function caseD(_dataFile, o) {
  if (!spelunkTestExists()) return { status: "unavailable", message: "not available yet (no `spelunk test` command)" };
  if (!existsSync(CORPUS_DETECTIONS)) return { status: "unavailable", message: `corpus not found at ${CORPUS_DETECTIONS}` };
  const sidecars = readdirSync(SIDECARS).filter((f) => f.endsWith(".test.yml")).length;
  const r = await measure(`d spelunk test (${sidecars} detections' sidecar tests)`, ["--engine", "exec", "--", process.execPath, CLI, "test", SIDECARS], o);
  if (r.status === "ok" && (r.signal || r.exitCode === 70 || r.exitCode === null)) return { ...r, status: "crashed", message: `spelunk test ended with ${r.signal ?? r.exitCode}: ${r.stderrTail ?? ""}` };
  return { ...r, detections: sidecars, message: r.status === "ok" ? `exit code ${r.exitCode}` : r.message };
}

// ---------------------------------------------------------------------------------------------
// Report

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}
const fmtInt = (n) => Math.round(n).toLocaleString("en-US");
const mb = (kb) => (kb === null || kb === undefined ? "-" : (kb / 1024).toFixed(0));

function ratioText(r) {
  if (r === null) return "-";
  return `${r.toFixed(2)} (${r <= 1 ? `${(1 / r).toFixed(1)}× faster` : `${r.toFixed(1)}× slower`})`;
}

function statusText(r) {
  if (!r) return "-";
  if (r.status === "ok") return "ok";
  if (r.status === "unsupported") return "not yet supported";
  if (r.status === "unavailable") return r.message.startsWith("not available yet") ? "not available yet" : "unavailable";
  if (r.status === "skipped") return r.message.includes("not installed") ? "jq not installed" : "skipped";
  return r.status;
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (!existsSync(DIST_INDEX)) throw new Error(`${DIST_INDEX} is missing: run \`npm run build\` first (npm run bench does)`);

  const { file, meta, reused } = await ensureDataset({ events: o.events, seed: o.seed, out: o.out, log });
  const bytes = statSync(file).size;
  const jq = o.skipJq ? null : jqVersion();
  const jqNote = o.skipJq ? "jq skipped (--skip-jq)" : jq ? jq : "jq not installed";
  const load0 = loadavg()[0];
  log(`${reused ? "reusing" : "generated"} ${file}`);
  const t0 = Date.now();
  warmCache(file);
  log(`page cache warmed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const results = {};
  let peakLoad = load0;
  const loadTimer = setInterval(() => (peakLoad = Math.max(peakLoad, loadavg()[0])), 5000).unref();
  let failed = false;
  const problems = [];
  const mismatch = (msg) => {
    failed = true;
    problems.push(`MISMATCH ${msg}`);
    log(`!!! MISMATCH ${msg}`);
  };

  for (const id of o.cases) {
    if (id === "d") {
      results.d = { spelunk: await caseD(file, o) };
      if (results.d.spelunk.status === "crashed" || results.d.spelunk.status === "timeout") {
        failed = true;
        problems.push(`case d: spelunk test ${results.d.spelunk.status}: ${results.d.spelunk.message}`);
      }
      continue;
    }
    log(`case ${id}: ${CASES[id].title}`);
    const engines = [["loop", `${id} loop`, ["--engine", "loop", "--case", id, "--file", file]]];
    if (jq) engines.push(["jq", `${id} jq`, ["--engine", "jq", "--case", id, "--file", file]]);
    engines.push(["spelunk", `${id} spelunk`, ["--engine", "spelunk", "--case", id, "--file", file]]);
    const r = await measureRounds(engines, o);
    if (!jq) r.jq = { status: "skipped", message: jqNote };
    results[id] = r;

    // Correctness: the loop is the reference.
    for (const engine of ["loop", "jq", "spelunk"]) {
      const x = r[engine];
      if (x.status === "crashed" || x.status === "timeout" || x.status === "error") {
        failed = true;
        problems.push(`case ${id}: ${engine} ${x.status}: ${x.message}`);
      }
    }
    if (r.loop.status !== "ok") continue;
    if (r.loop.eventsRead !== o.events) mismatch(`case ${id}: the loop read ${r.loop.eventsRead} events, the file has ${o.events}`);
    for (const engine of ["jq", "spelunk"]) {
      const x = r[engine];
      if (x.status !== "ok") continue;
      if (x.rows !== r.loop.rows) mismatch(`case ${id}: ${engine} returned ${x.rows} rows, the loop ${r.loop.rows}`);
      if (r.loop.detail && x.detail && JSON.stringify(x.detail) !== JSON.stringify(r.loop.detail)) {
        const keys = new Set([...Object.keys(x.detail), ...Object.keys(r.loop.detail)]);
        const diffs = [...keys].filter((k) => x.detail[k] !== r.loop.detail[k]).slice(0, 5).map((k) => `${k}: ${x.detail[k]} vs ${r.loop.detail[k]}`);
        mismatch(`case ${id}: ${engine} counts differ from the loop's (${diffs.join(", ")})`);
      }
      if (engine === "spelunk") {
        const seen = x.eventsRead + (x.linesSkipped ?? 0);
        if (seen !== o.events) mismatch(`case ${id}: spelunk read ${x.eventsRead} events and skipped ${x.linesSkipped ?? 0} lines, the file has ${o.events}`);
        if (x.inputErrors) mismatch(`case ${id}: spelunk reported ${x.inputErrors} input error(s), first: ${x.firstInputError}`);
      }
    }
  }

  clearInterval(loadTimer);
  peakLoad = Math.max(peakLoad, loadavg()[0]);
  /** Other work on the machine: wall-time ratios then say more about the neighbours than about us. */
  const busy = peakLoad > cpus().length;

  // ---- results table
  const lines = [];
  const say = (s = "") => lines.push(s);
  say(`spelunk bench: ${fmtInt(o.events)} events, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / o.events).toFixed(0)} bytes/event), ${file}`);
  say(`node ${process.version}, ${jqNote}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, best of ${o.repeat}, load average ${load0.toFixed(1)} at start / ${loadavg()[0].toFixed(1)} at end${busy ? " (machine busy: wall times are noisy; run again on an idle machine)" : ""}`);
  say("wall = the child process from start to exit (Node start-up included); peak RSS = the child's maxRSS (jq: its VmHWM)");
  say();
  const head = ["case", "engine", "status", "rows", "wall s", "cpu s", "events/s", "MB/s", "peak RSS MB"];
  const widths = [4, 12, 18, 9, 8, 8, 11, 8, 11];
  say(head.map((h, i) => pad(h, widths[i], i >= 3)).join("  "));
  say(widths.map((w) => "-".repeat(w)).join("  "));
  for (const id of o.cases) {
    const r = results[id];
    for (const engine of id === "d" ? ["spelunk"] : ["loop", "jq", "spelunk"]) {
      const x = r[engine];
      const ok = x.status === "ok";
      const peak = x.childPeakKB ?? x.maxRssKB;
      const name = id === "d" ? "spelunk test" : engine;
      const status = id === "d" && ok ? x.message : statusText(x);
      say([
        pad(id, widths[0]), pad(name, widths[1]), pad(status, widths[2]),
        pad(ok && id !== "d" ? fmtInt(x.rows) : "-", widths[3], true),
        pad(x.wallS !== undefined ? x.wallS.toFixed(2) : "-", widths[4], true),
        pad(ok && cpuOf(x) !== null ? cpuOf(x).toFixed(2) : "-", widths[5], true),
        pad(ok ? fmtInt(o.events / x.wallS) : "-", widths[6], true),
        pad(ok ? (bytes / 1e6 / x.wallS).toFixed(1) : "-", widths[7], true),
        pad(ok ? mb(peak) : "-", widths[8], true),
      ].join("  "));
    }
  }

  // ---- ratios and targets
  say();
  say("ratios spelunk / other, of wall time [and of CPU time] (below 1: spelunk is faster)");
  const ratio = (id, other, of = (x) => x.wallS) => {
    const r = results[id];
    if (!r || !r.spelunk || r.spelunk.status !== "ok" || !r[other] || r[other].status !== "ok") return null;
    const a = of(r.spelunk);
    const b = of(r[other]);
    return a === null || b === null || b === 0 ? null : a / b;
  };
  for (const id of o.cases) {
    if (id === "d") continue;
    const s = results[id].spelunk;
    const why = s.status === "ok" ? "" : `  (spelunk: ${statusText(s)})`;
    const both = (other) => `${ratioText(ratio(id, other))} [cpu ${ratioText(ratio(id, other, cpuOf))}]`;
    say(`  ${id}  spelunk/loop ${both("loop")}   spelunk/jq ${jq ? both("jq") : jqNote}${why}`);
  }
  say();
  say(o.events >= DEFAULT_EVENTS ? "acceptance targets" : `acceptance targets (set for ${fmtInt(DEFAULT_EVENTS)} events and more: at ${fmtInt(o.events)}, start-up weighs more than it will)`);
  let missed = 0;
  const target = (label, value, ok, na) => {
    if (!na && !ok) missed++;
    say(`  ${na ? "n/a " : ok ? "PASS" : "FAIL"}  ${label}${na ? `  [${na}]` : value ? `: ${value}` : ""}`);
  };
  /** A speed target: judged on wall time; CPU time is shown beside it. */
  const speedTarget = (label, id, other, limit, na) => {
    const wall = ratio(id, other);
    const cpu = ratio(id, other, cpuOf);
    const value = wall === null ? "" : `wall ${ratioText(wall)}, cpu ${ratioText(cpu)}${busy ? " (machine busy: noisy)" : ""}`;
    target(label, value, wall !== null && wall <= limit, na);
  };
  const naFor = (id, other) => {
    const r = results[id];
    if (!r) return "case not run";
    if (r.spelunk.status !== "ok") return `spelunk ${statusText(r.spelunk)}`;
    if (other && r[other].status !== "ok") return other === "jq" ? jqNote : `${other} ${r[other].status}`;
    return null;
  };
  if (o.cases.includes("a")) {
    speedTarget("(a) at least 5× faster than the loop", "a", "loop", TARGETS.a.loop, naFor("a", "loop"));
    speedTarget("(a) at least 15× faster than jq", "a", "jq", TARGETS.a.jq, jq ? naFor("a", "jq") : jqNote);
  }
  if (o.cases.includes("b")) speedTarget("(b) no slower than 1.25× the loop", "b", "loop", TARGETS.b.loop, naFor("b", "loop"));
  for (const id of ["a", "b", "c"]) {
    if (!o.cases.includes(id)) continue;
    const s = results[id].spelunk;
    const peak = s.status === "ok" ? s.maxRssKB / 1024 : null;
    target(`(${id}) spelunk peak memory < ${TARGETS[id].rssMB} MB`, peak !== null ? `${peak.toFixed(0)} MB` : "", peak !== null && peak < TARGETS[id].rssMB, naFor(id, null));
  }

  // ---- correctness
  say();
  say("correctness (row counts against the loop)");
  for (const id of o.cases) {
    if (id === "d") {
      say(`  d  ${statusText(results.d.spelunk)}${results.d.spelunk.status === "ok" ? ` (${results.d.spelunk.message}; not checked against the loop)` : ""}`);
      continue;
    }
    const r = results[id];
    const parts = ["loop", "jq", "spelunk"].map((e) => `${e} ${r[e].status === "ok" ? r[e].rows : statusText(r[e])}`);
    const bad = problems.some((p) => p.startsWith(`MISMATCH case ${id}:`));
    const compared = r.loop.status === "ok" && (r.jq.status === "ok" || r.spelunk.status === "ok");
    say(`  ${id}  ${bad ? "MISMATCH" : compared ? "same" : "not compared"}: ${parts.join(", ")}`);
  }
  for (const p of problems) say(`  !!! ${p.length > 700 ? p.slice(0, 700) + " …" : p}`);
  if (o.strict && missed > 0) {
    failed = true;
    say(`  ${missed} acceptance target(s) missed (--strict)`);
  }
  process.stdout.write(lines.join("\n") + "\n");

  if (o.json) {
    writeFileSync(o.json, JSON.stringify({ events: o.events, bytes, file, meta: { seed: meta.seed, generatorVersion: meta.generatorVersion }, node: process.version, jq: jqNote, repeat: o.repeat, loadavg: [load0, loadavg()[0]], peakLoad, busy, results, problems, targetsMissed: missed }, null, 2) + "\n");
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
