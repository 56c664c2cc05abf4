#!/usr/bin/env node
// One measurement, in its own process (bench.mjs starts it as `node --expose-gc worker.mjs ...`), so
// that the peak RSS it reports belongs to this run alone. Prints one JSON line on stdout:
//   { status: "ok" | "unsupported" | "error", rows, detail?, eventsRead?, workMs, maxRssKB, ... }
//
//   worker.mjs --engine spelunk|loop --case a|b|c --file F
//   worker.mjs --engine jq --case a|b|c --file F
//   worker.mjs --engine exec -- cmd args...     (any command, e.g. `spelunk test`: rows = stdout lines)
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CASES, DIST_INDEX, MACROS, NOW } from "./cases.mjs";

function parseArgs(argv) {
  const out = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}

const CHUNK = 8 << 20;

/** The minimal loop: read in large chunks, split lines, JSON.parse every line, hand each to `add`. */
function eachRecord(file, add) {
  const fd = openSync(file, "r");
  let buf = Buffer.allocUnsafe(CHUNK);
  let held = 0; // bytes of an unfinished line at the start of buf
  let events = 0;
  const parseLines = (text) => {
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      if (nl > start) {
        add(JSON.parse(text.slice(start, nl)));
        events++;
      }
      start = nl + 1;
    }
    if (start < text.length && text.slice(start).trim() !== "") {
      add(JSON.parse(text.slice(start)));
      events++;
    }
  };
  try {
    for (;;) {
      if (held === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const n = readSync(fd, buf, held, buf.length - held, null);
      const end = held + n;
      if (n === 0) {
        if (end > 0) parseLines(buf.toString("utf8", 0, end));
        break;
      }
      const last = buf.lastIndexOf(10, end - 1);
      if (last < 0) {
        held = end;
        continue;
      }
      parseLines(buf.toString("utf8", 0, last + 1));
      buf.copy(buf, 0, last + 1, end);
      held = end - last - 1;
    }
  } finally {
    closeSync(fd);
  }
  return events;
}

async function runLoop(id, file) {
  const acc = CASES[id].start();
  const eventsRead = eachRecord(file, (e) => acc.add(e));
  return { status: "ok", ...acc.finish(), eventsRead };
}

function valueText(v) {
  return Array.isArray(v) ? v.join("\n") : v === undefined ? "" : String(v);
}

async function runSpelunk(id, file) {
  const lib = await import(pathToFileURL(DIST_INDEX).href);
  const c = CASES[id];
  let text;
  let macroDirs;
  if (c.detection) {
    const detection = lib.loadDetection(c.detection);
    text = detection.search;
    const own = lib.findMacroDir(c.detection);
    macroDirs = own ? [own] : [];
  } else {
    text = c.spl;
    macroDirs = [MACROS];
  }
  const macros = lib.loadMacros(macroDirs).withFallback(lib.securityContentDefaults);
  // Rows are counted as they stream out (onRow), not kept: case b's 55 rows are kept for its detail.
  let rows = 0;
  const kept = [];
  const onRow = (row) => {
    rows++;
    if (id === "b") kept.push(row);
  };
  const result = await lib.runSearch(text, { macros, data: [file], now: NOW, onRow });
  if (!result.ok) {
    const unsupported = result.diagnostics.find((d) => d.code === "unsupported-command" || d.code === "unsupported-function");
    const message = result.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ");
    return { status: unsupported ? "unsupported" : "error", message, rows: 0, eventsRead: result.eventsRead, linesSkipped: result.linesSkipped ?? 0 };
  }
  const inputErrors = result.inputProblems.filter((p) => p.severity === "error");
  const out = { status: "ok", rows, eventsRead: result.eventsRead, linesSkipped: result.linesSkipped ?? 0, inputErrors: inputErrors.length };
  if (inputErrors.length > 0) out.firstInputError = `${inputErrors[0].file}:${inputErrors[0].line}: ${inputErrors[0].message}`;
  if (id === "b") {
    const detail = {};
    for (const row of kept) detail[valueText(row.get("eventName"))] = Number(valueText(row.get("count")));
    out.detail = Object.fromEntries(Object.entries(detail).sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  }
  return out;
}

let clockTicks = null;
function ticksPerSecond() {
  if (clockTicks === null) {
    const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    clockTicks = Number(r.stdout) > 0 ? Number(r.stdout) : 100;
  }
  return clockTicks;
}

/**
 * Peak RSS (VmHWM) and CPU time (utime + stime) of another process, read from /proc while it runs,
 * every 20 ms (Linux; null elsewhere). Both only grow, so the last reading is within 20 ms of the end.
 */
function watchPeak(pid) {
  let peakKB = null;
  let cpuS = null;
  const tck = ticksPerSecond();
  const poll = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peakKB = Math.max(peakKB ?? 0, Number(m[1]));
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpuS = Math.max(cpuS ?? 0, (Number(fields[11]) + Number(fields[12])) / tck);
    } catch {
      // gone, or no /proc
    }
  };
  poll();
  const timer = setInterval(poll, 20);
  return { stop: () => (clearInterval(timer), { peakKB, cpuS }) };
}

/** Run a command, count its output lines (or keep its output), and watch its peak RSS. */
function runCommand(cmd, args, keepOutput) {
  return new Promise((resolveRun) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const peak = watchPeak(child.pid);
    let lines = 0;
    let last = 10;
    const kept = [];
    let stderr = "";
    child.stdout.on("data", (b) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
      last = b[b.length - 1];
      if (keepOutput) kept.push(b);
    });
    child.stderr.on("data", (b) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    child.on("error", (e) => resolveRun({ exitCode: null, error: e.message, lines: 0, stderr, ...peak.stop(), ms: 0 }));
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (last !== 10) lines++;
      resolveRun({ exitCode: code, signal, lines, stderr, ...peak.stop(), ms, output: keepOutput ? Buffer.concat(kept).toString("utf8") : undefined });
    });
  });
}

async function runJq(id, file) {
  const c = CASES[id];
  const args = ["-c", ...(c.jqNull ? ["-n"] : []), c.jq, file];
  const r = await runCommand("jq", args, c.jqMode === "object");
  if (r.exitCode !== 0) return { status: "error", message: `jq exited with ${r.exitCode ?? r.signal ?? r.error}: ${r.stderr.trim()}`, rows: 0 };
  const out = { status: "ok", rows: r.lines, childPeakKB: r.peakKB, childCpuS: r.cpuS, childMs: r.ms };
  if (c.jqMode === "object") {
    const obj = JSON.parse(r.output);
    out.rows = Object.keys(obj).length;
    out.detail = Object.fromEntries(Object.entries(obj).sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  }
  return out;
}

async function runExec(rest) {
  const [cmd, ...args] = rest;
  const r = await runCommand(cmd, args, false);
  return { status: r.error ? "error" : "ok", rows: r.lines, exitCode: r.exitCode, signal: r.signal ?? null, childPeakKB: r.peakKB, childCpuS: r.cpuS, childMs: r.ms, stderrTail: r.stderr.slice(-600), ...(r.error ? { message: r.error } : {}) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (typeof globalThis.gc === "function") globalThis.gc();
  const started = process.hrtime.bigint();
  let result;
  if (args.engine === "spelunk") result = await runSpelunk(args.case, args.file);
  else if (args.engine === "loop") result = await runLoop(args.case, args.file);
  else if (args.engine === "jq") result = await runJq(args.case, args.file);
  else if (args.engine === "exec") result = await runExec(args.rest);
  else throw new Error(`unknown engine ${args.engine}`);
  const workMs = Number(process.hrtime.bigint() - started) / 1e6;
  const usage = process.resourceUsage();
  const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ ...result, workMs, cpuS, maxRssKB: usage.maxRSS }) + "\n");
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ status: "error", message: e instanceof Error ? e.message : String(e), rows: 0 }) + "\n");
  process.exitCode = 1;
});
