// Sourcetype knowledge as data: a props.conf-like stanza compiled into timestamp rules, field aliases and
// calculated fields (eval expressions run by the engine's own evaluator), applied in Splunk's
// search-time order: JSON extraction, field aliases, calculated fields (spl-semantics.md 9.2-9.3, S42).
//
// Supported keys: KV_MODE (json | none), TIME_PREFIX, TIME_FORMAT, MAX_TIMESTAMP_LOOKAHEAD, TZ,
// FIELDALIAS-<class>, EVAL-<field>, and two keys of spelunk's own:
//   SPELUNK_RECOGNIZE = k1 k2 ...      a JSON object with all these top-level keys is of this sourcetype
//   SPELUNK_RAW = python_json | verbatim   how _raw is written from a record (the AWS add-on writes
//                                          each record with Python's json.dumps)
// Any other key is refused with its line number: an accepted-and-ignored setting would be a lie.
import { SplError } from "../diagnostics.js";
import { compileExpr, isBooleanExpr } from "../functions/compile.js";
import type { Compiled, EvalContext } from "../functions/types.js";
import { parseEvalExpression } from "../syntax/parse.js";
import type { TimestampRule } from "../values/time.js";
import { ConfError, type ConfStanza } from "./conf.js";

export interface FieldAlias {
  readonly from: string;
  readonly to: string;
  /** ASNEW: only set the alias when the destination does not exist already. */
  readonly asNew: boolean;
}

export interface CalculatedField {
  readonly field: string;
  readonly expression: string;
  /** The compiled expression. Compiled on first use: parsing every EVAL of every sourcetype at start-up
   * would cost more than most searches (Ohm parses take milliseconds each). */
  readonly compiled: Compiled;
}

function lazyCalculated(field: string, expression: string, file: string, line: number, ctx: EvalContext): CalculatedField {
  let fn: Compiled | undefined;
  const compile = (): Compiled => {
    if (fn) return fn;
    try {
      const expr = parseEvalExpression(expression);
      if (isBooleanExpr(expr)) throw new ConfError(`EVAL-${field} yields a Boolean, which cannot be stored in a field`, file, line);
      fn = compileExpr(expr, ctx);
    } catch (e) {
      if (e instanceof SplError) throw new ConfError(`EVAL-${field}: ${e.message}`, file, line);
      throw e;
    }
    return fn;
  };
  return {
    field,
    expression,
    get compiled() {
      return compile();
    },
  };
}

export interface SourcetypeKnowledge {
  readonly name: string;
  readonly kvMode: "json" | "none";
  readonly timestamp: TimestampRule | null;
  /** Destination field -> alias, in the order Splunk applies them. */
  readonly aliases: ReadonlyMap<string, FieldAlias>;
  readonly calculated: ReadonlyMap<string, CalculatedField>;
  readonly recognizeKeys: readonly string[];
  readonly rawFormat: "python_json" | "verbatim";
}

const FIELD_TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

function parseAliases(value: string, file: string, line: number): FieldAlias[] {
  const tokens: string[] = [];
  for (const m of value.matchAll(FIELD_TOKEN)) tokens.push(m[1] ?? m[2]!);
  const out: FieldAlias[] = [];
  for (let i = 0; i < tokens.length; ) {
    const from = tokens[i];
    const kw = tokens[i + 1]?.toUpperCase();
    const to = tokens[i + 2];
    if (from === undefined || to === undefined || (kw !== "AS" && kw !== "ASNEW"))
      throw new ConfError(`FIELDALIAS expects "<field> AS <alias>" pairs: ${value}`, file, line);
    out.push({ from, to, asNew: kw === "ASNEW" });
    i += 3;
  }
  return out;
}

export function compileSourcetype(stanza: ConfStanza, file: string, ctx: EvalContext): SourcetypeKnowledge {
  let kvMode: "json" | "none" = "json";
  let rawFormat: "python_json" | "verbatim" = "verbatim";
  let recognizeKeys: string[] = [];
  let timePrefix: RegExp | undefined;
  let timeFormat: string | undefined;
  let maxLookahead: number | undefined;
  let tz: string | undefined;
  const aliasEntries: Array<[string, FieldAlias[]]> = [];
  const calculated = new Map<string, CalculatedField>();

  for (const [key, value] of stanza.entries) {
    const line = stanza.lines.get(key) ?? 0;
    if (key === "KV_MODE") {
      if (value !== "json" && value !== "none") throw new ConfError(`KV_MODE = ${value} is not supported (json or none)`, file, line);
      kvMode = value;
    } else if (key === "TIME_PREFIX") {
      try {
        timePrefix = new RegExp(value);
      } catch (e) {
        throw new ConfError(`TIME_PREFIX is not a valid regular expression: ${(e as Error).message}`, file, line);
      }
    } else if (key === "TIME_FORMAT") timeFormat = value;
    else if (key === "MAX_TIMESTAMP_LOOKAHEAD") maxLookahead = Number(value);
    else if (key === "TZ") tz = value;
    else if (key === "SPELUNK_RECOGNIZE") recognizeKeys = value.split(/[\s,]+/).filter(Boolean);
    else if (key === "SPELUNK_RAW") {
      if (value !== "python_json" && value !== "verbatim") throw new ConfError(`SPELUNK_RAW = ${value} (python_json or verbatim)`, file, line);
      rawFormat = value;
    } else if (key.startsWith("FIELDALIAS-")) aliasEntries.push([key.slice(11), parseAliases(value, file, line)]);
    else if (key.startsWith("EVAL-")) {
      const field = key.slice(5);
      calculated.set(field, lazyCalculated(field, value, file, line, ctx));
    } else throw new ConfError(`${key} is not supported by spelunk`, file, line);
  }

  // Splunk applies FIELDALIAS classes in lexicographic order of their class names.
  aliasEntries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const aliases = new Map<string, FieldAlias>();
  for (const [, list] of aliasEntries) for (const a of list) aliases.set(a.to, a);

  const timestamp: TimestampRule | null =
    timeFormat === undefined
      ? null
      : {
          timeFormat,
          ...(timePrefix ? { timePrefix } : {}),
          ...(maxLookahead !== undefined ? { maxLookahead } : {}),
          ...(tz !== undefined ? { tz } : {}),
        };
  return { name: stanza.name, kvMode, timestamp, aliases, calculated, recognizeKeys, rawFormat };
}
