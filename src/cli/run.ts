// `spelunk run`: load the search (a detection, a .spl file or --query), its macros, run it, print it.
// Exit codes: 0 ok, 65 query error, 66 input error, 70 internal error (1 is for failed detection tests).
import { formatDiagnostic } from "../diagnostics.js";
import { DetectionError, findMacroDir, loadDetection } from "../detections/load.js";
import { findSecurityContentLookups, lookupsFromDirs } from "../lookups/index.js";
import { loadMacros } from "../macros/load.js";
import { securityContentDefaults } from "../macros/table.js";
import { formatCsv, formatJson, formatTable, type OutputFormat } from "../output/format.js";
import { runSearch } from "../spl.js";
import { SplError } from "../diagnostics.js";

export const EXIT = { ok: 0, testFailed: 1, query: 65, input: 66, internal: 70 } as const;

function parseNow(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** The GeoIP database for iplocation: the --geoip option, else the SPELUNK_GEOIP environment variable. */
export function geoipPath(option: unknown): string | undefined {
  if (typeof option === "string") return option;
  return process.env["SPELUNK_GEOIP"] || undefined;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : [];
}

/** Where a run writes: the process's streams, or (on a worker thread) buffers sent back at the end. */
export interface RunIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: RunIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function runCommand(file: string | undefined, opts: Record<string, unknown>, io: RunIo = processIo): Promise<number> {
  const err = (s: string) => io.err(s.endsWith("\n") ? s : s + "\n");
  let text: string;
  const macroPaths = asStrings(opts["macros"]);
  const lookupDirs: string[] = [];
  if (typeof opts["query"] === "string") {
    if (file) {
      err("spelunk run: give a file or --query, not both");
      return EXIT.query;
    }
    text = opts["query"];
  } else if (file) {
    try {
      const detection = loadDetection(file);
      text = detection.search;
      const own = findMacroDir(file);
      if (own && macroPaths.length === 0) macroPaths.push(own);
      const ownLookups = findSecurityContentLookups(file);
      if (ownLookups) lookupDirs.push(ownLookups);
    } catch (e) {
      err(e instanceof DetectionError ? `spelunk: ${e.message}` : `spelunk: cannot read ${file}: ${(e as Error).message}`);
      return EXIT.input;
    }
  } else {
    err("spelunk run: give a detection file, a .spl file or --query");
    return EXIT.query;
  }

  let now: number | undefined;
  if (typeof opts["now"] === "string") {
    const n = parseNow(opts["now"]);
    if (n === null) {
      err(`spelunk: --now ${opts["now"]}: expected epoch seconds or an ISO 8601 time`);
      return EXIT.query;
    }
    now = n;
  }
  // The user's --lookups come after the detection's own folder, so that they override it.
  lookupDirs.push(...asStrings(opts["lookups"]));
  let macros;
  let lookups;
  try {
    macros = loadMacros(macroPaths).withFallback(securityContentDefaults);
    lookups = lookupDirs.length > 0 ? lookupsFromDirs(lookupDirs) : undefined;
  } catch (e) {
    if (e instanceof SplError) {
      err(formatDiagnostic(e.diagnostic, text));
      return EXIT.query;
    }
    throw e;
  }
  const tz = String(opts["tz"] ?? "UTC");
  const data = asStrings(opts["data"]);
  const geoip = geoipPath(opts["geoip"]);
  const result = await runSearch(text, {
    macros,
    tz,
    data: data.length ? data : [],
    ...(now !== undefined ? { now } : {}),
    ...(typeof opts["sourcetype"] === "string" ? { sourcetype: opts["sourcetype"] } : {}),
    ...(opts["props"] ? { props: asStrings(opts["props"]) } : {}),
    ...(lookups ? { lookups } : {}),
    ...(geoip !== undefined ? { geoip } : {}),
    ...(opts["strict"] === true ? { strict: true } : {}),
  });
  for (const d of result.diagnostics) err(formatDiagnostic(d, text));
  if (!result.ok) return result.diagnostics.some((d) => d.code === "input-error") ? EXIT.input : EXIT.query;
  const format = String(opts["format"] ?? "table") as OutputFormat;
  const out =
    format === "json"
      ? formatJson(result.rows, result.columns, tz)
      : format === "csv"
        ? formatCsv(result.rows, result.columns, tz)
        : formatTable(result.rows, result.columns, tz);
  io.out(out);
  // Lines the prefilter ruled out are events too: they were scanned, just not parsed.
  if (format === "table") err(`${result.rows.length} result(s) from ${result.eventsRead + result.linesSkipped} event(s)`);
  let bad = 0;
  for (const p of result.inputProblems) {
    err(`${p.severity}: ${p.file}${p.line !== null ? `:${p.line}` : ""}: ${p.message}`);
    if (p.severity === "error") bad++;
  }
  if (bad > 0) {
    err(`spelunk: ${bad} input problem(s); the rest of the input was processed`);
    return EXIT.input;
  }
  return EXIT.ok;
}
