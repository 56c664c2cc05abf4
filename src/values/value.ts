// The value model (spl-semantics.md 4.1). One module decides what a value is, when a string counts as a
// number, how numbers print and how values compare; every command and function uses it.
//
// - Extracted fields are strings. eval produces numbers, strings, Booleans (intermediate only), null
//   and multivalue fields.
// - A multivalue field is a JS array with at least two values; `mv()` normalises (one value is a
//   scalar, none is null).
// - Numbers: a JS number is exact (full double precision). Numeric text carries the precision it is
//   written with (`precisionOf`), and eval arithmetic rounds to its least precise operand, giving the
//   rounded result as text (src/functions/operators.ts), as Splunk keeps field values as text.

export type Scalar = string | number;
/** What a field of a result row holds. */
export type FieldValue = Scalar | readonly Scalar[];
/** What an eval expression produces. `null` is Splunk's null (an absent field). */
export type EvalValue = FieldValue | boolean | null;

export function isMulti(v: EvalValue | undefined): v is readonly Scalar[] {
  return Array.isArray(v);
}

/** Normalise a list of values into a field value: [] is null, [x] is x. */
export function mv(values: readonly Scalar[]): FieldValue | null {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0]!;
  return values;
}

/** The values of a field as a list (null is empty). */
export function valuesOf(v: EvalValue | undefined): readonly Scalar[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "boolean") return [v ? "True" : "False"];
  return [v as Scalar];
}

/** The first value (Splunk functions that take one value use the first of a multivalue field). */
export function firstValue(v: EvalValue | undefined): Scalar | boolean | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return (v[0] as Scalar | undefined) ?? null;
  return v as Scalar | boolean;
}

// A string is numeric when it is a plain decimal number (optional sign, digits, optional fraction,
// optional exponent), possibly with surrounding spaces. This is how "a value that looks like a number is
// treated as a number by arithmetic and comparisons" (4.1) is decided everywhere.
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export function isNumericString(s: string): boolean {
  return NUMERIC.test(s);
}

/** A scalar as a number, or null when it is not numeric. */
export function toNumber(v: Scalar | boolean | null): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") return NUMERIC.test(v) ? Number(v) : null;
  return null;
}

// ---------------------------------------------------------------- how numbers print

/** The shortest round-trip decimal digits of |n| (no leading zeros) and the power of ten of the first
 * digit: n = d.ddd × 10^exp. `toExponential()` without an argument gives exactly those digits. */
function shortestDigits(n: number): { digits: string; exp: number } {
  const [mantissa, exponent] = Math.abs(n).toExponential().split("e");
  return { digits: mantissa!.replace(".", ""), exp: Number(exponent) };
}

/** Significant digits `digits` (first digit at 10^exp) as plain decimal text with exactly `decimals`
 * digits after the point (padded with zeros; the caller has already rounded). */
function plainDecimal(digits: string, exp: number, negative: boolean, decimals: number): string {
  let int: string;
  let frac: string;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    frac = digits.slice(exp + 1);
  } else {
    int = "0";
    frac = "0".repeat(-exp - 1) + digits;
  }
  frac = frac.slice(0, decimals).padEnd(decimals, "0");
  const body = decimals > 0 ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(body) ? "-" + body : body;
}

/**
 * How a number prints as a field value. Splunk prints the shortest digits that read back as the same
 * double (the Search Reference's sigfig() page shows `stats avg` giving 3.9900000000000055 and
 * 3.990000000000215, which are exactly those digits, not %.17g), and never uses exponent notation
 * (Splunk Answers, "How to get stats command to calculate with precision for numbers in scientific
 * notation": eval prints 1.23456e-303 with 308 digits after the point). So 1e20 prints as
 * 100000000000000000000 and 1e-7 as 0.0000001. NaN and infinities print as eval shows them (4.2).
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return "0";
  const { digits, exp } = shortestDigits(n);
  return plainDecimal(digits, exp, n < 0, Math.max(0, digits.length - 1 - exp));
}

/**
 * `n` rounded to `decimals` places, half away from zero on its shortest decimal digits (as round()
 * does: round(2.555, 2) is 2.56 in the Search Reference), as plain text with exactly that many
 * decimals (trailing zeros kept: they are the precision Splunk shows, "1.650").
 */
export function formatFixed(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  const places = Math.max(0, decimals);
  if (n === 0) return plainDecimal("0", 0, false, places);
  const { digits, exp } = shortestDigits(n);
  const keep = exp + 1 + places;
  if (keep >= digits.length) return plainDecimal(digits, exp, n < 0, places);
  if (keep < 0) return plainDecimal("0", 0, false, places);
  let kept = digits.slice(0, keep);
  let e = exp;
  if (digits.charCodeAt(keep) >= 53 /* "5" */) {
    // Add one unit in the last kept place, carrying; "99" becomes "100" one power of ten higher.
    const bumped = (BigInt(kept === "" ? "0" : kept) + 1n).toString();
    if (bumped.length > kept.length) e += 1;
    kept = bumped;
  }
  if (kept === "" || /^0*$/.test(kept)) return plainDecimal("0", 0, false, places);
  return plainDecimal(kept, e, n < 0, places);
}

// ---------------------------------------------------------------- precision (eval "Rounding")

/**
 * How precise a number is. The eval reference ("Rounding") says results are rounded to the precision
 * of the least precise input: `8.250 * 0.2` is 2, `8.250 * 0.20` is 1.7, `8.250 * 0.200` is 1.65 and
 * `8.250 * exact(0.2)` is 1.650. Precision comes from how a number is written: significant figures
 * and decimal places of its text.
 */
export interface Precision {
  readonly sig: number;
  /** Digits after the point, less the exponent (`1.5e3` has -2). */
  readonly decimals: number;
}

const NUMBER_PARTS = /^\s*[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * The precision of a value, or null when it is exact. Numbers computed by the engine are exact (full
 * double precision), and so are integers written without a point or exponent (`3 / 2` is 1.5 and
 * `3 * 0.5` is 2 on the Splunk wiki's "Community:BadMath" page). A numeric text with a point or an
 * exponent carries the significant figures and decimals it is written with: Splunk keeps field values
 * as text, so a rounded result read again keeps its precision.
 */
export function precisionOf(v: Scalar): Precision | null {
  if (typeof v === "number") return null;
  const m = NUMBER_PARTS.exec(v);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const int = m[1] ?? "";
  const frac = m[2] ?? "";
  if (int === "" && frac === "") return null;
  const significant = (int + frac).replace(/^0+/, "");
  return { sig: Math.max(1, significant.length), decimals: frac.length - Number(m[3] ?? 0) };
}

/** The power of ten of the first significant digit of a finite, non-zero number. */
export function decimalExponent(n: number): number {
  return shortestDigits(n).exp;
}

/** A scalar as text. */
export function toText(v: Scalar | boolean): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return v ? "True" : "False";
}

/** Byte-order string comparison (UTF-16 code units agree with UTF-8 byte order outside surrogates). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * eval/where comparison of two scalars (4.3): numerically when both are numbers or numeric strings,
 * otherwise as case-sensitive strings. Returns <0, 0, >0.
 */
export function compareScalars(a: Scalar | boolean, b: Scalar | boolean): number {
  const na = typeof a === "boolean" ? null : toNumber(a);
  const nb = typeof b === "boolean" ? null : toNumber(b);
  if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : na === nb ? 0 : Number.NaN;
  return compareStrings(toText(a), toText(b));
}
