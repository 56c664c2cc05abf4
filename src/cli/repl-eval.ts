// `spelunk repl`: evaluating one input (a search or a dot command) against the session's settings.
// Everything here is plain data in and out, so that it can run on a worker thread (repl-worker.ts) that
// the REPL stops on Ctrl-C, or in-process for piped input.
import { formatDiagnostic, SplError, type Diagnostic } from "../diagnostics.js";
import { supportedCommands } from "../commands/index.js";
import { resolveInputs } from "../events/read.js";
import { FUNCTIONS } from "../functions/table.js";
import { lookupsFromDirs } from "../lookups/index.js";
import { expandMacros } from "../macros/expand.js";
import { loadMacros } from "../macros/load.js";
import { securityContentDefaults, type MacroTable } from "../macros/table.js";
import { formatCsv, formatJson, formatTable, type OutputFormat } from "../output/format.js";
import { runSearch, type SearchOptions } from "../spl.js";
import { parse } from "../syntax/parse.js";
import { printCommand } from "../syntax/printer.js";
import type { CompletionWords } from "./repl-text.js";

/** The session's settings: what `.data`, `.macros` and `.format` change. */
export interface ReplConfig {
  readonly data: readonly string[];
  readonly macros: readonly string[];
  readonly lookups: readonly string[];
  /** A MaxMind DB file for iplocation. */
  readonly geoip?: string;
  readonly sourcetype?: string;
  readonly tz: string;
  readonly now?: number;
  readonly format: OutputFormat;
}

export interface ReplRequest {
  readonly input: string;
  readonly config: ReplConfig;
  /** The terminal's width: the table is fitted to it (0: not fitted). */
  readonly width: number;
  /** Send back the completion words (the field list is computed once per data/macro setting). */
  readonly completion: boolean;
}

export interface ReplReply {
  readonly config: ReplConfig;
  readonly out: string;
  readonly err: string;
  /** `error`: the input could not run (a query error, an unknown dot command...). */
  readonly status: "ok" | "error" | "exit";
  readonly completion?: CompletionWords;
}

/** Rows shown in a table before `… and N more`. */
export const TABLE_ROWS = 100;

export const HELP = `Type a search and press Enter (a line ending with | or an open ( [ " \` continues on the next line).
Tab completes commands after |, eval functions, macro names inside backticks and field names.
  .data <files...>            load (replace) the event files
  .macros <paths...>          load (replace) the macro files or folders
  .fields                     every field of the loaded events, with how many events have it
  .format table|json|csv      how results are printed
  .expand <SPL>               the search after macro expansion
  .explain <SPL>              the parsed pipeline, one command per line
  .help                       this text
  .exit                       leave (or Ctrl-D); Ctrl-C stops a running search
`;

// Caches, per process (the worker keeps them between inputs).
let macroCache: { key: string; table: MacroTable } | null = null;
let lookupCache: { key: string; lookups: SearchOptions["lookups"] } | null = null;
let fieldCache: { key: string; counts: Map<string, number>; events: number } | null = null;

function macroTable(config: ReplConfig): MacroTable {
  const key = JSON.stringify(config.macros);
  if (macroCache?.key !== key) macroCache = { key, table: loadMacros(config.macros).withFallback(securityContentDefaults) };
  return macroCache.table;
}

function searchOptions(config: ReplConfig): SearchOptions {
  const key = JSON.stringify(config.lookups);
  if (lookupCache?.key !== key) lookupCache = { key, lookups: config.lookups.length > 0 ? lookupsFromDirs(config.lookups) : undefined };
  return {
    macros: macroTable(config),
    tz: config.tz,
    data: config.data,
    ...(config.now !== undefined ? { now: config.now } : {}),
    ...(config.sourcetype !== undefined ? { sourcetype: config.sourcetype } : {}),
    ...(lookupCache.lookups ? { lookups: lookupCache.lookups } : {}),
    ...(config.geoip !== undefined ? { geoip: config.geoip } : {}),
  };
}

/** How many of the loaded events have each field (computed once per data setting). */
async function fieldCounts(config: ReplConfig): Promise<{ counts: Map<string, number>; events: number }> {
  const key = JSON.stringify([config.data, config.sourcetype ?? null, config.tz]);
  if (fieldCache?.key === key) return fieldCache;
  const counts = new Map<string, number>();
  const result = await runSearch("*", { tz: config.tz, data: config.data, ...(config.sourcetype !== undefined ? { sourcetype: config.sourcetype } : {}) });
  for (const row of result.rows) for (const name of row.names()) counts.set(name, (counts.get(name) ?? 0) + 1);
  fieldCache = { key, counts, events: result.rows.length };
  return fieldCache;
}

function diagnostics(ds: readonly Diagnostic[], text: string): string {
  return ds.map((d) => formatDiagnostic(d, text) + "\n").join("");
}

async function search(text: string, req: ReplRequest): Promise<Omit<ReplReply, "config">> {
  const { config } = req;
  const started = performance.now();
  const result = await runSearch(text, searchOptions(config));
  const ms = Math.round(performance.now() - started);
  let err = diagnostics(result.diagnostics, text);
  for (const p of result.inputProblems) err += `${p.severity}: ${p.file}${p.line !== null ? `:${p.line}` : ""}: ${p.message}\n`;
  if (!result.ok) return { out: "", err, status: "error" };
  let out: string;
  if (config.format === "json") out = formatJson(result.rows, result.columns, config.tz);
  else if (config.format === "csv") out = formatCsv(result.rows, result.columns, config.tz);
  else {
    out = formatTable(result.rows.slice(0, TABLE_ROWS), result.columns, config.tz, 80, req.width);
    if (result.rows.length > TABLE_ROWS) out += `… and ${result.rows.length - TABLE_ROWS} more\n`;
  }
  err += `${result.rows.length} result(s) in ${ms} ms\n`;
  return { out, err, status: "ok" };
}

function expand(text: string, config: ReplConfig): Omit<ReplReply, "config"> {
  try {
    return { out: expandMacros(text, macroTable(config)).text + "\n", err: "", status: "ok" };
  } catch (e) {
    if (e instanceof SplError) return { out: "", err: diagnostics([e.diagnostic], text), status: "error" };
    throw e;
  }
}

function explain(text: string, config: ReplConfig): Omit<ReplReply, "config"> {
  let expanded;
  try {
    expanded = expandMacros(text, macroTable(config));
  } catch (e) {
    if (e instanceof SplError) return { out: "", err: diagnostics([e.diagnostic], text), status: "error" };
    throw e;
  }
  try {
    const query = parse(expanded.text);
    let out = expanded.text !== text ? `expanded: ${expanded.text}\n` : "";
    query.commands.forEach((c, i) => {
      const name = c.kind === "generic" ? c.name : c.kind;
      out += `${i + 1}. ${name} [${c.span.start}..${c.span.end}]  ${printCommand(c)}\n`;
    });
    return { out, err: "", status: "ok" };
  } catch (e) {
    if (e instanceof SplError) {
      const d = e.diagnostic;
      return { out: "", err: diagnostics([d.span ? { ...d, span: expanded.map.toOriginal(d.span) } : d], text), status: "error" };
    }
    throw e;
  }
}

function fieldsTable(counts: Map<string, number>): string {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const w = Math.max(5, ...entries.map(([, n]) => String(n).length));
  return `${"count".padStart(w)}  field\n` + entries.map(([name, n]) => `${String(n).padStart(w)}  ${name}\n`).join("");
}

async function dotCommand(name: string, arg: string, req: ReplRequest): Promise<ReplReply> {
  let config = req.config;
  const args = arg.split(/\s+/).filter((a) => a !== "");
  const fail = (err: string): ReplReply => ({ config, out: "", err: err.endsWith("\n") ? err : err + "\n", status: "error" });
  switch (name) {
    case "help":
      return { config, out: HELP, err: "", status: "ok" };
    case "exit":
    case "quit":
      return { config, out: "", err: "", status: "exit" };
    case "data": {
      if (args.length === 0) return { config, out: config.data.length ? config.data.join("\n") + "\n" : "(no event files)\n", err: "", status: "ok" };
      const { files, missing } = resolveInputs(args);
      if (files.length === 0) return fail(`.data: no event files in ${args.join(" ")}`);
      config = { ...config, data: args };
      const { counts, events } = await fieldCounts(config);
      const warn = missing.map((m) => `warning: ${m}: no such file or directory\n`).join("");
      return { config, out: `${events} event(s) from ${files.length} file(s), ${counts.size} field(s)\n`, err: warn, status: "ok" };
    }
    case "macros": {
      if (args.length === 0) return fail(".macros: give macro files or folders");
      try {
        const table = loadMacros(args);
        config = { ...config, macros: args };
        return { config, out: `${table.size} macro definition(s)\n`, err: "", status: "ok" };
      } catch (e) {
        if (e instanceof SplError) return fail(`.macros: ${e.message}`);
        throw e;
      }
    }
    case "fields":
      return { config, out: fieldsTable((await fieldCounts(config)).counts), err: "", status: "ok" };
    case "format": {
      if (arg === "") return { config, out: config.format + "\n", err: "", status: "ok" };
      if (arg !== "table" && arg !== "json" && arg !== "csv") return fail(".format: expected table, json or csv");
      config = { ...config, format: arg };
      return { config, out: "", err: "", status: "ok" };
    }
    case "expand":
      return { config, ...(arg === "" ? { out: "", err: ".expand: give a search\n", status: "error" as const } : expand(arg, config)) };
    case "explain":
      return { config, ...(arg === "" ? { out: "", err: ".explain: give a search\n", status: "error" as const } : explain(arg, config)) };
    default:
      return fail(`unknown command .${name} (.help lists them)`);
  }
}

async function evaluateInput(req: ReplRequest): Promise<ReplReply> {
  const input = req.input.trim();
  if (input === "") return { config: req.config, out: "", err: "", status: "ok" };
  const dot = /^\.(\w+)\s*([\s\S]*)$/.exec(input);
  if (dot) return dotCommand(dot[1]!, dot[2]!.trim(), req);
  return { config: req.config, ...(await search(input, req)) };
}

/** Evaluate one input; a problem loading macros or lookups is an error reply, never a throw. */
export async function evaluate(req: ReplRequest): Promise<ReplReply> {
  let reply: ReplReply;
  try {
    reply = await evaluateInput(req);
  } catch (e) {
    if (!(e instanceof SplError)) throw e;
    reply = { config: req.config, out: "", err: formatDiagnostic(e.diagnostic, req.input) + "\n", status: "error" };
  }
  if (!req.completion) return reply;
  let fields: string[] = [];
  let macros: string[] = [];
  try {
    fields = [...(await fieldCounts(reply.config)).counts.keys()].sort();
    macros = macroTable(reply.config).names();
  } catch (e) {
    if (!(e instanceof SplError)) throw e;
  }
  return { ...reply, completion: { commands: supportedCommands(), functions: [...FUNCTIONS.keys()].sort(), macros, fields } };
}
