// The eval function table (spl-semantics.md 4.4). One entry per function: name, arity, implementation.
// Functions not listed here are `unsupported-function` errors at the call's position.
import { SplError } from "../diagnostics.js";
import { ipv4InCidr, parseCidr } from "../values/match.js";
import { pcreReplacement } from "../values/regex.js";
import {
  firstValue,
  formatNumber,
  isMulti,
  isNumericString,
  mv,
  toNumber,
  valuesOf,
  type EvalValue,
  type Scalar,
} from "../values/value.js";
import { custom, literalRegex, runtimeRegex, strict } from "./define.js";
import { compare, like, truth } from "./operators.js";
import type { FunctionSpec } from "./types.js";

/** Apply a text function to each value (a multivalue field gives a multivalue result). */
function perValue(v: EvalValue, fn: (s: string) => Scalar | null): EvalValue {
  if (v === null) return null;
  if (isMulti(v)) {
    const out: Scalar[] = [];
    for (const x of v) {
      const r = fn(text(x));
      if (r !== null) out.push(r);
    }
    return mv(out);
  }
  return fn(text(v as Scalar | boolean));
}

function text(v: Scalar | boolean): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return v ? "True" : "False";
}

function num(v: EvalValue): number | null {
  const f = firstValue(v);
  return f === null || typeof f === "boolean" ? null : toNumber(f);
}

function str(v: EvalValue): string | null {
  const f = firstValue(v);
  return f === null ? null : text(f);
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  if (left) while (a < b && chars.includes(s[a]!)) a++;
  if (right) while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** round half away from zero on the decimal value (round(2.555,2) = 2.56, spl-semantics.md 4.4). */
function roundTo(x: number, digits: number): number {
  const sign = x < 0 ? -1 : 1;
  const r = Number(Math.round(Number(Math.abs(x) + "e" + digits)) + "e-" + digits);
  return sign * r;
}

const list: FunctionSpec[] = [
  // ---------------------------------------------------------------- conditional and comparison
  custom("if", 3, 3, ([c, t, f]) => (row) => (truth(c!(row)) === true ? t!(row) : f!(row))),
  custom("case", 2, Infinity, (args, _ctx, call) => {
    if (args.length % 2 !== 0) throw new SplError("function-arity", "The 'case' function takes pairs of condition and value.", call.span);
    return (row) => {
      for (let i = 0; i < args.length; i += 2) if (truth(args[i]!(row)) === true) return args[i + 1]!(row);
      return null;
    };
  }),
  custom("coalesce", 1, Infinity, (args) => (row) => {
    for (const a of args) {
      const v = a(row);
      if (v !== null) return v;
    }
    return null;
  }),
  strict("nullif", 2, 2, ([a, b]) => (compare("==", a!, b!) === true ? null : a!)),
  strict("null", 0, 0, () => null),
  strict("true", 0, 0, () => true, { boolean: true }),
  strict("false", 0, 0, () => false, { boolean: true }),
  strict("isnull", 1, 1, ([v]) => v === null, { boolean: true }),
  strict("isnotnull", 1, 1, ([v]) => v !== null, { boolean: true }),
  strict("isnum", 1, 1, ([v]) => typeof v === "number" || (typeof v === "string" && isNumericString(v)), { boolean: true }),
  strict("isint", 1, 1, ([v]) => {
    const n = typeof v === "number" || typeof v === "string" ? toNumber(v) : null;
    return n !== null && Number.isInteger(n);
  }, { boolean: true }),
  strict("isstr", 1, 1, ([v]) => typeof v === "string" && !isNumericString(v), { boolean: true }),
  strict("typeof", 1, 1, ([v]) => {
    if (v === null) return "Invalid";
    if (typeof v === "boolean") return "Boolean";
    if (isMulti(v)) return "Multivalue";
    return typeof v === "number" || isNumericString(v as string) ? "Number" : "String";
  }),
  strict("like", 2, 2, ([v, p]) => like(v!, p!), { boolean: true }),
  custom("match", 2, 2, ([subject, pattern], _ctx, call) => {
    const fixed = literalRegex(call, 1);
    return (row) => {
      const re = fixed ?? runtimeRegex(str(pattern!(row)) ?? "");
      const v = subject!(row);
      if (v === null || re === null) return null;
      return valuesOf(v).some((x) => re.test(text(x)));
    };
  }, { boolean: true }),
  strict("cidrmatch", 2, 2, ([c, ip]) => {
    const cidr = parseCidr(str(c!) ?? "");
    if (!cidr || ip === null) return cidr ? null : false;
    return valuesOf(ip!).some((x) => ipv4InCidr(text(x), cidr));
  }, { boolean: true }),
  custom("in", 1, Infinity, ([field, ...values]) => (row) => {
    const x = field!(row);
    if (x === null) return null;
    for (const v of values) if (compare("==", x, v(row)) === true) return true;
    return false;
  }, { boolean: true }),

  // ---------------------------------------------------------------- text
  strict("lower", 1, 1, ([v]) => perValue(v!, (s) => s.toLowerCase())),
  strict("upper", 1, 1, ([v]) => perValue(v!, (s) => s.toUpperCase())),
  strict("len", 1, 1, ([v]) => perValue(v!, (s) => Array.from(s).length)),
  strict("trim", 1, 2, ([v, c]) => perValue(v!, (s) => trimChars(s, c === undefined ? " \t" : (str(c) ?? ""), true, true))),
  strict("ltrim", 1, 2, ([v, c]) => perValue(v!, (s) => trimChars(s, c === undefined ? " \t" : (str(c) ?? ""), true, false))),
  strict("rtrim", 1, 2, ([v, c]) => perValue(v!, (s) => trimChars(s, c === undefined ? " \t" : (str(c) ?? ""), false, true))),
  strict("substr", 2, 3, ([v, start, length]) => {
    const s = str(v!);
    const st = num(start!);
    if (s === null || st === null) return null;
    const chars = Array.from(s);
    // 1-based; a negative start counts from the end (4.4).
    let from = st > 0 ? st - 1 : st < 0 ? chars.length + st : 0;
    if (from < 0) from = 0;
    const len = length === undefined ? chars.length : num(length);
    if (len === null) return null;
    return chars.slice(from, from + Math.max(0, len)).join("");
  }),
  custom("replace", 3, 3, ([subject, pattern, repl], _ctx, call) => {
    const fixed = literalRegex(call, 1, true);
    return (row) => {
      const re = fixed ?? runtimeRegex(str(pattern!(row)) ?? "", true);
      const r = str(repl!(row));
      if (re === null || r === null) return null;
      const jsRepl = pcreReplacement(r);
      return perValue(subject!(row), (s) => s.replace(re, jsRepl));
    };
  }),
  strict("split", 2, 2, ([v, d]) => {
    const s = str(v!);
    const delim = str(d!);
    if (s === null || delim === null) return null;
    return mv(delim === "" ? Array.from(s) : s.split(delim));
  }),
  strict("urldecode", 1, 1, ([v]) => perValue(v!, (s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  })),

  // ---------------------------------------------------------------- conversion
  strict("tostring", 1, 2, ([v, format]) => {
    if (v === null) return null;
    if (typeof v === "boolean") return v ? "True" : "False";
    if (format === undefined) return perValue(v!, (s) => s);
    const f = str(format);
    const n = num(v!);
    if (n === null) return str(v!);
    if (f === "hex") return "0x" + Math.trunc(n).toString(16).toUpperCase();
    if (f === "commas") {
      const fixed = Number.isInteger(n) ? n.toFixed(0) : roundTo(n, 2).toFixed(2);
      const [i, d] = fixed.split(".");
      return i!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (d ? "." + d : "");
    }
    if (f === "duration") {
      const total = Math.trunc(n);
      const days = Math.floor(total / 86400);
      const rest = total % 86400;
      const hh = String(Math.floor(rest / 3600)).padStart(2, "0");
      const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, "0");
      const ss = String(rest % 60).padStart(2, "0");
      return (days > 0 ? `${days}+` : "") + `${hh}:${mm}:${ss}`;
    }
    return null;
  }),
  strict("tonumber", 1, 2, ([v, base]) => {
    const s = str(v!);
    if (s === null) return null;
    if (base === undefined) return toNumber(s.trim());
    const b = num(base);
    if (b === null || b < 2 || b > 36) return null;
    const digits = s.trim().toLowerCase();
    const valid = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
    if (digits === "" || ![...digits].every((c) => valid.includes(c))) return null;
    return parseInt(digits, b);
  }),

  // ---------------------------------------------------------------- math
  strict("abs", 1, 1, ([v]) => { const n = num(v!); return n === null ? null : Math.abs(n); }),
  strict("floor", 1, 1, ([v]) => { const n = num(v!); return n === null ? null : Math.floor(n); }),
  strict("ceil", 1, 1, ([v]) => { const n = num(v!); return n === null ? null : Math.ceil(n); }),
  strict("ceiling", 1, 1, ([v]) => { const n = num(v!); return n === null ? null : Math.ceil(n); }),
  strict("round", 1, 2, ([v, d]) => {
    const n = num(v!);
    const digits = d === undefined ? 0 : num(d);
    return n === null || digits === null ? null : roundTo(n, Math.trunc(digits));
  }),

  // ---------------------------------------------------------------- multivalue
  strict("mvcount", 1, 1, ([v]) => (v === null ? null : valuesOf(v!).length)),
  strict("mvindex", 2, 3, ([v, s, e]) => {
    if (v === null) return null;
    const values = valuesOf(v!);
    const n = values.length;
    let start = num(s!);
    if (start === null) return null;
    if (start < 0) start += n;
    if (start < 0 || start >= n) return null;
    if (e === undefined) return values[start]!;
    let end = num(e);
    if (end === null) return null;
    if (end < 0) end += n;
    if (end >= n) end = n - 1;
    if (end < start) return null;
    return mv(values.slice(start, end + 1));
  }),
  strict("mvjoin", 2, 2, ([v, d]) => {
    const delim = str(d!);
    if (v === null || delim === null) return null;
    return valuesOf(v!).map(text).join(delim);
  }),
  strict("mvappend", 1, Infinity, (args) => {
    const out: Scalar[] = [];
    for (const a of args) for (const x of valuesOf(a)) out.push(x);
    return mv(out);
  }),
  strict("mvdedup", 1, 1, ([v]) => (v === null ? null : mv(Array.from(new Set(valuesOf(v!)))))),

  // ---------------------------------------------------------------- time
  strict("now", 0, 0, (_args, ctx) => ctx.now),
  strict("time", 0, 0, () => Date.now() / 1000),
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(list.map((f) => [f.name, f]));
