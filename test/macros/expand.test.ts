import { describe, it, expect } from "vitest";
import { expandMacros, type EvalResult } from "../../src/macros/expand.js";
import { MacroTable, securityContentDefaults } from "../../src/macros/table.js";
import { def, diagnosticOf, spanOf, table } from "./helpers.js";

// Sources cited below: "2.x" / "Example 2.X" / "Q15" = /work/shared/reference/spl-semantics.md
// section 2 and its open question Q15; "brief" = the task specification where Splunk's behaviour
// is undocumented and spelunk decides.

/** A stand-in for the eval evaluator: `isnum(tok) AND isnum(tok) ...` over literal tokens. */
function isnumEvaluator(expr: string): EvalResult {
  const parts = expr.split(/\s+AND\s+/);
  return parts.every((p) => {
    const m = /^isnum\((.*)\)$/.exec(p.trim());
    if (!m || m[1] === undefined) throw new Error(`fake evaluator cannot read ${p}`);
    return /^-?\d+(\.\d+)?$/.test(m[1].trim());
  });
}

interface ExpansionCase {
  readonly cite: string;
  readonly macros: MacroTable;
  readonly input: string;
  readonly output: string;
}

const sc = table(
  def("cloudtrail", "sourcetype=aws:cloudtrail"),
  def("security_content_ctime", 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', ["field"]),
  def("aws_createaccesskey_filter", "search *"),
);
const overloaded = table(def("m", "eventName=A"), def("m", "eventName=$n$", ["n"]));
const quoted = table(def("q", 'eventName="$n$*"', ["n"]));

const expansions: ExpansionCase[] = [
  {
    cite: "Example 2.A: fragment macro",
    macros: sc,
    input: "`cloudtrail` eventName=CreateAccessKey",
    output: "sourcetype=aws:cloudtrail eventName=CreateAccessKey",
  },
  {
    cite: "Example 2.B: argument macro used as a command",
    macros: sc,
    input: "x | stats min(_time) as firstTime by user | `security_content_ctime(firstTime)`",
    output: 'x | stats min(_time) as firstTime by user | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)',
  },
  {
    cite: "Example 2.C: no-op filter macro",
    macros: sc,
    input: "x | stats count by user | `aws_createaccesskey_filter`",
    output: "x | stats count by user | search *",
  },
  { cite: "Example 2.D: overloading, zero arguments", macros: overloaded, input: "`m`", output: "eventName=A" },
  { cite: "Example 2.D: overloading, one argument", macros: overloaded, input: "`m(B)`", output: "eventName=B" },
  {
    cite: "Example 2.E: $arg$ substituted inside quotes (2.6)",
    macros: quoted,
    input: "`q(Create)`",
    output: 'eventName="Create*"',
  },
  {
    cite: "Example 2.E: no expansion inside a quoted string (2.4)",
    macros: quoted,
    input: 'search "x`q(Create)`y"',
    output: 'search "x`q(Create)`y"',
  },
  {
    cite: "2.4: the documented example \"audit`users`local\" stays literal",
    macros: table(def("users", "SHOULD NOT APPEAR")),
    input: '"audit`users`local" `users`',
    output: '"audit`users`local" SHOULD NOT APPEAR',
  },
  {
    cite: "2.4 + brief: an escaped quote inside a string does not end it",
    macros: table(def("x", "X")),
    input: '"a\\"`x`" `x`',
    output: '"a\\"`x`" X',
  },
  {
    cite: 'brief: outside a string, \\" is a literal quote (security_content writes *\\"hostNetwork\\":true*)',
    macros: table(def("x", "X")),
    input: 'f=*\\"hostNetwork\\":true* | `x`',
    output: 'f=*\\"hostNetwork\\":true* | X',
  },
  {
    cite: "2.3: nested references in a definition are expanded recursively",
    macros: table(def("a", "`b` | `c`"), def("b", "B `c`"), def("c", "C")),
    input: "`a`",
    output: "B C | C",
  },
  {
    cite: "2.3 + 2.6: a reference built from an argument is expanded after substitution",
    macros: table(def("wrap", "[ `$inner$` ]", ["inner"]), def("x", "X")),
    input: "`wrap(x)`",
    output: "[ X ]",
  },
  {
    cite: "brief: references inside arguments are expanded",
    macros: table(def("f", "f=$v$", ["v"]), def("x", "X")),
    input: "`f(`x`)`",
    output: "f=X",
  },
  {
    cite: "brief: the same macro in its own argument is not a cycle",
    macros: table(def("f", "f($v$)", ["v"])),
    input: "`f(`f(1)`)`",
    output: "f(f(1))",
  },
  {
    cite: "2.5: foo, foo(1), foo(2) are distinct",
    macros: table(def("foo", "zero"), def("foo", "one:$a$", ["a"]), def("foo", "two:$a$,$b$", ["a", "b"])),
    input: "`foo` `foo(x)` `foo(x, y)`",
    output: "zero one:x two:x,y",
  },
  {
    cite: "2.6: arguments bind positionally in the order of args; every $arg$ is replaced",
    macros: table(def("p", "$b$-$a$-$b$", ["a", "b"])),
    input: "`p(1,2)`",
    output: "2-1-2",
  },
  {
    cite: "2.6 + brief: substitution is one pass (a value holding $name$ is not substituted again)",
    macros: table(def("p", "$a$/$b$", ["a", "b"])),
    input: "`p($b$,2)`",
    output: "$b$/2",
  },
  {
    cite: "2.6 + brief: $ text that is not an argument is kept; $x$a$ still finds $a$",
    macros: table(def("p", "$x$$a$ cost=$5", ["a"])),
    input: "`p(1)`",
    output: "$x$1 cost=$5",
  },
  {
    cite: "brief: triple-backtick comments are left untouched (not macros)",
    macros: table(def("x", "X")),
    input: "`x` ```a comment with `x` in it``` `x`",
    output: "X ```a comment with `x` in it``` X",
  },
  {
    cite: "brief: a comment inside a definition is left untouched",
    macros: table(def("x", "X ```see `y` ```")),
    input: "`x`",
    output: "X ```see `y` ```",
  },
  {
    cite: "brief: an unterminated comment runs to the end (the parser reports it)",
    macros: table(def("x", "X")),
    input: "`x` ```open `x`",
    output: "X ```open `x`",
  },
  {
    cite: "2.2: the expansion simply replaces the reference, even mid-word",
    macros: table(def("idx", "main")),
    input: "index=`idx`_2",
    output: "index=main_2",
  },
  {
    cite: "brief: whitespace inside the backticks and before ( is allowed",
    macros: table(def("x", "X"), def("f", "<$a$>", ["a"])),
    input: "` x ` `f (1) `",
    output: "X <1>",
  },
  {
    cite: "brief: `name()` is the zero-argument macro",
    macros: table(def("x", "X")),
    input: "`x()` `x(  )`",
    output: "X X",
  },
  {
    cite: "2.2: a macro may expand to nothing",
    macros: table(def("nothing", "")),
    input: "a `nothing` b",
    output: "a  b",
  },
  {
    cite: "brief + Splunk Knowledge Manager 'Search macro examples' (`iis_search(fragment=TM)`): named arguments",
    macros: table(def("band", "status>=$lo$ status<$hi$", ["lo", "hi"])),
    input: "`band(hi=500, lo=400)`",
    output: "status>=400 status<500",
  },
  {
    cite: "brief: a name=value argument whose name is not an argument name binds positionally",
    macros: table(def("m", "search $n$", ["n"])),
    input: "`m(eventName=A)`",
    output: "search eventName=A",
  },
  {
    cite: "brief: security_content defaults (2.9, corpus README) when opted in",
    macros: new MacroTable().withFallback(securityContentDefaults),
    input: 'x | `drop_dm_object_name(Processes)` | `drop_dm_object_name("Web")` | `my_detection_filter`',
    output: 'x | rename Processes.* AS * | rename "Web".* AS * | search *',
  },
];

describe("expandMacros: expansions", () => {
  it.each(expansions)("$cite", ({ macros, input, output }) => {
    expect(expandMacros(input, macros).text).toBe(output);
  });
});

// Q15 (argument lexing) is not documented; these cases pin spelunk's decision.
const q15: ReadonlyArray<{ cite: string; input: string; output: string }> = [
  { cite: "Q15: whitespace around an argument is trimmed", input: "`show(  a b  )`", output: "[a b]" },
  { cite: "Q15: quotes are kept as written", input: '`show("a b")`', output: '["a b"]' },
  { cite: "Q15: a comma inside quotes does not split", input: '`show("a, b")`', output: '["a, b"]' },
  { cite: "Q15: a comma inside parentheses does not split", input: "`show(f(a, b))`", output: "[f(a, b)]" },
  { cite: "Q15: parentheses inside quotes do not count", input: '`show(")")`', output: '[")"]' },
  { cite: "Q15: an escaped quote inside quotes", input: '`show("a\\",b")`', output: '["a\\",b"]' },
  { cite: "Q15: two arguments, the second empty", input: "`two(a,)`", output: "[a|]" },
  { cite: "Q15: two arguments split at the top-level comma", input: '`two("x,y", (1,2))`', output: '["x,y"|(1,2)]' },
  { cite: "Q15: a nested reference with commas is one argument", input: "`two(`pair(1,2)`, z)`", output: "[<1+2>|z]" },
];

describe("expandMacros: argument lexing (Q15, decided here)", () => {
  const macros = table(
    def("show", "[$v$]", ["v"]),
    def("two", "[$a$|$b$]", ["a", "b"]),
    def("pair", "<$x$+$y$>", ["x", "y"]),
  );
  it.each(q15)("$cite", ({ input, output }) => {
    expect(expandMacros(input, macros).text).toBe(output);
  });

  it("Q15: macro names are case-sensitive (stanza names are; see table.ts)", () => {
    const d = diagnosticOf(() => expandMacros("`CloudTrail`", table(def("cloudtrail", "x"))));
    expect(d.code).toBe("unknown-macro");
  });
});

interface ErrorCase {
  readonly cite: string;
  readonly macros: MacroTable;
  readonly input: string;
  readonly code: string;
  /** A substring of the message. */
  readonly message: string;
  /** The text the span covers in the input. */
  readonly spanText: string;
  /** Where to start looking for spanText (for repeated text). */
  readonly from?: number;
}

const errors: ErrorCase[] = [
  {
    cite: "Example 2.D: `m(B,C)` is an error (no m(2)); the message lists the arities",
    macros: overloaded,
    input: "x `m(B,C)` y",
    code: "macro-arguments",
    message: "no m(2) is defined (defined: m, m(1))",
    spanText: "`m(B,C)`",
  },
  {
    cite: "brief: unknown macro, named, span = the reference in the user's text",
    macros: table(def("cloudtrail", "x")),
    input: "`cloudtrail` | `nope`",
    code: "unknown-macro",
    message: "unknown macro nope",
    spanText: "`nope`",
  },
  {
    cite: "brief: unknown macro with arguments is named with its arity",
    macros: table(),
    input: "a | `nope(1, 2)` | b",
    code: "unknown-macro",
    message: "unknown macro nope(2)",
    spanText: "`nope(1, 2)`",
  },
  {
    cite: "brief: an unknown macro nested in a definition points at the outermost reference",
    macros: table(def("a", "A `b`"), def("b", "B `missing`")),
    input: "x | `a` | y",
    code: "unknown-macro",
    message: "unknown macro missing",
    spanText: "`a`",
  },
  {
    cite: "brief: an unknown macro in an argument the user wrote points at that argument's reference",
    macros: table(def("f", "f=$v$", ["v"])),
    input: "`f(`nope`)`",
    code: "unknown-macro",
    message: "unknown macro nope",
    spanText: "`nope`",
  },
  {
    cite: "brief: a direct cycle names the chain",
    macros: table(def("a", "x `a`")),
    input: "`a`",
    code: "macro-cycle",
    message: "macro cycle: a -> a",
    spanText: "`a`",
  },
  {
    cite: "brief: an indirect cycle names the chain from where it closes",
    macros: table(def("top", "`a`"), def("a", "`b`"), def("b", "`a(1)`"), def("a", "`b`", ["n"])),
    input: "ok `top`",
    code: "macro-cycle",
    message: "macro cycle: b -> a(1) -> b",
    spanText: "`top`",
  },
  {
    cite: "brief: nesting deeper than maxDepth is macro-expansion-limit",
    macros: table(...Array.from({ length: 60 }, (_, i) => def(`m${i}`, i === 59 ? "end" : `\`m${i + 1}\``))),
    input: "`m0`",
    code: "macro-expansion-limit",
    message: "nested more than 50 levels",
    spanText: "`m0`",
  },
  {
    cite: "brief: exponential growth hits maxLength (1,000,000 chars)",
    macros: table(
      ...Array.from({ length: 30 }, (_, i) => def(`d${i}`, i === 29 ? "x".repeat(1000) : `\`d${i + 1}\`\`d${i + 1}\``)),
    ),
    input: "search `d0`",
    code: "macro-expansion-limit",
    message: "longer than 1000000 characters",
    spanText: "`d0`",
  },
  {
    cite: "brief: exponential fan-out of empty macros hits maxExpansions",
    macros: table(...Array.from({ length: 40 }, (_, i) => def(`e${i}`, i === 39 ? "" : `\`e${i + 1}\`\`e${i + 1}\``))),
    input: "`e0`",
    code: "macro-expansion-limit",
    message: "more than 100000 macro references",
    spanText: "`e0`",
  },
  {
    cite: "brief: an unterminated backtick is unknown-macro 'unterminated macro reference' at its position",
    macros: table(def("x", "X")),
    input: "`x` | `x",
    code: "unknown-macro",
    message: "unterminated macro reference",
    spanText: "`",
    from: 6,
  },
  {
    cite: "brief: an unterminated argument list is an unterminated reference",
    macros: table(def("f", "$a$", ["a"])),
    input: "`f(a, b",
    code: "unknown-macro",
    message: "unterminated macro reference",
    spanText: "`",
  },
  {
    cite: "brief: an unterminated backtick inside a definition points at the outermost reference",
    macros: table(def("bad", "x `oops")),
    input: "a `bad` b",
    code: "unknown-macro",
    message: "unterminated macro reference",
    spanText: "`bad`",
  },
  {
    cite: "brief: a name with characters a macro name cannot hold",
    macros: table(),
    input: "a `no way` b",
    code: "unknown-macro",
    message: "invalid macro reference `no way`",
    spanText: "`no way`",
  },
  {
    cite: "brief: an empty reference",
    macros: table(),
    input: "a `` b",
    code: "unknown-macro",
    message: "empty macro reference",
    spanText: "``",
  },
  {
    cite: "brief: text between ) and the closing backtick",
    macros: table(def("f", "$a$", ["a"])),
    input: "`f(a)x`",
    code: "macro-arguments",
    message: "expected ` after the argument list",
    spanText: "`f(a)x",
  },
  {
    cite: "2.7 + brief: an iseval macro without an evaluator",
    macros: table(def("ev", '"a" . "b"', [], { iseval: true })),
    input: "`ev`",
    code: "macro-definition",
    message: "eval-based macros need the evaluator",
    spanText: "`ev`",
  },
  {
    cite: "2.8 + brief: a validation without an evaluator",
    macros: table(def("v", "$a$", ["a"], { validation: "isnum($a$)" })),
    input: "`v(1)`",
    code: "macro-definition",
    message: "eval-based macros need the evaluator",
    spanText: "`v(1)`",
  },
];

describe("expandMacros: errors and their spans in the user's text", () => {
  it.each(errors)("$cite", ({ macros, input, code, message, spanText, from }) => {
    const d = diagnosticOf(() => expandMacros(input, macros));
    expect(d.code).toBe(code);
    expect(d.severity).toBe("error");
    expect(d.message).toContain(message);
    expect(d.span).toEqual(spanOf(input, spanText, from ?? 0));
  });

  it("brief: maxDepth, maxLength and maxExpansions are options", () => {
    const chain = table(def("a", "`b`"), def("b", "`c`"), def("c", "ccc"));
    expect(expandMacros("`a`", chain, { maxDepth: 3 }).text).toBe("ccc");
    expect(diagnosticOf(() => expandMacros("`a`", chain, { maxDepth: 2 })).code).toBe("macro-expansion-limit");
    expect(diagnosticOf(() => expandMacros("xx `a`", chain, { maxLength: 4 })).code).toBe("macro-expansion-limit");
    expect(expandMacros("x `a`", chain, { maxLength: 5 }).text).toBe("x ccc");
    expect(diagnosticOf(() => expandMacros("`a`", chain, { maxExpansions: 2 })).code).toBe("macro-expansion-limit");
  });

  it("brief: a user text longer than maxLength without macros is not an expansion problem", () => {
    expect(expandMacros("abcdef", table(), { maxLength: 3 }).text).toBe("abcdef");
  });
});

describe("expandMacros: iseval and validation (2.7, 2.8)", () => {
  const band = def("status_band", "status>=$lo$ status<$hi$", ["lo", "hi"], {
    validation: "isnum($lo$) AND isnum($hi$)",
    errormsg: "lo and hi must be numbers",
  });

  it("Example 2.F: valid arguments expand", () => {
    expect(expandMacros("`status_band(400,500)`", table(band), { evaluate: isnumEvaluator }).text).toBe(
      "status>=400 status<500",
    );
  });

  it("Example 2.F: invalid arguments fail with errormsg, at the reference", () => {
    const input = "x | search `status_band(a,500)`";
    const d = diagnosticOf(() => expandMacros(input, table(band), { evaluate: isnumEvaluator }));
    expect(d.code).toBe("macro-arguments");
    expect(d.message).toBe("lo and hi must be numbers");
    expect(d.span).toEqual(spanOf(input, "`status_band(a,500)`"));
  });

  const results: ReadonlyArray<{ cite: string; result: EvalResult; errormsg?: string; error: string | null }> = [
    { cite: "2.8: Boolean true passes", result: true, errormsg: "bad", error: null },
    { cite: "2.8: Boolean false fails with errormsg", result: false, errormsg: "bad", error: "bad" },
    { cite: "2.8: a string result is the error message itself", result: "x is wrong", error: "x is wrong" },
    { cite: "2.8: NULL from a string validation (no errormsg) passes", result: null, error: null },
    { cite: "2.8: NULL from a Boolean validation (errormsg set) fails", result: null, errormsg: "bad", error: "bad" },
    { cite: "2.8 + brief: false without errormsg gets a generated message", result: false, error: "rejected by the validation" },
  ];
  it.each(results)("$cite", ({ result, errormsg, error }) => {
    const m = def("v", "ok", ["a"], { validation: "anything($a$)", ...(errormsg !== undefined ? { errormsg } : {}) });
    const seen: string[] = [];
    const evaluate = (expr: string): EvalResult => {
      seen.push(expr);
      return result;
    };
    if (error === null) {
      expect(expandMacros("`v(1)`", table(m), { evaluate }).text).toBe("ok");
    } else {
      const d = diagnosticOf(() => expandMacros("`v(1)`", table(m), { evaluate }));
      expect(d.code).toBe("macro-arguments");
      expect(d.message).toContain(error);
    }
    expect(seen).toEqual(["anything(1)"]);
  });

  it("2.7: an iseval definition is evaluated after substitution; its result is expanded further", () => {
    const m = def("pick", 'if($n$ > 1, "`many`", "one")', ["n"], { iseval: true });
    const evaluate = (expr: string): EvalResult => (expr === 'if(2 > 1, "`many`", "one")' ? "`many`" : "one");
    const t = table(m, def("many", "count>1"));
    expect(expandMacros("`pick(2)`", t, { evaluate }).text).toBe("count>1");
    expect(expandMacros("`pick(1)`", t, { evaluate }).text).toBe("one");
  });

  it("2.7 + brief: numbers are written as text, null expands to nothing", () => {
    expect(expandMacros("n=`n`", table(def("n", "1+1", [], { iseval: true })), { evaluate: () => 2 }).text).toBe("n=2");
    expect(expandMacros("a`z`b", table(def("z", "null()", [], { iseval: true })), { evaluate: () => null }).text).toBe(
      "ab",
    );
  });

  it("brief: an evaluator failure becomes macro-definition at the reference", () => {
    const input = "x `ev`";
    const d = diagnosticOf(() =>
      expandMacros(input, table(def("ev", "bad(", [], { iseval: true })), {
        evaluate: () => {
          throw new Error("syntax error");
        },
      }),
    );
    expect(d.code).toBe("macro-definition");
    expect(d.message).toContain("syntax error");
    expect(d.span).toEqual(spanOf(input, "`ev`"));
  });
});
