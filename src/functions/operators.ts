// eval operators (spl-semantics.md 4.3): arithmetic, concatenation, comparison, LIKE, Boolean logic.
// Null propagates: arithmetic and concatenation with a null operand give null; a comparison with a null
// operand is null ("not true", so where drops the row and if() takes the else branch).
import {
  compareScalars,
  decimalExponent,
  formatFixed,
  formatNumber,
  isMulti,
  precisionOf,
  toNumber,
  type EvalValue,
  type Precision,
  type Scalar,
} from "../values/value.js";

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";

/** A single operand for arithmetic: multivalue fields give null (no single number). */
function single(v: EvalValue): Scalar | boolean | null {
  if (v === null || isMulti(v)) return null;
  return v as Scalar | boolean;
}

// Division and modulus by zero give null (eval reference, "Numeric calculations").
const COMPUTE: Record<ArithmeticOp, (x: number, y: number) => number | null> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => (y === 0 ? null : x / y),
  "%": (x, y) => (y === 0 ? null : x % y),
};

// How a result's precision follows from its operands' (the rules the sigfig() reference gives):
// products and quotients keep the fewest significant figures, sums and differences the fewest
// decimal places. `%` is not documented; its result is bounded by the divisor like a difference.
const RULE: Record<ArithmeticOp, "sig" | "decimals"> = { "+": "decimals", "-": "decimals", "*": "sig", "/": "sig", "%": "decimals" };

/**
 * Round a result to the precision of its least precise operand (eval reference, "Rounding"). The
 * rounding only ever removes decimals, never integer digits: the sigfig() reference says `1.00*1111`
 * returns 1111 (only sigfig() itself makes it 1110). A result with decimals left is returned as the
 * text Splunk shows, trailing zeros included (`8.250 * exact(0.2)` is 1.650), so that it keeps its
 * precision when used again, as Splunk's text field values do; a whole result is an exact number.
 */
function roundToPrecision(r: number, rule: "sig" | "decimals", precisions: readonly Precision[]): Scalar {
  if (precisions.length === 0 || !Number.isFinite(r)) return r;
  let decimals: number;
  if (rule === "decimals") decimals = Math.min(...precisions.map((p) => p.decimals));
  else {
    const sig = Math.min(...precisions.map((p) => p.sig));
    decimals = r === 0 ? sig - 1 : sig - 1 - decimalExponent(r);
    // 9.96 to two figures is 10, not 10.0: rounding up may add an integer digit.
    if (decimals > 0 && r !== 0 && decimalExponent(Number(formatFixed(r, decimals))) > decimalExponent(r)) decimals -= 1;
  }
  if (decimals <= 0) return Number(formatFixed(r, 0));
  return formatFixed(r, decimals);
}

export function arithmetic(op: ArithmeticOp, a: EvalValue, b: EvalValue): EvalValue {
  const x = single(a);
  const y = single(b);
  if (x === null || y === null || typeof x === "boolean" || typeof y === "boolean") return null;
  const nx = toNumber(x);
  const ny = toNumber(y);
  if (nx === null || ny === null) {
    // `+` on two strings concatenates (4.3); any other mix of text and numbers has no value (Q12).
    if (op === "+" && typeof x === "string" && typeof y === "string") return x + y;
    return null;
  }
  const r = COMPUTE[op](nx, ny);
  if (r === null) return null;
  const precisions = [precisionOf(x), precisionOf(y)].filter((p): p is Precision => p !== null);
  return roundToPrecision(r, RULE[op], precisions);
}

/** Text of a value for concatenation: numbers as they print, Booleans as True/False. */
function concatText(v: Scalar | boolean): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return v ? "True" : "False";
}

/** `a . b`: string concatenation; null if either side is null (10.4). Multivalue: first value. */
export function concat(a: EvalValue, b: EvalValue): EvalValue {
  const x = isMulti(a) ? (a[0] ?? null) : a;
  const y = isMulti(b) ? (b[0] ?? null) : b;
  if (x === null || y === null) return null;
  return concatText(x as Scalar | boolean) + concatText(y as Scalar | boolean);
}

export type CompareOp = "=" | "==" | "!=" | "<" | "<=" | ">" | ">=";

// What each operator makes of a three-way comparison result. NaN (a comparison with nan) is only ever
// "not equal".
const COMPARE: Record<CompareOp, (c: number) => boolean> = {
  "=": (c) => c === 0,
  "==": (c) => c === 0,
  "!=": (c) => c !== 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

function testCompare(op: CompareOp, c: number): boolean {
  return Number.isNaN(c) ? op === "!=" : COMPARE[op](c);
}

/**
 * Comparison: numeric when both sides are numeric, else case-sensitive text (4.3, 5.4). A multivalue
 * operand is true when any of its values satisfies the comparison (Q9: the reading chosen, see
 * test/golden/open-questions).
 */
export function compare(op: CompareOp, a: EvalValue, b: EvalValue): boolean | null {
  if (a === null || b === null) return null;
  if (isMulti(a) || isMulti(b)) {
    const as = isMulti(a) ? a : [a as Scalar | boolean];
    const bs = isMulti(b) ? b : [b as Scalar | boolean];
    for (const x of as) for (const y of bs) if (testCompare(op, compareScalars(x, y))) return true;
    return false;
  }
  return testCompare(op, compareScalars(a as Scalar | boolean, b as Scalar | boolean));
}

// ---------------------------------------------------------------- LIKE

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: `%` any run, `_` one character, whole value, case-sensitive (4.4, Q11). */
export function likeRegExp(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (!re) {
    let body = "";
    for (const ch of pattern) {
      if (ch === "%") body += "[\\s\\S]*";
      else if (ch === "_") body += "[\\s\\S]";
      else body += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    re = new RegExp("^" + body + "$", "u");
    if (likeCache.size > 10_000) likeCache.clear();
    likeCache.set(pattern, re);
  }
  return re;
}

export function like(value: EvalValue, pattern: EvalValue): boolean | null {
  if (value === null || pattern === null || isMulti(pattern)) return null;
  const re = likeRegExp(concatText(pattern as Scalar | boolean));
  const values = isMulti(value) ? value : [value as Scalar | boolean];
  return values.some((v) => re.test(concatText(v)));
}

// ---------------------------------------------------------------- Boolean logic (three-valued, Q8)

/** The truth of a value used as a condition: only a Boolean true is true. */
export function truth(v: EvalValue): boolean | null {
  if (typeof v === "boolean") return v;
  return null;
}

export function and(a: boolean | null, b: () => boolean | null): boolean | null {
  if (a === false) return false;
  const y = b();
  if (y === false) return false;
  return a === null || y === null ? null : true;
}

export function or(a: boolean | null, b: () => boolean | null): boolean | null {
  if (a === true) return true;
  const y = b();
  if (y === true) return true;
  return a === null || y === null ? null : false;
}

export function xor(a: boolean | null, b: boolean | null): boolean | null {
  return a === null || b === null ? null : a !== b;
}
