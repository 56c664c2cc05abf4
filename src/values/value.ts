// The value model (spl-semantics.md 4.1). One module decides what a value is, when a string counts as a
// number, how numbers print and how values compare; every command and function uses it.
//
// - Extracted fields are strings. eval produces numbers, strings, Booleans (intermediate only), null
//   and multivalue fields.
// - A multivalue field is a JS array with at least two values; `mv()` normalises (one value is a
//   scalar, none is null).

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

/**
 * How a number prints as a field value. Integers print without a decimal point; other numbers with
 * the shortest digits that round-trip (JavaScript's algorithm); non-finite as Splunk shows them (4.2).
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? "0" : n.toFixed(0);
  return String(n);
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
