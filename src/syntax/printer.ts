// The AST back to SPL text (DESIGN.md: "printer (AST back to SPL)"). For every AST the parser can
// produce, `parse(printQuery(q))` gives `q` again, spans aside (test/properties/roundtrip.test.ts).
//
// What the printer has to respect, rule by rule of grammar/spl.ohm:
// - search: precedence is NOT > OR > AND, AND implied by juxtaposition (spl-semantics.md 1.10), so a
//   nested `and` is parenthesised everywhere and a nested `or` inside another `or` or a `not`;
// - eval/where: NOT > AND > OR > XOR above comparisons (non-associative) above + - . above * / %
//   above unary minus/plus (4.3); binary chains are left-associative, so a right operand of the same
//   level keeps its parentheses;
// - strings are double-quoted with the escapes `unquote` (toAst.ts) resolves; eval field names that
//   are not plain identifiers (4.1: `{}`, a leading digit, a keyword...) are single-quoted;
// - search values, field lists and generic arguments are quoted when their text could not be read
//   back as one unquoted word.
// The few texts whose reading depends on their neighbours are written so that they read back as the
// AST says: a bare term IN before a group (`x AND IN (a b)`), a field ending in `!` before `=`
// (`x! =1`), a first field starting with a sign (`fields + -x`), a first search word starting with
// `search` (`search search.x=1`).
import type {
  Aggregation,
  Command,
  EvalExpr,
  FieldName,
  GenericArg,
  Query,
  SearchExpr,
  SearchValue,
  StatsCommand,
} from "./ast.js";

// ---------------------------------------------------------------- quoting

// A backslash is doubled when the next character would otherwise form an escape with it: one that
// `unquote` resolves after a backslash, or one printed as an escape itself (a quote, a tab...). Any
// other backslash is printed alone (so regular expressions such as `\d` print as written).
const ESCAPE_FOLLOWERS = new Set(["\"", "'", "\\", "t", "n", "r", "\t", "\n", "\r"]);

/** `text` as a quoted SPL string (`"` for strings and values, `'` for eval field names): the inverse
 * of toAst.ts `unquote`. Backslashes are doubled only where `unquote` would read an escape. */
export function quoteString(text: string, quote: "\"" | "'" = "\""): string {
  let out = quote;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      out += next === undefined || ESCAPE_FOLLOWERS.has(next) ? "\\\\" : "\\";
    } else if (c === quote) out += "\\" + quote;
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else out += c;
  }
  return out + quote;
}

// grammar: `space` is "\x00".." " (plus ``` comments, which need a backtick).
// searchWordChar = ~(space | "\"" | "(" | ")" | "|" | "=" | "<" | ">" | "!=" | "[" | "]" | "`" | ",") any
const NOT_SEARCH_WORD = /[\x00-\x20"()|=<>[\]`,]|!=/;
// searchKeyword = (andKw | orKw | notKw) ~searchWordChar: upper case only (1.9).
const SEARCH_KEYWORD = /^(?:AND|OR|NOT)$/;

/** Can `text` be written unquoted as a search value (`f=text`, `IN (text)`, `CASE(text)`)? */
export function isSearchWord(text: string): boolean {
  return text.length > 0 && !NOT_SEARCH_WORD.test(text);
}

/** Can `text` be written unquoted as a bare search term (not AND, OR or NOT)? */
export function isSearchTermWord(text: string): boolean {
  return isSearchWord(text) && !SEARCH_KEYWORD.test(text);
}

// evalFieldName = ~(evalKeyword ~evalNameChar) evalNameStart evalNameRest*; Ohm's `letter` is any
// Unicode letter (Ll, Lu, Lt, Lm, Lo), `digit` is 0-9, and a `.` must be followed by a name character.
const EVAL_NAME = /^[\p{L}_@](?:[\p{L}0-9_@]|\.(?=[\p{L}0-9_@]))*$/u;
const EVAL_KEYWORD = /^(?:and|or|not|xor|like|in)$/i;

/** Can `name` be written unquoted as a field in an eval expression (4.1)? */
export function isPlainEvalName(name: string): boolean {
  return EVAL_NAME.test(name) && !EVAL_KEYWORD.test(name);
}

// evalTargetName = evalNameChar+ (the left of `eval x=`: braces, colons and dashes allowed).
const EVAL_TARGET = /^[\p{L}0-9_.{}@:-]+$/u;

// fieldPattern = quoted | ~(asKw) fieldPatternChar+
const FIELD_PATTERN = /^[^\x00-\x20"'()|,=[\]`]+$/;
const AS_KEYWORD = /^as$/i;

/** Can `name` be written unquoted in a field list (table, fields, rename, stats BY)? */
export function isPlainFieldPattern(name: string): boolean {
  return FIELD_PATTERN.test(name) && !AS_KEYWORD.test(name);
}

function fieldPatternText(name: string, quoted = false): string {
  return quoted || !isPlainFieldPattern(name) ? quoteString(name) : name;
}

function fieldNameText(f: FieldName): string {
  return fieldPatternText(f.name, f.quoted);
}

// ---------------------------------------------------------------- search expressions

function searchValueText(v: SearchValue, bareTerm: boolean): string {
  const plain = bareTerm && v.modifier === null ? isSearchTermWord(v.text) : isSearchWord(v.text);
  // In an unquoted term a backslash escapes the next character, so a backslash is written doubled.
  const body = v.quoted || !plain ? quoteString(v.text) : v.text.replace(/\\/g, "\\\\");
  return v.modifier === null ? body : `${v.modifier}(${body})`;
}

/** Does `e` need parentheses as an operand of `parent`? (NOT > OR > AND, 1.10.) */
function searchNeedsParens(e: SearchExpr, parent: "and" | "or" | "not"): boolean {
  if (e.kind === "and") return true;
  return e.kind === "or" && parent !== "and";
}

function searchOperand(e: SearchExpr, parent: "and" | "or" | "not"): string {
  const text = printSearchExpr(e);
  return searchNeedsParens(e, parent) ? `(${text})` : text;
}

function isInKeyword(text: string): boolean {
  return /^in$/i.test(text);
}

function printAnd(operands: readonly SearchExpr[]): string {
  const parts = operands.map((o) => searchOperand(o, "and"));
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) {
    // `x IN (a b)` would read as an IN list: a bare term IN followed by a group keeps an explicit AND
    // in front of it, so that it is not taken as the keyword after a field name.
    const explicit = isInKeyword(parts[i]!) && (parts[i + 1]?.startsWith("(") ?? false);
    out += (explicit ? " AND " : " ") + parts[i];
  }
  return out;
}

function fieldThenOp(field: string, op: string): string {
  // `a!` followed by `=` would read as the field `a` and the operator `!=`.
  return field.endsWith("!") && op.startsWith("=") ? `${field} ${op}` : field + op;
}

export function printSearchExpr(e: SearchExpr): string {
  switch (e.kind) {
    case "and":
      return printAnd(e.operands);
    case "or":
      return e.operands.map((o) => searchOperand(o, "or")).join(" OR ");
    case "not":
      return "NOT " + searchOperand(e.operand, "not");
    case "compare":
      return fieldThenOp(e.field, e.op) + searchValueText(e.value, false);
    case "in":
      return `${e.field} IN (${e.values.map((v) => searchValueText(v, false)).join(", ")})`;
    case "term":
      return searchValueText(e.value, true);
    case "subsearch":
      return `[${printPipeline(e.commands)}]`;
  }
}

// ---------------------------------------------------------------- eval expressions

// Binding strength, loosest first (4.3): XOR, OR, AND, NOT, comparison, + - ., * / %, unary - +.
const XOR = 1;
const OR = 2;
const AND = 3;
const NOT = 4;
const COMPARE = 5;
const ADDITIVE = 6;
const MULTIPLICATIVE = 7;
const UNARY = 8;
const PRIMARY = 9;

const BINARY_LEVEL: Readonly<Record<string, number>> = {
  XOR,
  OR,
  AND,
  "=": COMPARE,
  "==": COMPARE,
  "!=": COMPARE,
  "<": COMPARE,
  "<=": COMPARE,
  ">": COMPARE,
  ">=": COMPARE,
  LIKE: COMPARE,
  "+": ADDITIVE,
  "-": ADDITIVE,
  ".": ADDITIVE,
  "*": MULTIPLICATIVE,
  "/": MULTIPLICATIVE,
  "%": MULTIPLICATIVE,
};

function evalLevel(e: EvalExpr): number {
  switch (e.kind) {
    case "binary":
      return BINARY_LEVEL[e.op] ?? PRIMARY;
    case "unary":
      return e.op === "NOT" ? NOT : UNARY;
    case "in":
      return COMPARE;
    default:
      return PRIMARY;
  }
}

/** `e` printed where an expression binding at least as tightly as `min` is expected. */
function evalAt(e: EvalExpr, min: number): string {
  const text = printEvalExpr(e);
  return evalLevel(e) < min ? `(${text})` : text;
}

function evalFieldText(name: string, quoted: boolean): string {
  return quoted || !isPlainEvalName(name) ? quoteString(name, "'") : name;
}

export function printEvalExpr(e: EvalExpr): string {
  switch (e.kind) {
    case "number":
      return e.text;
    case "string":
      return quoteString(e.value);
    case "field":
      return evalFieldText(e.name, e.quoted);
    case "call":
      return `${e.name}(${e.args.map(printEvalExpr).join(", ")})`;
    case "in":
      return `${evalAt(e.operand, ADDITIVE)} IN (${e.values.map(printEvalExpr).join(", ")})`;
    case "unary":
      return e.op === "NOT" ? "NOT " + evalAt(e.operand, NOT) : e.op + evalAt(e.operand, UNARY);
    case "binary": {
      const level = BINARY_LEVEL[e.op] ?? PRIMARY;
      // Comparisons do not chain (`a = b = c` does not parse): both sides are additive or tighter.
      // The other levels are left-associative chains: the right side must bind more tightly.
      const left = evalAt(e.left, level === COMPARE ? ADDITIVE : level);
      const right = evalAt(e.right, level + 1);
      return `${left} ${e.op} ${right}`;
    }
  }
}

// ---------------------------------------------------------------- commands

function printGenericArgs(args: readonly GenericArg[]): string {
  let out = "";
  let previous: GenericArg | null = null;
  for (const a of args) {
    // `count(x)` and `name="v"` are written as they usually are; the grammar reads them the same
    // with or without the space (a word ends at `(` and `"`).
    const attach =
      previous?.kind === "word" && (a.kind === "parens" || (a.kind === "quoted" && previous.text.endsWith("=")));
    if (previous !== null && !attach) out += " ";
    out += printGenericArg(a);
    previous = a;
  }
  return out;
}

function printGenericArg(a: GenericArg): string {
  switch (a.kind) {
    case "word":
      return a.text;
    case "quoted":
      return quoteString(a.text, a.quote);
    case "parens":
      return `(${printGenericArgs(a.args)})`;
    case "subsearch":
      return `[${printPipeline(a.commands)}]`;
    case "brackets":
      return `[${a.text}]`;
  }
}

// statsOptionValue = quoted | fieldPatternChar+
function statsOptionValue(value: string): string {
  return FIELD_PATTERN.test(value) ? value : quoteString(value);
}

function printAggregation(a: Aggregation): string {
  // `text` is the aggregation as written (its default output name), so it is printed as it was.
  return a.as === null ? a.text : `${a.text} AS ${fieldPatternText(a.as)}`;
}

function printStats(c: StatsCommand): string {
  let out = c.variant;
  for (const o of c.options) out += ` ${o.name}=${statsOptionValue(o.value)}`;
  out += " " + c.aggregations.map(printAggregation).join(", ");
  if (c.by.length > 0) out += " BY " + c.by.map(fieldNameText).join(", ");
  return out;
}

function printFieldList(fields: readonly FieldName[]): string {
  return fields.map(fieldNameText).join(" ");
}

export function printCommand(c: Command): string {
  switch (c.kind) {
    case "search":
      return c.expr === null ? "search" : "search " + printSearchExpr(c.expr);
    case "eval":
      return "eval " + c.assignments.map((a) => `${EVAL_TARGET.test(a.field) ? a.field : quoteString(a.field, "'")}=${printEvalExpr(a.expr)}`).join(", ");
    case "where":
      return "where " + printEvalExpr(c.expr);
    case "rename":
      return "rename " + c.pairs.map((p) => `${fieldPatternText(p.from)} AS ${fieldPatternText(p.to)}`).join(", ");
    case "table":
      return "table " + printFieldList(c.fields);
    case "fields": {
      // `fields -x` reads as the mode `-` and the field `x`: a first unquoted field that starts with
      // a sign is preceded by the mode, written out.
      const first = c.fields[0];
      const signed = first !== undefined && !first.quoted && /^[+-]/.test(first.name);
      const mode = c.mode === "-" ? "- " : signed ? "+ " : "";
      return "fields " + mode + printFieldList(c.fields);
    }
    case "stats":
      return printStats(c);
    case "generic":
      return c.args.length === 0 ? c.name : `${c.name} ${printGenericArgs(c.args)}`;
  }
}

/** A pipeline: the first command is written as the parser reads a first command (an implicit
 * search is its bare expression; any other command but `search` starts with `|`). */
export function printPipeline(commands: readonly Command[]): string {
  return commands
    .map((c, i) => {
      if (i > 0) return "| " + printCommand(c);
      if (c.kind === "search" && c.implicit && c.expr !== null) {
        const expr = printSearchExpr(c.expr);
        // A first word such as `search.x=1` would read as the search command followed by `.x=1`
        // (searchKw ends at any non-word character): such an expression is written after `search`.
        return /^search(?![A-Za-z0-9_])/i.test(expr) ? "search " + expr : expr;
      }
      if (c.kind === "search") return c.implicit ? "" : printCommand(c);
      return "| " + printCommand(c);
    })
    .join(" ");
}

export function printQuery(q: Query): string {
  return printPipeline(q.commands);
}
