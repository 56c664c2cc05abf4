// The printer's output on chosen inputs: parentheses only where precedence needs them, quoting only
// where a text could not be read back unquoted, and the few texts whose reading depends on their
// neighbours. test/properties/roundtrip.test.ts checks the round trip over generated ASTs.
import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { parse, parseEvalExpression } from "../../src/syntax/parse.js";
import { printEvalExpr, printQuery, printSearchExpr, quoteString } from "../../src/syntax/printer.js";
import { unquote } from "../../src/syntax/toAst.js";

const S: A.Span = { start: 0, end: 0 };

function reprint(text: string): string {
  return printQuery(parse(text));
}

describe("printQuery", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    // search precedence (1.10): a nested AND always needs parentheses, a nested OR only under OR/NOT
    ["a=1 b=2 OR c=3", "a=1 b=2 OR c=3"],
    ["(a=1 b=2) OR c=3", "(a=1 b=2) OR c=3"],
    ["a AND (b OR c)", "a b OR c"],
    ["a OR (b OR c)", "a OR (b OR c)"],
    ["NOT (a OR b)", "NOT (a OR b)"],
    ["NOT (a=1)", "NOT a=1"],
    ["(errorCode = \"AccessDenied\") user_type=IAMUser", "errorCode=\"AccessDenied\" user_type=IAMUser"],
    ["x IN (a b)", "x IN (a, b)"],
    ["f=CASE(Abc) term(x)", "f=CASE(Abc) TERM(x)"],
    // eval precedence (4.3)
    ["| where a OR b AND c", "| where a OR b AND c"],
    ["| where (a OR b) AND c", "| where (a OR b) AND c"],
    ["| where NOT (a AND b)", "| where NOT (a AND b)"],
    ["| where (a = 1) = b", "| where (a = 1) = b"],
    ["| eval x=1-(2-3), y=(1+2)*3, z=-(a+b), w=a . b . c", "| eval x=1 - (2 - 3), y=(1 + 2) * 3, z=-(a + b), w=a . b . c"],
    ["| where not a and b or c xor d", "| where NOT a AND b OR c XOR d"],
    // names
    ["| eval 'a{}'=1, b='c{}' + 'd', c='5min', d=in.x", "| eval a{}=1, b='c{}' + 'd', c='5min', d=in.x"],
    ["| eval 'a b'=1", "| eval 'a b'=1"],
    ["| rename \"a\" AS \"b c\", x.* AS *", "| rename a AS \"b c\", x.* AS *"],
    ["| table \"a\" b{} \"c d\"", "| table \"a\" b{} \"c d\""],
    // strings: escapes as unquote reads them; regular expressions keep their backslashes
    ["f=\"a\\\"b\" g=\"C:\\\\temp\"", "f=\"a\\\"b\" g=\"C:\\\\temp\""],
    ["| eval x=replace(y, \"\\d+\\s\", \"\\1\")", "| eval x=replace(y, \"\\d+\\s\", \"\\1\")"],
    ["| eval x=\"tab\\there\"", "| eval x=\"tab\\there\""],
    // commands
    ["SEARCH a | EVAL x=1", "search a | eval x=1"],
    ["| fields + a", "| fields a"],
    ["| fields \"-x\"", "| fields \"-x\""],
    ["| stats count min(_time) as firstTime by a b", "| stats count, min(_time) AS firstTime BY a, b"],
    ["| convert timeformat=\"%Y\" ctime(firstTime)", "| convert timeformat=\"%Y\" ctime(firstTime)"],
    ["a ```comment``` b", "a b"],
    ["", ""],
  ];
  it.each(cases)("%s", (text, printed) => {
    expect(reprint(text)).toBe(printed);
    expect(reprint(printed)).toBe(printed);
  });
});

describe("texts whose reading depends on their neighbours", () => {
  function term(text: string): A.SearchExpr {
    return { kind: "term", value: { kind: "value", text, quoted: false, modifier: null, span: S }, span: S };
  }
  it("a bare term IN before a group keeps an explicit AND, else `x IN (a b)` reads as an IN list", () => {
    const e: A.SearchExpr = { kind: "and", operands: [term("x"), term("IN"), { kind: "and", operands: [term("a"), term("b")], span: S }], span: S };
    expect(printSearchExpr(e)).toBe("x AND IN (a b)");
    expect(reprint("x AND IN (a b)")).toBe("x AND IN (a b)");
  });
  it("a field ending in ! is spaced from =, else `x!=1` reads as x != 1", () => {
    const e: A.SearchExpr = { kind: "compare", field: "x!", op: "=", value: { kind: "value", text: "1", quoted: false, modifier: null, span: S }, span: S };
    expect(printSearchExpr(e)).toBe("x! =1");
    const back = parse("x! =1").commands[0];
    expect(back?.kind === "search" && back.expr?.kind === "compare" ? [back.expr.field, back.expr.op] : null).toEqual(["x!", "="]);
  });
  it("fields whose first name starts with a sign writes the mode out", () => {
    const f = (name: string): A.FieldName => ({ kind: "fieldName", name, quoted: false, span: S });
    const q: A.Query = { kind: "query", commands: [{ kind: "fields", mode: "+", fields: [f("-x"), f("y")], span: S }], span: S };
    expect(printQuery(q)).toBe("| fields + -x y");
  });
  it("a first search word that starts like the search command is written after `search`", () => {
    // `search.x=1` alone reads as the search command followed by `.x=1` (see parse quirk in the report).
    const q: A.Query = {
      kind: "query",
      commands: [{ kind: "search", expr: { kind: "compare", field: "search.x", op: "=", value: { kind: "value", text: "1", quoted: false, modifier: null, span: S }, span: S }, implicit: true, span: S }],
      span: S,
    };
    expect(printQuery(q)).toBe("search search.x=1");
    const back = parse(printQuery(q)).commands[0];
    expect(back?.kind === "search" && back.expr?.kind === "compare" ? back.expr.field : null).toBe("search.x");
  });
  it("quotes what the AST says is unquoted but cannot be written so", () => {
    expect(printSearchExpr(term("AND"))).toBe("\"AND\"");
    expect(printSearchExpr(term("a b"))).toBe("\"a b\"");
    expect(printEvalExpr({ kind: "field", name: "a{}", quoted: false, span: S })).toBe("'a{}'");
    expect(printEvalExpr({ kind: "field", name: "in", quoted: false, span: S })).toBe("'in'");
    expect(printEvalExpr({ kind: "field", name: "userIdentity.arn", quoted: false, span: S })).toBe("userIdentity.arn");
  });
});

describe("quoteString is the inverse of unquote", () => {
  const texts = ["", "plain", "a\"b", "it's", "C:\\temp\\", "\\d+", "\\\\", "tab\there", "\\\n", "new\nline", "\\t literal", "\\'", "\\\"", "日本 😀"];
  it.each(texts.map((t) => [JSON.stringify(t), t]))("%s", (_name, text) => {
    expect(unquote(quoteString(text))).toBe(text);
    expect(unquote(quoteString(text, "'"))).toBe(text);
  });
  it("keeps regular expressions readable", () => {
    expect(quoteString("\\d+\\.\\w")).toBe("\"\\d+\\.\\w\"");
  });
  it("round-trips through the eval parser", () => {
    for (const t of texts) {
      const e = parseEvalExpression(quoteString(t));
      expect(e.kind === "string" ? e.value : null).toBe(t);
    }
  });
});
