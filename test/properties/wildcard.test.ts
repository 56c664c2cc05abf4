// Search wildcard matching (spl-semantics.md 1.4, 1.6, 1.7): `*` is the only wildcard, it matches any
// run of characters (newlines included), the whole value must match, and matching ignores case unless
// CASE(). src/values/match.ts `matchesPattern` is checked against a regular-expression oracle written
// here: every character but `*` escaped, `*` as `.*`, anchored, flag `s` so that `.` takes newlines,
// flag `i` for the case-insensitive mode.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../src/values/match.js";

function oracle(value: string, pattern: string, caseSensitive: boolean): boolean {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, caseSensitive ? "s" : "is").test(value);
}

/**
 * The oracle folds case with a RegExp's `i` flag, which canonicalises some characters (the Kelvin sign,
 * final sigma) differently from `toLowerCase`, the folding `matchesPattern` uses on both its paths. The
 * case-insensitive properties therefore keep to characters whose case mapping is one-to-one; the
 * irregular ones are checked by example below.
 */
function hasSimpleCase(s: string): boolean {
  // toLowerCase() has context rules (a Σ ending a word becomes ς): the whole text must case-map as
  // its characters do one by one.
  const chars = Array.from(s);
  if (s.toLowerCase() !== chars.map((c) => c.toLowerCase()).join("")) return false;
  if (s.toUpperCase() !== chars.map((c) => c.toUpperCase()).join("")) return false;
  for (const c of chars) {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    if (Array.from(lower).length !== 1 || Array.from(upper).length !== 1) return false;
    if (lower.toUpperCase() !== upper || upper.toLowerCase() !== lower) return false;
    // A non-ASCII character whose case partner is ASCII (KELVIN SIGN, LONG S...) is not folded by `i`.
    if ((c.codePointAt(0)! < 128) !== (lower.codePointAt(0)! < 128) || (c.codePointAt(0)! < 128) !== (upper.codePointAt(0)! < 128)) return false;
  }
  return true;
}

// Regular-expression metacharacters, wildcards, case pairs, Unicode (accents, CJK, astral, the
// characters with unusual case mappings) and whitespace.
const CHARS = [
  "a", "A", "b", "B", "z", "Z", "0", "1", "*", "*", ".", "?", "+", "^", "$", "(", ")", "[", "]", "{", "}",
  "|", "\\", "/", "-", ":", " ", "\n", "\t", "é", "É", "ß", "ẞ", "ı", "İ", "ς", "σ", "Σ", "\u212A", "k", "K",
  "ǅ", "日", "😀", "𝒜",
];
const char = fc.constantFrom(...CHARS);
const str = fc.string({ unit: char, maxLength: 8 });

/** A value, and a pattern made from it: some characters kept, some case-flipped, some runs starred. */
const derived = fc.tuple(str, fc.array(fc.constantFrom("keep", "upper", "lower", "star", "drop", "insert"), { maxLength: 10 }), char).map(([value, edits, extra]) => {
  const chars = Array.from(value);
  let pattern = "";
  chars.forEach((c, i) => {
    const edit = edits[i] ?? "keep";
    if (edit === "upper") pattern += c.toUpperCase();
    else if (edit === "lower") pattern += c.toLowerCase();
    else if (edit === "star") pattern += "*";
    else if (edit === "insert") pattern += c + extra;
    else if (edit === "keep") pattern += c;
  });
  return { value, pattern };
});

const pair = fc.oneof(derived, fc.record({ value: str, pattern: str }));

describe("matchesPattern agrees with a regular-expression oracle", () => {
  it("case-sensitive (CASE(), 1.4): any characters", () => {
    fc.assert(
      fc.property(pair, ({ value, pattern }) => {
        expect(matchesPattern(value, pattern, true)).toBe(oracle(value, pattern, true));
      }),
      { numRuns: 500 },
    );
  });

  it("case-insensitive (1.4): characters with one-to-one case mappings", () => {
    fc.assert(
      fc.property(pair, ({ value, pattern }) => {
        fc.pre(hasSimpleCase(value) && hasSimpleCase(pattern));
        expect(matchesPattern(value, pattern, false)).toBe(oracle(value, pattern, false));
      }),
      { numRuns: 500 },
    );
  });

  it("a value always matches itself, upper-cased, and with any run starred", () => {
    fc.assert(
      fc.property(str, fc.nat(8), fc.nat(8), (value, i, j) => {
        const [from, to] = i <= j ? [i, j] : [j, i];
        const starred = value.slice(0, from) + "*" + value.slice(to);
        expect(matchesPattern(value, value, true)).toBe(true);
        expect(matchesPattern(value, starred, true)).toBe(true);
        if (hasSimpleCase(value) && hasSimpleCase(value.toUpperCase())) expect(matchesPattern(value, value.toUpperCase(), false)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("edge cases: empty strings, lone and repeated stars, metacharacters", () => {
    const cases: ReadonlyArray<readonly [string, string, boolean]> = [
      ["", "", true],
      ["", "*", true],
      ["", "**", true],
      ["a", "", false],
      ["", "a*", false],
      ["a.c", "a.c", true],
      ["abc", "a.c", false],
      ["a+b", "a+*", true],
      ["(x)", "(*)", true],
      ["line1\nline2", "line1*", true],
      ["x", "X", true],
      ["x", "[x]", false],
      ["\\d", "\\d", true],
      ["5", "\\d", false],
    ];
    for (const [value, pattern, expected] of cases) {
      expect(matchesPattern(value, pattern, false), `${JSON.stringify(value)} ~ ${JSON.stringify(pattern)}`).toBe(expected);
      expect(oracle(value, pattern, false)).toBe(expected);
    }
  });
});

describe("case folding is the same with and without wildcards", () => {
  // Each value is its pattern's text up to case, so `p` and `p*` (the star matching nothing) must give
  // the same answer: both fold with toLowerCase (src/values/match.ts).
  it.each([
    ["\u212A", "k"],
    ["ς", "Σ"],
    ["aσ", "AΣ"],
  ] as const)("%s against %s, with and without a trailing *", (value, plain) => {
    expect(matchesPattern(value, plain + "*", false)).toBe(matchesPattern(value, plain, false));
  });
});
