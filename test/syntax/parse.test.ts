// Table-driven parser tests: precedence, names, comments, command-name case, and where syntax errors
// point. Expected trees are written as s-expressions (see `show`) so that each case fits on one line.
// Section numbers cite ../shared/reference/spl-semantics.md.
import { describe, expect, it } from "vitest";
import { SplError } from "../../src/diagnostics.js";
import type { Command, EvalExpr, FieldName, SearchExpr, SearchValue } from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";

// ---------------------------------------------------------------- a compact view of the AST

function showValue(v: SearchValue): string {
  const body = v.quoted ? JSON.stringify(v.text) : v.text;
  return v.modifier === null ? body : `${v.modifier}(${body})`;
}

function showSearch(e: SearchExpr): string {
  switch (e.kind) {
    case "and":
    case "or":
      return `(${e.kind} ${e.operands.map(showSearch).join(" ")})`;
    case "not":
      return `(not ${showSearch(e.operand)})`;
    case "compare":
      return `${e.field}${e.op}${showValue(e.value)}`;
    case "in":
      return `(in ${e.field} ${e.values.map(showValue).join(" ")})`;
    case "term":
      return showValue(e.value);
    case "subsearch":
      return `[${e.commands.map(showCommand).join(" | ")}]`;
  }
}

function showEval(e: EvalExpr): string {
  switch (e.kind) {
    case "number":
      return e.text;
    case "string":
      return JSON.stringify(e.value);
    case "field":
      return e.quoted ? `'${e.name}'` : e.name;
    case "call":
      return `(${e.name}() ${e.args.map(showEval).join(" ")})`.replace(" )", ")");
    case "binary":
      return `(${e.op} ${showEval(e.left)} ${showEval(e.right)})`;
    case "unary":
      return `(${e.op} ${showEval(e.operand)})`;
    case "in":
      return `(IN ${showEval(e.operand)} ${e.values.map(showEval).join(" ")})`;
  }
}

function showField(f: FieldName): string {
  return f.quoted ? JSON.stringify(f.name) : f.name;
}

function showCommand(c: Command): string {
  switch (c.kind) {
    case "search":
      return `${c.implicit ? "" : "search "}${c.expr ? showSearch(c.expr) : ""}`.trim();
    case "eval":
      return "eval " + c.assignments.map((a) => `${a.field}=${showEval(a.expr)}`).join(", ");
    case "where":
      return "where " + showEval(c.expr);
    case "rename":
      return "rename " + c.pairs.map((p) => `${p.from} AS ${p.to}`).join(", ");
    case "table":
      return "table " + c.fields.map(showField).join(" ");
    case "fields":
      return `fields ${c.mode} ${c.fields.map(showField).join(" ")}`;
    default:
      return c.kind === "generic" ? `${c.name} …` : c.kind;
  }
}

function show(text: string): string {
  return parse(text).commands.map(showCommand).join(" | ");
}

/** The one expression of `| where <expr>`. */
function showWhere(expr: string): string {
  const c = parse("| where " + expr).commands[0]!;
  if (c.kind !== "where") throw new Error("not a where command");
  return showEval(c.expr);
}

function errorOf(text: string): SplError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof SplError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------- cases

describe("search precedence: parentheses, NOT, OR, AND (1.10)", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["OR binds tighter than the implied AND", "a=1 b=2 OR c=3", "(and a=1 (or b=2 c=3))"],
    ["OR on the left of an implied AND", "a OR b c", "(and (or a b) c)"],
    ["explicit AND is the same as juxtaposition", "a AND b OR c", "(and a (or b c))"],
    ["chains of OR and AND stay flat", "a OR b OR c d e", "(and (or a b c) d e)"],
    ["NOT applies to the next term only", "NOT a OR b", "(or (not a) b)"],
    ["NOT before an implied AND", "NOT a b", "(and (not a) b)"],
    ["NOT NOT", "NOT NOT a", "(not (not a))"],
    ["parentheses group before OR", "(a=1 b=2) OR c=3", "(or (and a=1 b=2) c=3)"],
    ["parentheses keep a nested OR", "a OR (b OR c)", "(or a (or b c))"],
    ["parentheses keep a nested AND", "a (b c)", "(and a (and b c))"],
    ["NOT of a group", "NOT (a OR b) c", "(and (not (or a b)) c)"],
    ["lower-case and/or/not are terms (1.9)", "a or b not c", "(and a or b not c)"],
    ["IN list with and without commas (1.14)", "x IN (a, \"b c\" d*)", "(in x a \"b c\" d*)"],
    ["a comparison in each operator", "a!=1 b<2 c<=3 d>4 e>=5", "(and a!=1 b<2 c<=3 d>4 e>=5)"],
    ["CASE and TERM modifiers (1.3, 1.4)", "f=CASE(Abc) TERM(1.2.3.4) case(x)", "(and f=CASE(Abc) TERM(1.2.3.4) CASE(x))"],
    ["a later search command has the same precedence", "| search a b OR c", "search (and a (or b c))"],
    ["a subsearch is an atom", "a [search b c] OR d", "(and a (or [search (and b c)] d))"],
  ];
  it.each(cases)("%s: %s", (_why, text, expected) => {
    expect(show(text)).toBe(expected);
  });
});

describe("eval/where precedence: NOT, AND, OR, XOR, comparison, + - ., * / % (4.3)", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["AND binds tighter than OR", "a OR b AND c", "(OR a (AND b c))"],
    ["AND before OR on the left", "a AND b OR c", "(OR (AND a b) c)"],
    ["OR binds tighter than XOR", "a XOR b OR c", "(XOR a (OR b c))"],
    ["the whole ladder", "a AND b XOR c OR d AND e", "(XOR (AND a b) (OR c (AND d e)))"],
    ["NOT binds tighter than AND", "NOT a AND b", "(AND (NOT a) b)"],
    ["NOT applies to a whole comparison", "NOT a = 1", "(NOT (= a 1))"],
    ["comparisons bind tighter than Boolean operators", "a = 1 OR b != 2", "(OR (= a 1) (!= b 2))"],
    ["arithmetic binds tighter than comparison", "a + 1 > b * 2", "(> (+ a 1) (* b 2))"],
    ["* before +", "1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["- is left-associative", "1 - 2 - 3", "(- (- 1 2) 3)"],
    ["parentheses override", "1 - (2 - 3)", "(- 1 (- 2 3))"],
    ["concatenation shares the additive level (Q13)", "a . b + c", "(+ (. a b) c)"],
    ["unary minus binds tightest", "-a * b", "(* (- a) b)"],
    ["LIKE is a comparison", "x LIKE \"a%\" AND y", "(AND (LIKE x \"a%\") y)"],
    ["IN is a comparison", "x IN (1, \"a\") OR y", "(OR (IN x 1 \"a\") y)"],
    ["function calls are primaries", "if(a > 1, \"x\", lower(b)) = \"x\"", "(= (if() (> a 1) \"x\" (lower() b)) \"x\")"],
    ["Boolean operators in lower case, as production detections write them", "a=1 and not b=2 or c=3", "(OR (AND (= a 1) (NOT (= b 2))) (= c 3))"],
    ["a field named like a function is a field without (", "match = \"No Match\"", "(= match \"No Match\")"],
  ];
  it.each(cases)("%s: %s", (_why, expr, expected) => {
    expect(showWhere(expr)).toBe(expected);
  });
});

describe("field names: dots, {}, single quotes (1.16, 4.1)", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["dotted names in search", "requestParameters.attributeType=CREATE_VOLUME_PERMISSION", "requestParameters.attributeType=CREATE_VOLUME_PERMISSION"],
    ["{} names unquoted in search", "resources{}.ARN=arn:* requestParameters.items{}.userId=*", "(and resources{}.ARN=arn:* requestParameters.items{}.userId=*)"],
    ["dotted names unquoted in eval", "| eval x=userIdentity.userName", "eval x=userIdentity.userName"],
    ["{} names single-quoted in eval", "| eval x='requestParameters.items{}.userId'", "eval x='requestParameters.items{}.userId'"],
    ["a single-quoted name with an escaped quote", "| eval x='it\\'s'", "eval x='it's'"],
    ["single quotes make any text a name", "| where '5minutes' > 'server-1'", "where (> '5minutes' 'server-1')"],
    ["a double-quoted text is a string, not a field (5.2)", "| where a = \"b\"", "where (= a \"b\")"],
    ["spaces around . make it concatenation", "| eval x=a . b", "eval x=(. a b)"],
    ["a dot followed by a digit stays in the name", "| eval x=a.1", "eval x=a.1"],
    ["assignment targets take {} and : unquoted", "| eval a{}.b=1, c:d=2", "eval a{}.b=1, c:d=2"],
    ["quoted assignment targets", "| eval 'a b'=1, \"c d\"=2", "eval a b=1, c d=2"],
    ["rename and table take {} and wildcards", "| rename requestParameters.items{}.userId AS uid, a.* AS * | table a.b{}.c \"x y\" c*", "rename requestParameters.items{}.userId AS uid, a.* AS * | table a.b{}.c \"x y\" c*"],
    ["fields with a mode", "| fields - _raw, a{}", "fields - _raw a{}"],
  ];
  it.each(cases)("%s: %s", (_why, text, expected) => {
    expect(show(text)).toBe(expected);
  });
});

describe("comments: triple backticks are whitespace", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["a ```comment``` b", "(and a b)"],
    ["```leading``` a", "a"],
    ["a ```x | y = \"z``` b", "(and a b)"],
    ["a | ```between commands``` eval x=1", "a | eval x=1"],
    ["| eval x=1 ``` c ``` , y=2", "eval x=1, y=2"],
    ["| where a ```c``` > 1", "where (> a 1)"],
    ["a```glued```b", "(and a b)"],
    ["f=\"a```b```c\"", "f=\"a```b```c\""],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(show(text)).toBe(expected);
  });
});

describe("command names are case-insensitive", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["SEARCH a", "search a"],
    ["Search a | SEARCH b", "search a | search b"],
    ["| EVAL x=1 | Where x>0", "eval x=1 | where (> x 0)"],
    ["| TaBlE a | FIELDS - b", "table a | fields - b"],
    ["| RENAME a As b", "rename a AS b"],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(show(text)).toBe(expected);
  });

  it("generic command names are kept in lower case", () => {
    const c = parse("| MyCommand a").commands[0]!;
    expect(c.kind === "generic" ? c.name : c.kind).toBe("mycommand");
  });
});

describe("syntax errors point at the right character", () => {
  // [query, index of the character the error points at, why]. `^` in the comment column marks it.
  const cases: ReadonlyArray<readonly [string, number, string]> = [
    ["a \"b", 2, "unterminated quote in search: at the opening quote"],
    ["| eval x=\"abc", 9, "unterminated string in eval: at the opening quote"],
    ["| eval x='abc", 9, "unterminated field name in eval: at the opening quote"],
    ["a ```unterminated", 2, "unterminated comment: at its opening backticks"],
    ["| eval x=", 9, "missing expression after eval x=: at the end"],
    ["| eval x= | table x", 10, "missing expression after eval x=: at the next pipe"],
    ["| eval x=, y=1", 9, "missing expression after eval x=: at the comma"],
    ["| where", 7, "where without an expression"],
    ["| where x=1 AND", 15, "AND without a right operand"],
    ["| eval x=(1+2", 13, "missing closing parenthesis in eval"],
    ["(a b", 4, "missing closing parenthesis in search"],
    ["a b)", 3, "a closing parenthesis with no opening one"],
    ["x IN (a, b", 10, "unclosed IN list"],
    ["a OR", 4, "OR without a right operand"],
    ["a=(b", 2, "a search value cannot start with ("],
    ["| rename a", 10, "rename without AS"],
    ["| rename a AS", 13, "rename without a new name"],
    ["| table", 7, "table without fields"],
    ["| eval x=a{}", 10, "{} in an unquoted eval name (4.1: single-quote it)"],
    ["| where a=b=c", 11, "comparisons do not chain"],
    ["| search a | | table x", 13, "an empty command between pipes"],
    ["x=1 | eval y=f(,)", 15, "an empty function argument"],
  ];
  it.each(cases)("%s (at %i: %s)", (text, at, _why) => {
    const e = errorOf(text);
    expect(e.diagnostic.code).toBe("syntax-error");
    expect(e.diagnostic.message).toMatch(/^Syntax error: expected /);
    expect(e.diagnostic.span, `${text}\n${" ".repeat(at)}^`).toEqual({ start: at, end: Math.min(text.length, at + 1) });
  });
});
