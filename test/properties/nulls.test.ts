// Null propagation in eval and where (spl-semantics.md 4.2, 4.3, 5.6, Q8): arithmetic, concatenation
// and string functions given a missing field give null, so eval leaves the target field absent; a
// comparison with null is not true, so where drops the row and if() takes its else branch.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";

// The one event: x is numeric text, s and t are text, t is a comma list. No field is called
// `missing` or `no.such{}`.
const EVENT = { x: "5", s: "abc", t: "a,b" };

/** Operands that are never null. */
const present = fc.constantFrom("x", "s", "t", "3", "2.5", "0", "\"t\"", "\"\"");

/** One step that keeps a null operand null: the operand is `n`, the result is an expression text. */
type Step = (n: string, other: string) => string;

const STEPS: ReadonlyArray<readonly [string, Step]> = [
  // arithmetic and concatenation, null on either side (4.3)
  ["+", (n, o) => `(${n} + ${o})`],
  ["+ right", (n, o) => `(${o} + ${n})`],
  ["-", (n, o) => `(${n} - ${o})`],
  ["- right", (n, o) => `(${o} - ${n})`],
  ["*", (n, o) => `(${n} * ${o})`],
  ["/", (n, o) => `(${o} / ${n})`],
  ["%", (n, o) => `(${n} % ${o})`],
  [".", (n, o) => `(${n} . ${o})`],
  [". right", (n, o) => `(${o} . ${n})`],
  ["unary -", (n) => `-(${n})`],
  // text functions, null as the text (4.4)
  ["lower", (n) => `lower(${n})`],
  ["upper", (n) => `upper(${n})`],
  ["len", (n) => `len(${n})`],
  ["trim", (n) => `trim(${n})`],
  ["ltrim", (n) => `ltrim(${n}, "a")`],
  ["rtrim", (n) => `rtrim(${n})`],
  ["substr", (n) => `substr(${n}, 2)`],
  ["substr 3", (n) => `substr(${n}, 1, 2)`],
  ["replace", (n) => `replace(${n}, "a", "b")`],
  ["split", (n) => `split(${n}, ",")`],
  ["urldecode", (n) => `urldecode(${n})`],
  ["tostring", (n) => `tostring(${n})`],
  ["tonumber", (n) => `tonumber(${n})`],
  ["md5", (n) => `md5(${n})`],
  // multivalue functions
  ["mvjoin", (n) => `mvjoin(${n}, ",")`],
  ["mvindex", (n) => `mvindex(${n}, 0)`],
  ["mvcount", (n) => `mvcount(${n})`],
  ["mvdedup", (n) => `mvdedup(${n})`],
  // numbers
  ["abs", (n) => `abs(${n})`],
  ["floor", (n) => `floor(${n})`],
  ["round", (n) => `round(${n}, 1)`],
  // null in another argument
  ["substr start", (n) => `substr(s, ${n})`],
  ["substr length", (n) => `substr(s, 1, ${n})`],
  ["split delimiter", (n) => `split(t, ${n})`],
  ["mvjoin delimiter", (n) => `mvjoin(split(t, ","), ${n})`],
  ["replace replacement", (n) => `replace(s, "a", ${n})`],
  ["round digits", (n) => `round(x, ${n})`],
  ["trim characters", (n) => `trim(s, ${n})`],
  // A null regular expression once read as the empty one (replace(s, <null>, "b") gave "babbbcb").
  ["replace pattern", (n) => `replace(s, ${n}, "b")`],
];

const missing = fc.constantFrom("missing", "'no.such{}'", "null()");

/** A null expression: a missing field under one to three null-keeping steps. */
const nullExpr = fc
  .tuple(missing, fc.array(fc.tuple(fc.constantFrom(...STEPS), present), { minLength: 1, maxLength: 3 }))
  .map(([base, steps]) => steps.reduce<string>((n, [[, step], other]) => step(n, other), base));

const COMPARE_OPS = ["=", "==", "!=", "<", "<=", ">", ">="];

/** A comparison with the null expression `n` on one side. */
const comparison = fc.oneof(
  fc.tuple(fc.constantFrom(...COMPARE_OPS), present, fc.boolean()).map(([op, o, left]) => (n: string) => (left ? `${n} ${op} ${o}` : `${o} ${op} ${n}`)),
  fc.constantFrom(
    (n: string) => `${n} LIKE "%"`,
    (n: string) => `like(${n}, "%")`,
    (n: string) => `${n} IN (5, "abc", "")`,
    (n: string) => `in(${n}, 5, "abc")`,
    (n: string) => `match(${n}, ".*")`,
    // A null regular expression once matched everything (match(s, <null>) was true).
    (n: string) => `match(s, ${n})`,
  ),
);

describe("null propagation (4.2, 4.3)", () => {
  it("eval of a null expression leaves the field absent, and isnull() sees it", async () => {
    await fc.assert(
      fc.asyncProperty(nullExpr, async (e) => {
        const r = await run(`* | eval r=${e}, kept="yes" | where isnull(${e})`, [EVENT]);
        expect(r.result.diagnostics, e).toEqual([]);
        expect(r.rows.length, e).toBe(1);
        expect(r.rows[0]!["kept"], e).toBe("yes");
        expect(Object.keys(r.rows[0]!), e).not.toContain("r");
      }),
      { numRuns: 100 },
    );
  });

  it("a comparison with null is not true: where drops the row, NOT too (Q8), if() takes the else branch", async () => {
    await fc.assert(
      fc.asyncProperty(nullExpr, comparison, async (e, cmp) => {
        const c = cmp(e);
        const dropped = await run(`* | where (${c}) OR NOT (${c})`, [EVENT]);
        expect(dropped.result.diagnostics, c).toEqual([]);
        expect(dropped.rows, c).toEqual([]);
        const branch = await run(`* | eval b=if(${c}, "then", "else")`, [EVENT]);
        expect(branch.rows[0]?.["b"], c).toBe("else");
      }),
      { numRuns: 100 },
    );
  });

  it("each step alone, on a missing field", async () => {
    for (const [name, step] of STEPS) {
      const e = step("missing", "x");
      const r = await run(`* | eval r=${e}`, [EVENT]);
      expect(r.result.diagnostics, `${name}: ${e}`).toEqual([]);
      expect(Object.keys(r.rows[0] ?? {}), `${name}: ${e}`).not.toContain("r");
    }
  });

  it("the same steps on present fields do give values (the generator is not vacuous)", async () => {
    const r = await run(`* | eval a=x + 1, b=s . "d", c=upper(s), d=len(s), e=mvjoin(split(t, ","), "-"), f=substr(s, 2)`, [EVENT]);
    expect(r.rows[0]).toMatchObject({ a: "6", b: "abcd", c: "ABC", d: "3", e: "a-b", f: "bc" });
  });
});
