// Search-macro expansion: textual, recursive, before parsing (spl-semantics.md section 2).
//
// Lexing rules (the documented ones cite spl-semantics.md; the rest answer Q15 and are pinned by
// test/macros/expand.test.ts):
// - A reference is `` `name` `` or `` `name(arg1, arg2)` `` (2.1). Whitespace right inside the
//   backticks and between the name and `(` is allowed. `` `name()` `` has zero arguments.
// - Back-ticks inside a double-quoted string are not references (2.4); `\` escapes the next
//   character inside a quoted string; outside one, `\"` and `\\` are escaped characters (no
//   string starts there). An unterminated quote runs to the end of the text.
// - ```` ```...``` ```` is a comment (the grammar treats it as whitespace): left untouched, nothing
//   in it is expanded. An unterminated comment runs to the end of the text.
// - Arguments split on commas that are outside double quotes, outside nested parentheses and
//   outside nested macro references; whitespace around each argument is trimmed; quotes are kept
//   exactly as written (`m("a, b")` passes `"a, b"` with its quotes). [Q15, decided]
// - If EVERY argument has the form `argname=value` and those names are exactly the macro's
//   argument names, arguments bind by name (`iis_search(fragment=TM)`, Splunk Knowledge Manager
//   Manual, "Search macro examples", help.splunk.com 9.3); otherwise they bind positionally (2.6).
// - Arguments are expanded first (in the caller's context), then `$argname$` is replaced
//   everywhere in the definition, including inside quotes (2.6), in one left-to-right pass (a
//   substituted value is never substituted again), then the result is expanded recursively (2.3).
// - Names match case-sensitively (see table.ts for the sources).
import { SplError, type DiagnosticCode } from "../diagnostics.js";
import type { Span } from "../syntax/ast.js";
import { SourceMap, type MapSegment } from "./sourcemap.js";
import { stanzaName, type MacroDefinition, type MacroTable } from "./table.js";

export type EvalResult = string | boolean | number | null;

export interface ExpandOptions {
  /** Deepest macro nesting allowed (a top-level reference is depth 1). Default 50. */
  readonly maxDepth?: number;
  /** Longest expanded text allowed, in characters. Default 1,000,000. */
  readonly maxLength?: number;
  /** Most macro references expanded in one call (guards against exponential fan-out). Default 100,000. */
  readonly maxExpansions?: number;
  /** Evaluates an eval expression; needed by `iseval` macros and `validation` (2.7, 2.8). */
  readonly evaluate?: (expr: string) => EvalResult;
}

export interface ExpandResult {
  /** The expanded text, for the parser. */
  readonly text: string;
  /** Maps spans of `text` back to the user's text. */
  readonly map: SourceMap;
}

export const DEFAULT_MAX_DEPTH = 50;
export const DEFAULT_MAX_LENGTH = 1_000_000;
export const DEFAULT_MAX_EXPANSIONS = 100_000;

/** Expands every macro reference in `text` (the user's text). Throws SplError on failure. */
export function expandMacros(text: string, table: MacroTable, opts: ExpandOptions = {}): ExpandResult {
  const ctx: Context = {
    table,
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: opts.maxLength ?? DEFAULT_MAX_LENGTH,
    maxExpansions: opts.maxExpansions ?? DEFAULT_MAX_EXPANSIONS,
    evaluate: opts.evaluate,
    expansions: 0,
  };
  const parts: string[] = [];
  const segments: MapSegment[] = [];
  // The user's own text may be long; the limit applies once a macro has been expanded.
  const state: { length: number; lastRef: Span | null } = { length: 0, lastRef: null };
  const push = (s: string, kind: MapSegment["kind"], original: Span): void => {
    if (s.length === 0) return;
    segments.push({ kind, expanded: { start: state.length, end: state.length + s.length }, original });
    parts.push(s);
    state.length += s.length;
    if (state.lastRef && state.length > ctx.maxLength) throw tooLong(ctx, state.lastRef);
  };
  scan(text, { outer: null, offset: 0 }, 1, [], ctx, {
    text: (from, to) => push(text.slice(from, to), "text", { start: from, end: to }),
    macro: (ref, expansion) => {
      const span: Span = { start: ref.start, end: ref.end };
      state.lastRef = span;
      push(expansion, "macro", span);
      if (state.length > ctx.maxLength) throw tooLong(ctx, span);
    },
  });
  const out = parts.join("");
  if (state.lastRef === null) return { text: out, map: SourceMap.identity(text) };
  return { text: out, map: new SourceMap(text, out, segments) };
}

// ---------------------------------------------------------------------------------------------
// Lexing

interface Reference {
  /** Offsets in the scanned text: the opening backtick and one past the closing one. */
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** Arguments as written (trimmed), with the offset of each in the scanned text. */
  readonly args: readonly Arg[];
}

interface Arg {
  readonly text: string;
  readonly offset: number;
}

/** A problem found while lexing, at offsets of the scanned text. */
class LexError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const WS = /\s/;

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && NAME_CHAR.test(c);
}

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.test(text.charAt(i))) i++;
  return i;
}

/** Index one past the closing quote of the string opening at `i`, or -1 if unterminated. */
function skipQuoted(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charAt(j);
    if (c === "\\") j += 2;
    else if (c === '"') return j + 1;
    else j++;
  }
  return -1;
}

/**
 * Outside quotes, `\"` is a literal quote character (not the start of a string) and `\\` a
 * literal backslash: security_content writes terms such as `*\"hostNetwork\":true*`.
 */
function isEscapeOutsideQuotes(text: string, i: number): boolean {
  if (text.charAt(i) !== "\\") return false;
  const next = text.charAt(i + 1);
  return next === '"' || next === "\\";
}

/** Index one past the ``` closing the comment opening at `i`, or -1 if unterminated. */
function skipComment(text: string, i: number): number {
  const close = text.indexOf("```", i + 3);
  return close < 0 ? -1 : close + 3;
}

function unterminated(at: number): LexError {
  return new LexError("unknown-macro", "unterminated macro reference", at, at + 1);
}

/** Lexes the reference whose opening backtick is at `at` (not the start of a ``` comment). */
function lexReference(text: string, at: number): Reference {
  let i = skipWs(text, at + 1);
  const nameStart = i;
  while (isNameChar(text[i])) i++;
  const name = text.slice(nameStart, i);
  i = skipWs(text, i);
  const c = text[i];
  if (c === "`") {
    if (name === "") throw new LexError("unknown-macro", "empty macro reference ``", at, i + 1);
    return { start: at, end: i + 1, name, args: [] };
  }
  if (c === "(" && name !== "") return lexArguments(text, at, name, i);
  if (c === undefined) throw unterminated(at);
  // Not a name: report the whole would-be reference when it is closed, else the backtick.
  const close = text.indexOf("`", i);
  if (close < 0) throw unterminated(at);
  const written = text.slice(at, close + 1);
  throw new LexError(
    "unknown-macro",
    `invalid macro reference ${written}: a macro name may only hold letters, digits, '_', '-' and '.'`,
    at,
    close + 1,
  );
}

function lexArguments(text: string, at: number, name: string, open: number): Reference {
  const args: Arg[] = [];
  let argStart = open + 1;
  let depth = 0;
  let i = open + 1;
  const pushArg = (end: number): void => {
    const raw = text.slice(argStart, end);
    const lead = raw.length - raw.trimStart().length;
    args.push({ text: raw.trim(), offset: argStart + lead });
  };
  for (;;) {
    if (i >= text.length) throw unterminated(at);
    const c = text.charAt(i);
    if (isEscapeOutsideQuotes(text, i)) {
      i += 2;
    } else if (c === '"') {
      const j = skipQuoted(text, i);
      if (j < 0) throw unterminated(at);
      i = j;
    } else if (text.startsWith("```", i)) {
      const j = skipComment(text, i);
      if (j < 0) throw unterminated(at);
      i = j;
    } else if (c === "`") {
      i = lexReference(text, i).end;
    } else if (c === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      if (depth === 0) {
        pushArg(i);
        i++;
        break;
      }
      depth--;
      i++;
    } else if (c === "," && depth === 0) {
      pushArg(i);
      argStart = i + 1;
      i++;
    } else {
      i++;
    }
  }
  // `name()` and `name(   )` have no arguments.
  const only = args[0];
  if (args.length === 1 && only && only.text === "") args.length = 0;
  i = skipWs(text, i);
  if (i >= text.length) throw unterminated(at);
  if (text.charAt(i) !== "`") {
    throw new LexError(
      "macro-arguments",
      `malformed reference to macro ${name}: expected \` after the argument list`,
      at,
      i + 1,
    );
  }
  return { start: at, end: i + 1, name, args };
}

// ---------------------------------------------------------------------------------------------
// Expansion

interface Context {
  readonly table: MacroTable;
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly maxExpansions: number;
  readonly evaluate: ((expr: string) => EvalResult) | undefined;
  expansions: number;
}

/**
 * Where the scanned text sits in the user's text, for error spans: inside a macro expansion
 * every error points at the outermost reference (`outer`); in the user's own text (top level,
 * or an argument written there) at `offset` + the local position.
 */
interface Where {
  readonly outer: Span | null;
  readonly offset: number;
}

interface Sink {
  text(from: number, to: number): void;
  macro(ref: Reference, expansion: string): void;
}

/** One entry of the expansion stack: which macro, for cycle detection and messages. */
type Frame = string;

function spanOf(where: Where, start: number, end: number): Span {
  return where.outer ?? { start: where.offset + start, end: where.offset + end };
}

function tooLong(ctx: Context, span: Span): SplError {
  return new SplError(
    "macro-expansion-limit",
    `macro expansion is longer than ${ctx.maxLength} characters`,
    span,
  );
}

/** Scans `text`, reporting verbatim runs and expanded references (at `depth`) to `sink`. */
function scan(text: string, where: Where, depth: number, stack: readonly Frame[], ctx: Context, sink: Sink): void {
  let i = 0;
  let runStart = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (isEscapeOutsideQuotes(text, i)) {
      i += 2;
    } else if (c === '"') {
      const j = skipQuoted(text, i);
      i = j < 0 ? text.length : j;
    } else if (text.startsWith("```", i)) {
      const j = skipComment(text, i);
      i = j < 0 ? text.length : j;
    } else if (c === "`") {
      let ref: Reference;
      try {
        ref = lexReference(text, i);
      } catch (e) {
        if (e instanceof LexError) throw new SplError(e.code, e.message, spanOf(where, e.start, e.end));
        throw e;
      }
      if (runStart < i) sink.text(runStart, i);
      sink.macro(ref, expandReference(ref, where, depth, stack, ctx));
      i = ref.end;
      runStart = i;
    } else {
      i++;
    }
  }
  if (runStart < text.length) sink.text(runStart, text.length);
}

/** `text` fully expanded (an argument or a definition). */
function expandString(text: string, where: Where, depth: number, stack: readonly Frame[], ctx: Context): string {
  if (!text.includes("`")) return text;
  const parts: string[] = [];
  let length = 0;
  const add = (s: string, span: Span): void => {
    parts.push(s);
    length += s.length;
    if (length > ctx.maxLength) throw tooLong(ctx, span);
  };
  scan(text, where, depth, stack, ctx, {
    text: (from, to) => add(text.slice(from, to), spanOf(where, from, to)),
    macro: (ref, expansion) => add(expansion, spanOf(where, ref.start, ref.end)),
  });
  return parts.join("");
}

function expandReference(ref: Reference, where: Where, depth: number, stack: readonly Frame[], ctx: Context): string {
  const span = spanOf(where, ref.start, ref.end);
  const argc = ref.args.length;
  const key = stanzaName(ref.name, argc);

  const def = lookup(ctx.table, ref.name, argc, span);

  const seen = stack.indexOf(key);
  if (seen >= 0) {
    const chain = [...stack.slice(seen), key].join(" -> ");
    throw new SplError("macro-cycle", `macro cycle: ${chain}`, span);
  }
  if (depth > ctx.maxDepth) {
    throw new SplError(
      "macro-expansion-limit",
      `macros nested more than ${ctx.maxDepth} levels deep: ${[...stack, key].join(" -> ")}`,
      span,
    );
  }
  ctx.expansions++;
  if (ctx.expansions > ctx.maxExpansions) {
    throw new SplError(
      "macro-expansion-limit",
      `more than ${ctx.maxExpansions} macro references expanded`,
      span,
    );
  }

  // Arguments are expanded in the caller's context: same depth, same stack.
  const values = ref.args.map((a) =>
    expandString(a.text, where.outer ? where : { outer: null, offset: where.offset + a.offset }, depth, stack, ctx),
  );
  const bindings = bind(def, values);

  if (def.validation !== undefined && def.validation.trim() !== "") {
    validate(def, substitute(def.validation, bindings), span, ctx);
  }

  let body = substitute(def.definition, bindings);
  if (body.length > ctx.maxLength) throw tooLong(ctx, span);
  if (def.iseval) body = evaluateDefinition(def, body, span, ctx);

  return expandString(body, { outer: span, offset: 0 }, depth + 1, [...stack, key], ctx);
}

function lookup(table: MacroTable, name: string, argc: number, span: Span): MacroDefinition {
  const def = table.get(name, argc);
  if (def) {
    if (def.name !== name || def.args.length !== argc) {
      throw new SplError(
        "macro-definition",
        `the definition found for ${stanzaName(name, argc)} is ${stanzaName(def.name, def.args.length)} (from ${def.origin})`,
        span,
      );
    }
    return def;
  }
  const arities = table.arities(name);
  if (arities.length > 0) {
    const have = arities.map((n) => stanzaName(name, n)).join(", ");
    throw new SplError(
      "macro-arguments",
      `macro ${name} called with ${argc} argument${argc === 1 ? "" : "s"}, but no ${stanzaName(name, argc)} is defined (defined: ${have})`,
      span,
    );
  }
  throw new SplError("unknown-macro", `unknown macro ${stanzaName(name, argc)}`, span);
}

const NAMED_ARG = /^([A-Za-z0-9_-]+)\s*=\s*([\s\S]*)$/;

/** Argument name -> value: by name when every value is `argname=value` for exactly def.args. */
function bind(def: MacroDefinition, values: readonly string[]): Map<string, string> {
  const bindings = new Map<string, string>();
  if (values.length > 0) {
    const named = new Map<string, string>();
    for (const v of values) {
      const m = NAMED_ARG.exec(v);
      if (!m || m[1] === undefined || m[2] === undefined || named.has(m[1])) break;
      named.set(m[1], m[2]);
    }
    if (named.size === values.length && def.args.every((a) => named.has(a))) return named;
  }
  def.args.forEach((name, i) => bindings.set(name, values[i] ?? ""));
  return bindings;
}

/** Replaces each `$argname$` in one left-to-right pass (2.6); other `$` text is kept. */
function substitute(template: string, bindings: ReadonlyMap<string, string>): string {
  if (bindings.size === 0 || !template.includes("$")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf("$", i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    const close = template.indexOf("$", dollar + 1);
    const value = close > dollar ? bindings.get(template.slice(dollar + 1, close)) : undefined;
    if (value !== undefined) {
      out += value;
      i = close + 1;
    } else {
      out += "$";
      i = dollar + 1;
    }
  }
  return out + template.slice(i);
}

function needEvaluator(def: MacroDefinition, what: string, span: Span): SplError {
  return new SplError(
    "macro-definition",
    `macro ${stanzaName(def.name, def.args.length)} has ${what}: eval-based macros need the evaluator, and none was given`,
    span,
  );
}

function runEval(def: MacroDefinition, what: string, expr: string, span: Span, ctx: Context): EvalResult {
  if (!ctx.evaluate) throw needEvaluator(def, what, span);
  try {
    return ctx.evaluate(expr);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SplError(
      "macro-definition",
      `macro ${stanzaName(def.name, def.args.length)}: cannot evaluate its ${what} (${expr}): ${detail}`,
      span,
    );
  }
}

/**
 * 2.8: a Boolean result passes when true, fails on false (message: errormsg); a string result is
 * the error message itself; NULL passes for a string-valued validation and fails for a Boolean one.
 * The evaluator's null does not say which kind the expression was, so: NULL fails when the macro
 * has an `errormsg` (which only Boolean validations use) and passes otherwise.
 */
function validate(def: MacroDefinition, expr: string, span: Span, ctx: Context): void {
  const result = runEval(def, "validation", expr, span, ctx);
  const failMessage = (): string =>
    def.errormsg !== undefined && def.errormsg !== ""
      ? def.errormsg
      : `arguments rejected by the validation of macro ${stanzaName(def.name, def.args.length)}: ${expr}`;
  if (result === true) return;
  if (result === false) throw new SplError("macro-arguments", failMessage(), span);
  if (result === null) {
    if (def.errormsg !== undefined) throw new SplError("macro-arguments", failMessage(), span);
    return;
  }
  throw new SplError("macro-arguments", String(result), span);
}

/** 2.7: the definition's eval result is the expansion (null expands to nothing). */
function evaluateDefinition(def: MacroDefinition, expr: string, span: Span, ctx: Context): string {
  const result = runEval(def, "eval-based definition", expr, span, ctx);
  if (result === null) return "";
  return String(result);
}
