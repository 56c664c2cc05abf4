// Mathematical functions (Splunk's "Mathematical functions" page) and the statistical eval functions
// min, max and random ("Statistical eval functions" page); spl-semantics.md 4.4.
import type { EvalExpr } from "../syntax/ast.js";
import { compareStrings, formatNumber, isMulti, toNumber, valuesOf, type EvalValue, type Scalar } from "../values/value.js";
import { custom, strict } from "./define.js";
import { badArgument, literalNumber, num, perNumber, roundHalfAway } from "./helpers.js";
import type { Compiled, FunctionSpec } from "./types.js";

function unary(name: string, fn: (n: number) => number): FunctionSpec {
  return strict(name, 1, 1, ([v]) => perNumber(v!, fn));
}

function log(x: number, base: number): number {
  if (base === 10) return Math.log10(x);
  if (base === 2) return Math.log2(x);
  return Math.log(x) / Math.log(base);
}

/**
 * eval min()/max(): "Strings are greater than numbers" (Statistical eval functions page); numbers
 * (and numeric-looking values) compare numerically, strings lexicographically. Multivalue arguments
 * contribute each value; null arguments are ignored.
 */
function extreme(args: readonly EvalValue[], wantMax: boolean): EvalValue {
  let bestNum: { n: number; v: Scalar } | null = null;
  let bestStr: string | null = null;
  for (const a of args) {
    for (const v of valuesOf(a)) {
      const n = toNumber(v);
      if (n !== null) {
        if (bestNum === null || (wantMax ? n > bestNum.n : n < bestNum.n)) bestNum = { n, v };
      } else {
        const s = v as string;
        if (bestStr === null || (wantMax ? compareStrings(s, bestStr) > 0 : compareStrings(s, bestStr) < 0)) bestStr = s;
      }
    }
  }
  if (wantMax) return bestStr ?? bestNum?.v ?? null;
  return bestNum?.v ?? bestStr;
}

// ---------------------------------------------------------------- sigfig

/** A number with its precision: significant figures and decimal places. */
interface Measured {
  readonly value: number;
  readonly sig: number;
  readonly dec: number;
}

const UNKNOWN: Measured = { value: Number.NaN, sig: Infinity, dec: Infinity };

/** The precision a number is written with: 1.00 has 3 significant figures and 2 decimals; trailing zeros
 * of a whole number are not significant (1100 has 2), as in the usual significant-figure rules. */
export function measure(text: string): Measured | null {
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[1] === "" && !m[2])) return null;
  const int = m[1] ?? "";
  const frac = m[2];
  const exp = Number(m[3] ?? "0");
  const digits = (int + (frac ?? "")).replace(/^0+/, "");
  const sig = digits === "" ? 1 : frac === undefined ? digits.replace(/0+$/, "").length || 1 : digits.length;
  return { value: Number(text), sig, dec: (frac ?? "").length - exp };
}

function magnitude(v: number): number {
  return v === 0 || !Number.isFinite(v) ? Number.NaN : Math.floor(Math.log10(Math.abs(v)));
}

/** Precision of an expression by the rules of the sigfig page: multiplication and division keep the
 * fewest significant figures of the operands, addition and subtraction the fewest decimal places. */
function analyse(expr: EvalExpr): (row: Parameters<Compiled>[0]) => Measured | null {
  switch (expr.kind) {
    case "number": {
      const m = measure(expr.text);
      return () => m;
    }
    case "field": {
      const name = expr.name;
      return (row) => {
        const v = row.get(name);
        if (v === undefined || isMulti(v)) return null;
        return measure(typeof v === "number" ? formatNumber(v) : (v as string));
      };
    }
    case "unary": {
      const inner = analyse(expr.operand);
      return expr.op === "NOT" ? () => UNKNOWN : (row) => {
        const m = inner(row);
        return m && expr.op === "-" ? { ...m, value: -m.value } : m;
      };
    }
    case "binary": {
      if (!["+", "-", "*", "/"].includes(expr.op)) return () => UNKNOWN;
      const [l, r, op] = [analyse(expr.left), analyse(expr.right), expr.op];
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return null;
        if (op === "*" || op === "/") {
          const value = op === "*" ? a.value * b.value : a.value / b.value;
          const sig = Math.min(a.sig, b.sig);
          const mag = magnitude(value);
          return { value, sig, dec: Number.isNaN(mag) ? Infinity : sig - 1 - mag };
        }
        const value = op === "+" ? a.value + b.value : a.value - b.value;
        const dec = Math.min(a.dec, b.dec);
        const mag = magnitude(value);
        return { value, dec, sig: Number.isNaN(mag) ? Infinity : mag + 1 + dec };
      };
    }
    default:
      return () => UNKNOWN;
  }
}

function sigfig(): FunctionSpec {
  return custom("sigfig", 1, 1, ([arg], _ctx, call) => {
    const whole = arg!;
    const expr = call.args[0]!;
    const precision = analyse(expr);
    const additive = expr.kind === "binary" && (expr.op === "+" || expr.op === "-");
    return (row): EvalValue => {
      const v = whole(row);
      // A field on its own: each value keeps its own precision.
      if (expr.kind === "field" || v === null || isMulti(v)) return expr.kind === "field" ? perNumber(v, (n) => n) : null;
      const n = num(v);
      const m = precision(row);
      if (n === null || m === null) return null;
      if (additive) return Number.isFinite(m.dec) ? roundHalfAway(n, Math.max(m.dec, -300)) : n;
      if (!Number.isFinite(m.sig) || n === 0 || !Number.isFinite(n)) return n;
      return roundHalfAway(n, m.sig - 1 - magnitude(n));
    };
  });
}

export const MATH_FUNCTIONS: FunctionSpec[] = [
  unary("abs", Math.abs),
  unary("ceiling", Math.ceil),
  unary("ceil", Math.ceil),
  unary("floor", Math.floor),
  unary("exp", Math.exp),
  // Out-of-domain arguments give IEEE results, printed nan / -inf (spl-semantics.md 4.2).
  unary("ln", Math.log),
  unary("sqrt", Math.sqrt),
  strict("log", 1, 2, ([v, b]) => {
    const base = b === undefined ? 10 : num(b);
    return base === null ? null : perNumber(v!, (n) => log(n, base));
  }),
  strict("pow", 2, 2, ([v, e]) => {
    const exp = num(e!);
    return exp === null ? null : perNumber(v!, (n) => Math.pow(n, exp));
  }),
  // "Returns the constant pi to 11 digits of precision."
  strict("pi", 0, 0, () => 3.14159265359),
  custom("round", 1, 2, ([v, d], _ctx, call) => {
    const literal = literalNumber(call, 1);
    if (literal !== null && literal < 0) throw badArgument(call, 1, "round() cannot take a negative number of decimal places.");
    return (row) => {
      const digits = d === undefined ? 0 : num(d(row));
      if (digits === null || digits < 0) return null;
      return perNumber(v!(row), (n) => roundHalfAway(n, Math.trunc(digits)));
    };
  }),
  // exact(): the result is kept "with a larger amount of precision" (Math page). The value becomes a
  // number, which eval arithmetic treats as exact (no written precision to round to); arithmetic inside
  // the argument has already been rounded by the operators.
  strict("exact", 1, 1, ([v]) => perNumber(v!, (n) => n)),
  sigfig(),
  strict("min", 1, Infinity, (args) => extreme(args, false)),
  strict("max", 1, Infinity, (args) => extreme(args, true)),
  // "a pseudo-random integer ranging from zero to 2^31-1".
  strict("random", 0, 0, () => Math.floor(Math.random() * 2 ** 31)),
];
