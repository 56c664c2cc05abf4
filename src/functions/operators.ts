// eval operators (spl-semantics.md 4.3): arithmetic, concatenation, comparison, LIKE, Boolean logic.
// Null propagates: arithmetic and concatenation with a null operand give null; a comparison with a null
// operand is null ("not true", so where drops the row and if() takes the else branch).
import {
  compareScalars,
  formatNumber,
  isMulti,
  toNumber,
  type EvalValue,
  type Scalar,
} from "../values/value.js";

/** A single operand for arithmetic: multivalue fields give null (no single number). */
function single(v: EvalValue): Scalar | boolean | null {
  if (v === null || isMulti(v)) return null;
  return v as Scalar | boolean;
}

export function arithmetic(op: "+" | "-" | "*" | "/" | "%", a: EvalValue, b: EvalValue): EvalValue {
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
  switch (op) {
    case "+":
      return nx + ny;
    case "-":
      return nx - ny;
    case "*":
      return nx * ny;
    case "/":
      return ny === 0 ? null : nx / ny;
    case "%":
      return ny === 0 ? null : nx % ny;
  }
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

function testCompare(op: CompareOp, c: number): boolean {
  if (Number.isNaN(c)) return op === "!=";
  switch (op) {
    case "=":
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
  }
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
