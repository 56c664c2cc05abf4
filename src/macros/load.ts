// Loading macro definitions from files:
// - security_content YAML: one macro per file, `name`, `definition`, optional `arguments: [..]`
//   (plus, if present, `iseval`, `validation`, `errormsg`); `description` is ignored.
// - Splunk macros.conf: stanzas `[name]` / `[name(N)]` with `args`, `definition`, `iseval`,
//   `validation`, `errormsg` (macros.conf spec [S12]; spl-semantics.md 2.5-2.8).
//
// macros.conf reading rules (Splunk .conf conventions):
// - `#` starts a comment line (only at the start of a line, after optional whitespace);
// - a value continues on the next line when its line ends with a backslash; the backslash is
//   dropped and the line break kept (for SPL a line break is whitespace);
// - values are trimmed; in one file a repeated stanza merges, a repeated key's last value wins;
// - `[default]` and settings before the first stanza are ignored (they name no macro);
// - `args` is ignored for a zero-argument stanza (2.6); otherwise it must list exactly N names;
// - a stanza without `definition` is an error, as is a line that is none of the above.
import { readFileSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { SplError } from "../diagnostics.js";
import { checkDefinition, isPlainMacroName, MacroTable, type MacroDefinition } from "./table.js";

function defError(message: string): SplError {
  return new SplError("macro-definition", message, null);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SplError("input-error", `cannot read macro file ${path}: ${detail}`, null);
  }
}

function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function isConfPath(path: string): boolean {
  return /\.conf$/i.test(path);
}

/** The macros of one file: `.yml`/`.yaml` (security_content) or `.conf` (macros.conf format). */
export function loadMacroFile(path: string): MacroDefinition[] {
  if (isYamlPath(path)) return [parseMacroYaml(readText(path), path)];
  if (isConfPath(path)) return parseMacrosConf(readText(path), path);
  throw defError(`cannot load macros from ${path}: expected a .yml/.yaml file or a macros.conf file`);
}

/**
 * The macros of every `*.yml`, `*.yaml` and `macros.conf` file below `dir`, files taken in
 * code-point order of their path relative to `dir` (deterministic; `default/macros.conf` comes
 * before `local/macros.conf`, so a table built from the result lets local win, as in Splunk).
 */
export function loadMacroDir(dir: string): MacroDefinition[] {
  const files: string[] = [];
  walk(dir, files);
  files.sort((a, b) => {
    const ra = relative(dir, a);
    const rb = relative(dir, b);
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
  return files.flatMap((f) => loadMacroFile(f));
}

function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SplError("input-error", `cannot read macro directory ${dir}: ${detail}`, null);
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Follow links to files; do not follow links to directories (they could loop).
      try {
        isFile = statSync(path).isFile();
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) walk(path, out);
    else if (isFile && (isYamlPath(entry.name) || entry.name === "macros.conf")) out.push(path);
  }
}

/** A table of the macros in `paths` (files or directories), in order: the last definition wins. */
export function loadMacros(paths: readonly string[]): MacroTable {
  const table = new MacroTable();
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new SplError("input-error", `cannot read macros from ${path}: ${detail}`, null);
    }
    for (const def of isDir ? loadMacroDir(path) : loadMacroFile(path)) table.add(def);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// security_content YAML

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One security_content macro file's text (`origin` names the file in errors). */
export function parseMacroYaml(text: string, origin: string): MacroDefinition {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    // security_content is written and read with PyYAML, which accepts a multi-line quoted scalar
    // whose continuation lines start in column 0 (base64decode.yml); YAML 1.2 wants them indented.
    // Retry once with such lines indented by one space (line folding drops that space again).
    const repaired = indentContinuationLines(text);
    try {
      if (repaired === text) throw e;
      doc = parseYaml(repaired);
    } catch {
      const detail = e instanceof Error ? e.message : String(e);
      throw defError(`macro file ${origin} is not valid YAML: ${detail}`);
    }
  }
  if (!isRecord(doc)) throw defError(`macro file ${origin} must be a YAML mapping with name and definition`);
  const name = doc["name"];
  const definition = doc["definition"];
  if (typeof name !== "string" || name === "") {
    throw defError(`macro file ${origin} has no name (a non-empty string)`);
  }
  if (typeof definition !== "string") {
    throw defError(`macro file ${origin} has no definition (a string)`);
  }
  if (!isPlainMacroName(name)) {
    throw defError(
      `macro file ${origin}: invalid macro name ${JSON.stringify(name)}: use letters, digits, '_', '-' and '.'`,
    );
  }
  const rawArgs = doc["arguments"] ?? [];
  if (!Array.isArray(rawArgs) || !rawArgs.every((a): a is string => typeof a === "string")) {
    throw defError(`macro file ${origin}: arguments must be a list of names`);
  }
  const iseval = doc["iseval"] ?? false;
  if (typeof iseval !== "boolean" && typeof iseval !== "number" && typeof iseval !== "string") {
    throw defError(`macro file ${origin}: iseval must be true or false`);
  }
  const def: MacroDefinition = {
    name,
    args: rawArgs.map((a) => a.trim()),
    definition,
    iseval: typeof iseval === "boolean" ? iseval : parseBool(String(iseval)),
    origin,
    ...optionalString(doc, "validation", origin),
    ...optionalString(doc, "errormsg", origin),
  };
  checkDefinition(def);
  return def;
}

/** Indents by one space each column-0 line that is not a top-level key, list item, comment or marker. */
function indentContinuationLines(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line === "" || /^(\s|#|-(\s|$)|---|\.\.\.|[A-Za-z0-9_-]+:(\s|$))/.test(line) ? line : ` ${line}`,
    )
    .join("\n");
}

function optionalString(doc: Record<string, unknown>, key: "validation" | "errormsg", origin: string): { validation?: string; errormsg?: string } {
  const v = doc[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== "string") throw defError(`macro file ${origin}: ${key} must be a string`);
  return { [key]: v };
}

// ---------------------------------------------------------------------------------------------
// macros.conf

interface Stanza {
  readonly header: string;
  readonly line: number;
  readonly attrs: Map<string, string>;
}

/** Splunk booleans: true/false, 1/0, t/f, yes/no, y/n (case-insensitive). */
function parseBool(v: string): boolean {
  return /^(true|1|t|yes|y)$/i.test(v.trim());
}

/** The macros of a macros.conf text (`origin` names the file in errors and in `origin`). */
export function parseMacrosConf(text: string, origin: string): MacroDefinition[] {
  const lines = text.split(/\r?\n/);
  const stanzas = new Map<string, Stanza>();
  let current: Stanza | null = null;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("[")) {
      if (!trimmed.endsWith("]")) throw defError(`${origin}:${lineNo}: malformed stanza header ${trimmed}`);
      const header = trimmed.slice(1, -1).trim();
      const existing = stanzas.get(header);
      current = existing ?? { header, line: lineNo, attrs: new Map<string, string>() };
      if (!existing) stanzas.set(header, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw defError(`${origin}:${lineNo}: expected "key = value", a [stanza] or a # comment`);
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1);
    while (value.endsWith("\\") && i + 1 < lines.length) {
      i++;
      value = `${value.slice(0, -1)}\n${lines[i] ?? ""}`;
    }
    if (value.endsWith("\\")) value = value.slice(0, -1);
    if (current) current.attrs.set(key, value.trim());
  }
  const defs: MacroDefinition[] = [];
  for (const stanza of stanzas.values()) {
    if (stanza.header === "default") continue;
    defs.push(stanzaToDefinition(stanza, origin));
  }
  return defs;
}

function stanzaToDefinition(stanza: Stanza, origin: string): MacroDefinition {
  const where = `${origin}:${stanza.line}`;
  const m = /^(.*?)\((\d+)\)$/.exec(stanza.header);
  const name = m?.[1] !== undefined ? m[1].trim() : stanza.header;
  const argc = m?.[2] !== undefined ? Number.parseInt(m[2], 10) : 0;
  if (!isPlainMacroName(name)) {
    throw defError(`${where}: invalid macro name in [${stanza.header}]: use letters, digits, '_', '-' and '.'`);
  }
  const definition = stanza.attrs.get("definition");
  if (definition === undefined) throw defError(`${where}: stanza [${stanza.header}] has no definition`);
  let args: string[] = [];
  if (argc > 0) {
    const listed = stanza.attrs.get("args") ?? "";
    args = listed === "" ? [] : listed.split(",").map((a) => a.trim());
    if (args.length !== argc) {
      throw defError(
        `${where}: stanza [${stanza.header}] takes ${argc} argument${argc === 1 ? "" : "s"} but args lists ${args.length}`,
      );
    }
  }
  const validation = stanza.attrs.get("validation");
  const errormsg = stanza.attrs.get("errormsg");
  const def: MacroDefinition = {
    name,
    args,
    definition,
    iseval: parseBool(stanza.attrs.get("iseval") ?? "false"),
    origin,
    ...(validation !== undefined && validation !== "" ? { validation } : {}),
    ...(errormsg !== undefined && errormsg !== "" ? { errormsg } : {}),
  };
  try {
    checkDefinition(def);
  } catch (e) {
    if (e instanceof SplError) throw defError(`${where}: ${e.message}`);
    throw e;
  }
  return def;
}
