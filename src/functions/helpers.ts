// Small helpers shared by the function families: reading arguments as text or numbers, applying a
// one-value function to each value of a multivalue field, and looking at an argument's AST.
import { SplError } from "../diagnostics.js";
import { runtimeRegex } from "./define.js";
import type { EvalCall, EvalExpr } from "../syntax/ast.js";
import { firstValue, isMulti, isNumericString, mv, toNumber, toText, type EvalValue, type Scalar } from "../values/value.js";

/** The first value as text (numbers as they print, Booleans as True/False), or null. */
export function str(v: EvalValue | undefined): string | null {
  const f = firstValue(v);
  return f === null ? null : toText(f);
}

/** The first value as a number (numbers and numeric strings), or null. */
export function num(v: EvalValue | undefined): number | null {
  const f = firstValue(v);
  return f === null || typeof f === "boolean" ? null : toNumber(f);
}

/**
 * Apply a one-value function to a value. A multivalue field gives one result per value, results that
 * are null are left out (spl-semantics.md Q9: the reading chosen is that Splunk 9 applies one-value
 * functions per value; test/golden/functions-*.yml names each case "Q9").
 */
export function perValue(v: EvalValue, fn: (x: Scalar) => Scalar | null): EvalValue {
  if (v === null) return null;
  if (isMulti(v)) {
    const out: Scalar[] = [];
    for (const x of v) {
      const r = fn(x);
      if (r !== null) out.push(r);
    }
    return mv(out);
  }
  if (typeof v === "boolean") return fn(v ? "True" : "False");
  return fn(v as Scalar);
}

/** Like perValue, for functions of the value's text. */
export function perText(v: EvalValue, fn: (s: string) => Scalar | null): EvalValue {
  return perValue(v, (x) => fn(toText(x)));
}

/** Like perValue, for functions of the value as a number (non-numeric values give nothing). */
export function perNumber(v: EvalValue, fn: (n: number) => Scalar | null): EvalValue {
  return perValue(v, (x) => {
    const n = toNumber(x);
    return n === null ? null : fn(n);
  });
}

/** The literal string of argument `i`, or null when that argument is not a string literal. */
export function literalString(call: EvalCall, i: number): string | null {
  const a = call.args[i];
  return a?.kind === "string" ? a.value : null;
}

/** The literal number of argument `i` (`2`, `-2`), or null when it is not a number literal. */
export function literalNumber(call: EvalCall, i: number): number | null {
  const a = call.args[i];
  if (a?.kind === "number") return a.value;
  if (a?.kind === "unary" && a.op === "-" && a.operand.kind === "number") return -a.operand.value;
  return null;
}

/** A regular expression from a pattern computed at run time: null for a missing or invalid pattern. */
export function patternOf(v: EvalValue, global = false): RegExp | null {
  const p = str(v);
  return p === null ? null : runtimeRegex(p, global);
}

/** A bad-argument error at argument `i` of the call. */
export function badArgument(call: EvalCall, i: number, message: string): SplError {
  return new SplError("bad-argument", message, (call.args[i] ?? call).span);
}

// Functions whose result is text even when it looks like a number (tostring(5) is the string "5").
const TEXT_RESULTS = new Set([
  "tostring", "printf", "lower", "upper", "trim", "ltrim", "rtrim", "substr", "replace", "urldecode",
  "md5", "sha1", "sha256", "sha512", "strftime", "mvjoin", "typeof", "json_object", "json_array",
  "json_keys", "json_extract",
]);

/** True when an expression always produces text: a string literal, a concatenation, a text function. */
export function isTextTyped(expr: EvalExpr | undefined): boolean {
  if (expr === undefined) return false;
  if (expr.kind === "string") return true;
  if (expr.kind === "binary") return expr.op === ".";
  return expr.kind === "call" && TEXT_RESULTS.has(expr.name);
}

/**
 * Is a value a number in the sense of isnum/typeof (spl-semantics.md 4.1, Q10)? Numbers are; a string
 * that looks like a number is one too (field values are always text in Splunk and eval treats numeric
 * ones as numbers; eval's rounded results are numeric text), unless the expression that produced it is
 * text-typed (`textTyped`): a string literal such as "12" or tostring(12) is a String.
 */
export function isNumberValue(v: Scalar | boolean, textTyped: boolean): boolean {
  if (typeof v === "number") return true;
  return typeof v === "string" && !textTyped && isNumericString(v);
}

/** The field names an expression reads, in order of first use. */
export function fieldsOf(expr: EvalExpr, out: string[] = []): string[] {
  switch (expr.kind) {
    case "field":
      if (!out.includes(expr.name)) out.push(expr.name);
      break;
    case "call":
      for (const a of expr.args) fieldsOf(a, out);
      break;
    case "binary":
      fieldsOf(expr.left, out);
      fieldsOf(expr.right, out);
      break;
    case "unary":
      fieldsOf(expr.operand, out);
      break;
    case "in":
      fieldsOf(expr.operand, out);
      for (const v of expr.values) fieldsOf(v, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Round half away from zero on the decimal value, so that round(2.555, 2) is 2.56 as the
 * Mathematical functions page says (the binary double of 2.555 is slightly below it).
 */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const abs = String(Math.abs(x));
  // Shift the decimal text, not the binary value; texts already in exponent form shift numerically.
  const shifted = abs.includes("e") ? Math.abs(x) * 10 ** digits : Number(abs + "e" + digits);
  if (!Number.isFinite(shifted)) return x;
  const r = String(Math.round(shifted));
  return sign * (r.includes("e") ? Number(r) / 10 ** digits : Number(r + "e" + -digits));
}
