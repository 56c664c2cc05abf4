// Conversion functions: tonumber and tostring (Splunk's "Conversion functions" page, spl-semantics.md 4.4,
// Example 4.E). printf is in text.ts.
import { formatNumber, toNumber, toText, type EvalValue, type Scalar } from "../values/value.js";
import { custom } from "./define.js";
import { badArgument, literalNumber, literalString, num, perValue, roundHalfAway, str } from "./helpers.js";
import type { FunctionSpec } from "./types.js";

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
// Base 10: a plain decimal number, no surrounding spaces (the page: "if the value contains a leading
// and trailing space, the function returns NULL").
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A string in a base from 2 to 36, or null. Base 16 also accepts a 0x prefix (as C's strtol does). */
export function parseInBase(s: string, base: number): number | null {
  if (base === 10) return DECIMAL.test(s) ? Number(s) : null;
  let body = s;
  let sign = 1;
  if (body.startsWith("-") || body.startsWith("+")) {
    sign = body[0] === "-" ? -1 : 1;
    body = body.slice(1);
  }
  if (base === 16 && /^0x/i.test(body)) body = body.slice(2);
  if (body === "") return null;
  let n = 0;
  for (const ch of body.toLowerCase()) {
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= base) return null;
    n = n * base + d;
  }
  return sign * n;
}

/** tostring(X, "duration"): seconds as [D+]HH:MM:SS, e.g. 615 → 00:10:15 (Conversion functions page);
 * more than a day gives a `D+` prefix, as security_content's parsing of "(\d*)\+*(\d+):(\d+):(\d+)" expects. */
function duration(n: number): string {
  const negative = n < 0;
  const total = Math.trunc(Math.abs(n));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const two = (x: number): string => String(x).padStart(2, "0");
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return (negative ? "-" : "") + (days > 0 ? `${days}+` : "") + hms;
}

/** tostring(X, "commas"): thousands separators; a number with decimals is rounded to two places. */
function commas(n: number): string {
  const text = Number.isInteger(n) ? formatNumber(n) : roundHalfAway(n, 2).toFixed(2);
  const [int, frac] = text.split(".");
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac === undefined ? "" : "." + frac);
}

const FORMATS: Readonly<Record<string, (n: number) => string | null>> = {
  // "Only integers in the range of 0 to 2^53 -1 are accepted" for the binary and hex forms.
  hex: (n) => (Number.isSafeInteger(n) && n >= 0 ? "0x" + n.toString(16).toUpperCase() : null),
  binary: (n) => (Number.isSafeInteger(n) && n >= 0 ? n.toString(2) : null),
  commas,
  duration,
};

export const CONVERSION_FUNCTIONS: FunctionSpec[] = [
  custom("tostring", 1, 2, ([value, format], _ctx, call) => {
    const literal = literalString(call, 1);
    if (literal !== null && !(literal in FORMATS)) throw badArgument(call, 1, `Unknown tostring format "${literal}" (use "hex", "binary", "commas" or "duration").`);
    // A string literal is never a number here: tostring("5", "binary") "is not supported" (the page).
    const stringLiteral = call.args[0]?.kind === "string";
    return (row): EvalValue => {
      const v = value!(row);
      if (v === null) return null;
      if (typeof v === "boolean") return v ? "True" : "False";
      if (format === undefined) return perValue(v, (x) => toText(x));
      const f = str(format(row));
      const fn = f === null ? undefined : FORMATS[f];
      if (fn === undefined) return null;
      // "The format argument is ... only used when the value argument is a number."
      return perValue(v, (x) => {
        const n = stringLiteral ? null : toNumber(x);
        return n === null ? toText(x) : fn(n);
      });
    };
  }),
  custom("tonumber", 1, 2, ([value, baseArg], _ctx, call) => {
    const literalBase = baseArg === undefined ? 10 : literalNumber(call, 1);
    if (literalBase !== null && !(Number.isInteger(literalBase) && literalBase >= 2 && literalBase <= 36))
      throw badArgument(call, 1, "The base of tonumber() must be an integer from 2 to 36.");
    // "If the tonumber function can't parse a string to a number, the function returns an error", the
    // page's example being a literal (tonumber("seven")); a field that does not parse gives null.
    const literal = literalString(call, 0);
    if (literal !== null && literalBase !== null && parseInBase(literal, literalBase) === null)
      throw badArgument(call, 0, `tonumber() cannot parse "${literal}" as a number in base ${literalBase}.`);
    return (row): EvalValue => {
      const v = value!(row);
      const base = literalBase ?? num(baseArg!(row));
      if (v === null || base === null || !Number.isInteger(base) || base < 2 || base > 36) return null;
      return perValue(v, (x: Scalar) => (typeof x === "number" ? x : parseInBase(x, base)));
    };
  }),
];
