// rex (spl-semantics.md 7.7, Example 7.F; Splunk Search Reference "rex"): a PCRE with named groups,
// matched unanchored against a field (default _raw), creates one field per named group; or, with
// mode=sed, an `s///` or `y///` expression edits the field in place.
//
// Choices where the documentation is silent (tests: test/golden/cmd-rex.yml):
// - a multivalue field is matched value by value, in order; max_match counts matches over all values;
// - a group that did not take part in a match sets nothing (an empty match sets an empty value);
// - offset_field holds `name=start-end` per group and match (end inclusive, zero-based, as the docs'
//   `0-9` for ten characters), sorted by group name and joined with `&`, the form OpenSearch PPL
//   reproduces (opensearch-project/sql#4241);
// - in sed replacements `\1`..`\9` are back-references (documented); `&` is an ordinary character.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { RegexError, compilePcre } from "../values/regex.js";
import { mv, toText, valuesOf, type Scalar } from "../values/value.js";
import { badArgument, intOption, readArgs, type OptionArg, type PositionalArg } from "./args.js";
import { addColumns, streamingMap, type CommandPlan, type CommandPlanner } from "./types.js";

const OPTIONS = ["field", "max_match", "offset_field", "mode"];

/** Compile a user's PCRE, turning a refusal into a bad-argument error at the regex. */
export function compileAt(pattern: string, span: Span, global: boolean, extraFlags = ""): RegExp {
  try {
    // A copy: compilePcre shares cached instances, and matching moves their lastIndex.
    const re = compilePcre(pattern, global);
    return new RegExp(re.source, re.flags + extraFlags);
  } catch (e) {
    if (e instanceof RegexError) throw badArgument(e.message, span);
    throw e;
  }
}

/** Names of the named groups `(?<name>...)` / `(?P<name>...)` of a pattern, in order. */
export function namedGroups(pattern: string): string[] {
  const names: string[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") {
      const m = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i, i + 40));
      if (m) names.push(m[1]!);
    }
  }
  return names;
}

/** The one quoted expression of rex or regex; a missing or extra one is a bad argument. */
function soleQuoted(command: GenericCommand, positional: readonly PositionalArg[], what: string): { text: string; span: Span } {
  const extra = positional[1];
  if (extra) throw badArgument(`The '${command.name}' command takes one ${what}`, extra.span);
  const p = positional[0];
  if (!p) throw badArgument(`The '${command.name}' command needs a ${what} in double quotes`, command.span);
  if (!p.quoted) throw badArgument(`The ${what} of '${command.name}' must be in double quotes`, p.span);
  return { text: p.text, span: p.span };
}

export const planRex: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, OPTIONS);
  const field = args.options.get("field")?.value ?? "_raw";
  const expr = soleQuoted(command, args.positional, "regular expression");
  const mode = args.options.get("mode");
  if (mode) {
    if (mode.value.toLowerCase() !== "sed") throw badArgument(`Invalid mode '${mode.value}': the only mode is sed`, mode.span);
    for (const o of ["max_match", "offset_field"]) {
      const given = args.options.get(o);
      if (given) throw badArgument(`The option '${o}' does not apply to mode=sed`, given.span);
    }
    return sedPlan(command, field, expr);
  }
  return extractPlan(command, field, expr, args.options.get("max_match"), args.options.get("offset_field"));
};

function extractPlan(command: GenericCommand, field: string, expr: { text: string; span: Span }, maxOpt: OptionArg | undefined, offsetOpt: OptionArg | undefined): CommandPlan {
  const names = namedGroups(expr.text);
  const dynamic = names.find((n) => /^_(KEY|VAL)_/.test(n));
  if (dynamic) throw new SplError("unsupported-argument", `Group names beginning with _KEY_ or _VAL_ (dynamic field names) are not supported by spelunk: '${dynamic}'`, expr.span);
  if (names.length === 0)
    throw badArgument(`The regex '${expr.text}' does not extract anything. It should specify at least one named group. Format: (?<name>...).`, expr.span);
  const offsetField = offsetOpt?.value ?? null;
  const re = compileAt(expr.text, expr.span, true, offsetField === null ? "" : "d");
  // max_match=0 means no limit (docs).
  const max = intOption(maxOpt, 1) || Infinity;
  const unique = Array.from(new Set(names));
  const created = offsetField === null ? unique : [...unique, offsetField];

  const apply = (row: Row): void => {
    const value = row.get(field);
    if (value === undefined) return;
    const found = new Map<string, Scalar[]>();
    const offsets: Array<[string, string]> = [];
    let count = 0;
    for (const v of valuesOf(value)) {
      const text = toText(v);
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while (count < max && (m = re.exec(text)) !== null) {
        count++;
        // A zero-length match must not be found again at the same place.
        if (m[0] === "") re.lastIndex++;
        for (const name of unique) {
          const g = m.groups?.[name];
          if (g === undefined) continue;
          const list = found.get(name);
          if (list) list.push(g);
          else found.set(name, [g]);
          const at = m.indices?.groups?.[name];
          if (at) offsets.push([name, `${name}=${at[0]}-${at[1] - 1}`]);
        }
      }
    }
    for (const [name, list] of found) row.set(name, mv(list));
    if (offsetField !== null && count > 0) {
      // Stable sort: matches of one group stay in match order.
      offsets.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      row.set(offsetField, offsets.map((o) => o[1]).join("&"));
    }
  };
  return rexPlan(command, apply, created);
}

function rexPlan(command: GenericCommand, apply: (row: Row) => void, created: readonly string[]): CommandPlan {
  return {
    name: "rex",
    span: command.span,
    streaming: true,
    make: streamingMap(apply),
    // As eval (src/commands/eval.ts): a fixed column list gains the created fields.
    columns: (input) => addColumns(input, created),
  };
}

// ---------------------------------------------------------------- mode=sed

/** A parsed sed replacement: literal text and back-references, in order. */
type Piece = string | number;

/**
 * Split a sed expression `<cmd><d>part<d>part<d>flags` at unescaped delimiters. In the regex part an
 * escaped delimiter stays escaped (a literal delimiter for PCRE too); elsewhere `\<d>` is the delimiter.
 */
function splitSed(text: string): { cmd: string; delim: string; parts: string[] } | null {
  const cmd = text[0] ?? "";
  const delim = text[1] ?? "";
  if ((cmd !== "s" && cmd !== "y") || delim === "" || /[A-Za-z0-9\\\s]/.test(delim)) return null;
  const parts: string[] = [];
  let cur = "";
  for (let i = 2; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      cur += c + text[i + 1]!;
      i++;
    } else if (c === delim) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts.length === 3 ? { cmd, delim, parts } : null;
}

/** Resolve `\<c>` escapes of a replacement or y/// part: digits are back-references when `refs`. */
function unescapeSed(text: string, refs: boolean): Piece[] {
  const out: Piece[] = [];
  let lit = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "\\" || i + 1 >= text.length) {
      lit += c;
      continue;
    }
    const n = text[++i]!;
    if (refs && n >= "0" && n <= "9") {
      if (lit !== "") out.push(lit);
      lit = "";
      out.push(Number(n));
    } else lit += n === "n" ? "\n" : n === "t" ? "\t" : n;
  }
  if (lit !== "") out.push(lit);
  return out;
}

function sedPlan(command: GenericCommand, field: string, expr: { text: string; span: Span }): CommandPlan {
  const sed = splitSed(expr.text);
  if (!sed) throw badArgument(`Invalid sed expression '${expr.text}': expected s/<regex>/<replacement>/<flags> or y/<chars>/<chars>/`, expr.span);
  const edit = sed.cmd === "s" ? substitution(sed.parts, expr.span) : transliteration(sed.parts, expr);
  const apply = (row: Row): void => {
    const value = row.get(field);
    if (value === undefined) return;
    row.set(field, mv(valuesOf(value).map((v) => edit(toText(v)))));
  };
  return rexPlan(command, apply, []);
}

function substitution(parts: string[], span: Span): (text: string) => string {
  const [pattern, replacement, flags] = parts as [string, string, string];
  // Flags: g (every match) or N (only the Nth match) (docs); none means the first match.
  if (!/^(?:g|[1-9]\d*)?$/.test(flags)) throw badArgument(`Invalid sed flags '${flags}': expected g or a number`, span);
  const re = compileAt(pattern, span, true);
  const pieces = unescapeSed(replacement, true);
  const groups = new RegExp(re.source + "|").exec("")!.length - 1;
  const bad = pieces.find((p) => typeof p === "number" && p > groups);
  if (bad !== undefined) throw badArgument(`Invalid back-reference \\${bad} in sed replacement: the regex has ${groups} group(s)`, span);
  const nth = flags === "g" ? 0 : flags === "" ? 1 : Number(flags);
  return (text) => {
    let seen = 0;
    re.lastIndex = 0;
    return text.replace(re, (...m: unknown[]) => {
      seen++;
      const whole = m[0] as string;
      if (nth !== 0 && seen !== nth) return whole;
      return pieces.map((p) => (typeof p === "string" ? p : ((m[p] as string | undefined) ?? ""))).join("");
    });
  };
}

function transliteration(parts: string[], expr: { text: string; span: Span }): (text: string) => string {
  const [fromText, toText_, flags] = parts as [string, string, string];
  const from = Array.from(unescapeSed(fromText, false).join(""));
  const to = Array.from(unescapeSed(toText_, false).join(""));
  if (flags !== "" || from.length !== to.length)
    throw badArgument(`Invalid sed expression '${expr.text}': y/// needs two lists of the same length and no flags`, expr.span);
  const map = new Map<string, string>();
  from.forEach((c, i) => {
    if (!map.has(c)) map.set(c, to[i]!);
  });
  return (text) => Array.from(text, (c) => map.get(c) ?? c).join("");
}
