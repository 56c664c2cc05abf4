// `spelunk check`: expand, parse and plan searches without running them, and say per file whether
// spelunk can run it (ok), cannot parse it (syntax), lacks a command/function/argument it uses
// (unsupported), or hit another problem (error: a macro, an unreadable file...).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { codeFrame, type Diagnostic } from "../diagnostics.js";
import { loadMacros } from "../macros/load.js";
import { MacroTable, securityContentDefaults } from "../macros/table.js";
import { compileSearch, type SearchOptions } from "../spl.js";
import type { LookupResolver } from "../commands/types.js";
import { findSecurityContentLookups, lookupsFromDirs } from "../lookups/index.js";
import { walkFiles } from "../events/read.js";
import { DetectionError, findMacroDir, loadDetection } from "./load.js";

export type CheckStatus = "ok" | "syntax" | "unsupported" | "error";

export interface CheckResult {
  readonly file: string;
  readonly name: string;
  readonly status: CheckStatus;
  /** Empty when ok; otherwise the problem, with its line and column in the search. */
  readonly message: string;
  /** The search was expanded and parsed (whatever came after: an unsupported command, a missing lookup). */
  readonly parsed: boolean;
  readonly deprecated: boolean;
}

export function statusOf(d: Diagnostic): CheckStatus {
  if (d.code === "syntax-error") return "syntax";
  if (d.code === "unsupported-command" || d.code === "unsupported-function" || d.code === "unsupported-argument") return "unsupported";
  return "error";
}

function describe(d: Diagnostic, text: string): string {
  if (!d.span) return d.message;
  const frame = codeFrame(text, d.span);
  return `${d.message} (${frame.slice(0, frame.indexOf(":"))})`;
}

/** Diagnostics raised before or while parsing: the search did not get as far as planning. */
const BEFORE_PLANNING = new Set(["syntax-error", "unknown-macro", "macro-cycle", "macro-arguments", "macro-expansion-limit", "macro-definition", "input-error"]);

/** Check one search text. */
export function checkText(text: string, macros: MacroTable, options: Pick<SearchOptions, "lookups" | "geoip"> = {}): { status: CheckStatus; message: string; parsed: boolean } {
  const { diagnostics } = compileSearch(text, { ...options, macros, now: 0 });
  const d = diagnostics[0];
  return d ? { status: statusOf(d), message: describe(d, text), parsed: !BEFORE_PLANNING.has(d.code) } : { status: "ok", message: "", parsed: true };
}

/** Detection YAML (`*.yml`, `*.yaml`) and `.spl` files under the given files and folders. */
export function searchFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const all: string[] = [];
      walkFiles(p, all);
      out.push(...all.filter((f) => /\.(ya?ml|spl)$/i.test(f) && !/[\\/]macros[\\/]/.test(resolve(f))));
    } else out.push(p);
  }
  return out;
}

/**
 * Check files. Macros: the `extraMacros` paths, else for each file the `macros/` folder found beside it
 * or beside a parent folder; undefined `*_filter` macros and `drop_dm_object_name` use the
 * security_content defaults. `geoip`: the GeoIP database for iplocation (planning opens it, so a
 * database that cannot be read is reported).
 */
export function checkFiles(paths: readonly string[], extraMacros: readonly string[] = [], extraLookups: readonly string[] = [], geoip?: string): CheckResult[] {
  const tables = new Map<string, MacroTable>();
  const resolvers = new Map<string, LookupResolver>();
  const lookupsFor = (file: string): LookupResolver | undefined => {
    const dirs = [findSecurityContentLookups(file), ...extraLookups].filter((d): d is string => d !== null);
    if (dirs.length === 0) return undefined;
    const key = dirs.join("\0");
    let r = resolvers.get(key);
    if (!r) {
      r = lookupsFromDirs(dirs);
      resolvers.set(key, r);
    }
    return r;
  };
  const tableFor = (file: string): MacroTable => {
    const dir = extraMacros.length > 0 ? extraMacros.join("\0") : (findMacroDir(file) ?? "");
    let t = tables.get(dir);
    if (!t) {
      t = (dir === "" ? new MacroTable() : loadMacros(extraMacros.length > 0 ? extraMacros : [dir])).withFallback(securityContentDefaults);
      tables.set(dir, t);
    }
    return t;
  };
  return searchFiles(paths).map((file) => {
    try {
      const d = loadDetection(file);
      const lookups = lookupsFor(file);
      const r = checkText(d.search, tableFor(file), { ...(lookups ? { lookups } : {}), ...(geoip !== undefined ? { geoip } : {}) });
      return { file, name: d.name, status: r.status, message: r.message, parsed: r.parsed, deprecated: d.deprecated };
    } catch (e) {
      const message = e instanceof DetectionError ? e.message : `cannot check: ${(e as Error).message}`;
      return { file, name: file, status: "error", message, parsed: false, deprecated: /deprecated/i.test(file) };
    }
  });
}
