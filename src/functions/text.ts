// Text functions: Splunk's "Text functions" page, spl-semantics.md 4.4 and Example 4.D; printf from the
// "Conversion functions" page. One-value functions apply to each value of a multivalue field (helpers.ts,
// Q9); the Text functions page documents this for lower/upper and says the others are "not supported"
// on multivalue fields without saying what they return.
import { SplError } from "../diagnostics.js";
import { pcreReplacement } from "../values/regex.js";
import { mv, toText, valuesOf, type EvalValue, type Scalar } from "../values/value.js";
import { custom, literalRegex, strict } from "./define.js";
import { badArgument, literalString, num, patternOf, perText, str } from "./helpers.js";
import { parsePath, spathValues, type PathStep } from "./jsonpath.js";
import { formatPrintf, parseFormat, type FormatPiece } from "./printf.js";
import type { FunctionSpec } from "./types.js";

/** trim/ltrim/rtrim: without a second argument, spaces and tabs are removed (Text functions page). */
function trimmer(name: string, left: boolean, right: boolean): FunctionSpec {
  return strict(name, 1, 2, ([v, c]) => {
    const chars = c === undefined ? " \t" : str(c);
    if (chars === null) return null;
    return perText(v!, (s) => {
      const cps = Array.from(s);
      let a = 0;
      let b = cps.length;
      if (left) while (a < b && chars.includes(cps[a]!)) a++;
      if (right) while (b > a && chars.includes(cps[b - 1]!)) b--;
      return cps.slice(a, b).join("");
    });
  });
}

/** SQLite's substr() (the Text functions page: "The indexes follow SQLite semantics; they start at 1"),
 * including a start of 0 and a negative length, on characters (code points). */
export function sqliteSubstr(s: string, start: number, length: number | null): string {
  const cps = Array.from(s);
  let p1 = Math.trunc(start);
  let p2 = length === null ? cps.length : Math.trunc(length);
  const negative = p2 < 0;
  if (negative) p2 = -p2;
  if (p1 < 0) {
    p1 += cps.length;
    if (p1 < 0) {
      p2 += p1;
      if (p2 < 0) p2 = 0;
      p1 = 0;
    }
  } else if (p1 > 0) {
    p1--;
  } else if (p2 > 0) {
    p2--;
  }
  if (negative) {
    p1 -= p2;
    if (p1 < 0) {
      p2 += p1;
      p1 = 0;
    }
  }
  return cps.slice(p1, p1 + p2).join("");
}

/** %XX escapes decoded as UTF-8 bytes and `+` as a space; a `%` not followed by two hex digits stays. */
export function urlDecode(s: string): string {
  if (!s.includes("%") && !s.includes("+")) return s;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "%" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(c === "+" ? " " : ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export const TEXT_FUNCTIONS: FunctionSpec[] = [
  // len counts characters (UTF-8 code points), not bytes (Text functions page).
  strict("len", 1, 1, ([v]) => perText(v!, (s) => Array.from(s).length)),
  strict("lower", 1, 1, ([v]) => perText(v!, (s) => s.toLowerCase())),
  strict("upper", 1, 1, ([v]) => perText(v!, (s) => s.toUpperCase())),
  trimmer("trim", true, true),
  trimmer("ltrim", true, false),
  trimmer("rtrim", false, true),
  strict("substr", 2, 3, ([v, start, length]) => {
    const st = num(start!);
    const len = length === undefined ? null : num(length);
    if (st === null || (length !== undefined && len === null)) return null;
    return perText(v!, (s) => sqliteSubstr(s, st, len));
  }),
  custom("replace", 3, 3, ([subject, pattern, repl], _ctx, call) => {
    const fixed = literalRegex(call, 1, true);
    return (row) => {
      const re = fixed ?? patternOf(pattern!(row), true);
      const r = str(repl!(row));
      if (re === null || r === null) return null;
      const jsRepl = pcreReplacement(r);
      return perText(subject!(row), (s) => s.replace(re, jsRepl));
    };
  }),
  // split: the delimiter is a literal string; an empty delimiter gives one value per character (4.4).
  strict("split", 2, 2, ([v, d]) => {
    const delim = str(d!);
    if (v === null || delim === null) return null;
    const out: Scalar[] = [];
    for (const x of valuesOf(v!)) {
      const s = toText(x);
      out.push(...(delim === "" ? Array.from(s) : s.split(delim)));
    }
    return mv(out);
  }),
  strict("urldecode", 1, 1, ([v]) => perText(v!, urlDecode)),
  custom("printf", 1, Infinity, ([format, ...rest], _ctx, call) => {
    const literal = literalString(call, 0);
    let fixed: FormatPiece[] | null = null;
    if (literal !== null) {
      const parsed = parseFormat(literal);
      if (typeof parsed === "string") throw badArgument(call, 0, `Invalid printf format: ${parsed}.`);
      fixed = parsed;
    }
    return (row): EvalValue => {
      let pieces = fixed;
      if (pieces === null) {
        const f = str(format!(row));
        const parsed = f === null ? null : parseFormat(f);
        if (parsed === null || typeof parsed === "string") return null;
        pieces = parsed;
      }
      return formatPrintf(pieces, rest.map((a) => a(row)));
    };
  }),
  custom("spath", 2, 2, ([input, pathArg], _ctx, call) => {
    const literal = literalString(call, 1);
    const fixed = literal === null ? null : parsePath(literal);
    if (literal !== null && fixed === null) throw badArgument(call, 1, `Unsupported spath path "${literal}" (JSON paths only: a.b, a{}, a{N}).`);
    return (row): EvalValue => {
      const v = input!(row);
      let steps: PathStep[] | null = fixed;
      if (steps === null) {
        const p = str(pathArg!(row));
        steps = p === null ? null : parsePath(p);
      }
      if (v === null || steps === null) return null;
      const path = steps;
      const out: string[] = [];
      for (const x of valuesOf(v)) {
        const text = toText(x);
        // Splunk's spath also reads XML; spelunk has no XML reader, and null would be a silent wrong answer.
        if (/^\s*</.test(text)) throw new SplError("runtime-error", "spath(): the input holds XML, which spelunk cannot read yet (JSON only)", call.span);
        out.push(...spathValues(text, path));
      }
      return mv(out);
    };
  }),
];
