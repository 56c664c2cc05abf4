// printf(): C sprintf() formatting as the Conversion functions page describes it: conversions
// %a %A %c %d %i %e %E %f %F %g %G %o %s %z %u %x %X %p %%, flags ' - 0 + space #, width and
// precision given as numbers or as `*` (taken from the arguments). %n, %C, %S and %<num>$ are not
// supported by Splunk and are refused.
import { firstValue, toNumber, toText, type EvalValue, type Scalar } from "../values/value.js";

interface Spec {
  readonly flags: string;
  readonly width: number | "*" | null;
  readonly precision: number | "*" | null;
  readonly conv: string;
}

export type FormatPiece = string | Spec;

const CONVERSIONS = "aAcdieEfFgGosuxXpz";

/** Split a format into literal text and conversion specs; a string is an error message. */
export function parseFormat(format: string): FormatPiece[] | string {
  const pieces: FormatPiece[] = [];
  let literal = "";
  const re = /%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(.?)/y;
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch !== "%") {
      literal += ch;
      i++;
      continue;
    }
    if (format[i + 1] === "%") {
      literal += "%";
      i += 2;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(format)!;
    const conv = m[4] ?? "";
    if (conv === "$" || /^%\d+\$/.test(format.slice(i))) return "the %<num>$ argument selector is not supported by printf";
    if (conv === "") return "the format ends in the middle of a conversion";
    if (!CONVERSIONS.includes(conv)) return `the %${conv} conversion is not supported by printf`;
    if (literal) pieces.push(literal);
    literal = "";
    const w = m[2];
    const p = m[3];
    pieces.push({
      flags: m[1] ?? "",
      width: w === undefined ? null : w === "*" ? "*" : Number(w),
      precision: p === undefined ? null : p === "*" ? "*" : Number(p || "0"),
      conv,
    });
    i = re.lastIndex;
  }
  if (literal) pieces.push(literal);
  return pieces;
}

function numberOf(v: Scalar | boolean): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  return toNumber(v) ?? 0;
}

/** Group the digits of an integer text in thousands with commas (the ' flag). */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** x.toFixed(p) with C's rounding of exact ties to even (2.5 → "2", 0.125 at 2 → "0.12"). */
function fixed(x: number, p: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e21) return (x < 0 ? "-" : "") + BigInt(Math.round(abs)).toString() + (p > 0 ? "." + "0".repeat(p) : "");
  let s = abs.toFixed(p);
  const exact = /^(\d+)\.(\d+)$/.exec(String(abs));
  const frac = exact?.[2];
  if (exact && frac !== undefined && frac.length === p + 1 && frac.endsWith("5")) {
    // The shortest decimal is exactly representable only when 5^(p+1) divides its digits.
    const digits = BigInt(exact[1]! + frac);
    if (digits % 5n ** BigInt(p + 1) === 0n) {
      const down = BigInt(exact[1]! + frac.slice(0, p));
      const kept = down % 2n === 0n ? down : down + 1n;
      const t = kept.toString().padStart(p + 1, "0");
      s = p > 0 ? t.slice(0, -p) + "." + t.slice(-p) : t;
    }
  }
  return (x < 0 || Object.is(x, -0) ? "-" : "") + s;
}

/** x.toExponential(p) with C's rounding of exact ties to even (1234.5 at 3 → "1.234e+03"), and an
 * exponent of at least two digits. */
function exponential(x: number, p: number, upper: boolean): string {
  let s = x.toExponential(p);
  const [mantissa, e] = Math.abs(x).toExponential().split("e");
  const digits = mantissa!.replace(".", "");
  const exp = Number(e);
  const places = digits.length - 1 - exp;
  if (digits.length === p + 2 && digits.endsWith("5") && (places <= 0 || BigInt(digits) % 5n ** BigInt(places) === 0n)) {
    const down = BigInt(digits.slice(0, p + 1));
    let kept = (down % 2n === 0n ? down : down + 1n).toString();
    let outExp = exp;
    if (kept.length > p + 1) {
      kept = kept.slice(0, p + 1);
      outExp++;
    }
    s = (x < 0 ? "-" : "") + kept[0]! + (p > 0 ? "." + kept.slice(1) : "") + "e" + (outExp < 0 ? "-" : "+") + Math.abs(outExp);
  }
  s = s.replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? s.toUpperCase() : s;
}

function general(x: number, precision: number, alt: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alt ? "0." + "0".repeat(p - 1) : "0";
  const exp = Number(exponential(x, p - 1, false).split("e")[1]);
  const s = p > exp && exp >= -4 ? fixed(x, p - 1 - exp) : exponential(x, p - 1, upper);
  if (alt) return s;
  // Without #, trailing zeros of the fraction are removed, and the point when nothing follows it.
  const cut = s.search(/[eE]/);
  const mantissa = cut < 0 ? s : s.slice(0, cut);
  const rest = cut < 0 ? "" : s.slice(cut);
  return (mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa) + rest;
}

function hexFloat(x: number, p: number, upper: boolean): string {
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  let a = Math.abs(x);
  let e = 0;
  let digits = "";
  let lead = 0;
  if (a !== 0) {
    e = Math.floor(Math.log2(a));
    a = a / 2 ** e;
    // log2 can be off by one near powers of two: normalise the mantissa into [1, 2).
    if (a >= 2) {
      a /= 2;
      e++;
    } else if (a < 1) {
      a *= 2;
      e--;
    }
    lead = 1;
    let frac = a - 1;
    const d: number[] = [];
    for (let i = 0; i < p; i++) {
      frac *= 16;
      d.push(Math.floor(frac));
      frac -= Math.floor(frac);
    }
    if (frac > 0.5 || (frac === 0.5 && (d.length ? d[d.length - 1]! : lead) % 2 === 1)) {
      let i = d.length - 1;
      while (i >= 0 && d[i] === 15) d[i--] = 0;
      if (i >= 0) d[i]!++;
      else lead++;
    }
    digits = d.map((v) => v.toString(16)).join("");
  } else digits = "0".repeat(p);
  const s = `0x${lead}${digits ? "." + digits : ""}p${e >= 0 ? "+" : "-"}${Math.abs(e)}`;
  return sign + (upper ? s.toUpperCase() : s);
}

function integerDigits(n: number, conv: string, alt: boolean): { body: string; negative: boolean; prefix: string } {
  const t = Number.isFinite(n) ? Math.trunc(n) : 0;
  if (conv === "d" || conv === "i") return { body: BigInt(Math.abs(t)).toString(), negative: t < 0, prefix: "" };
  const u = BigInt.asUintN(64, BigInt(t));
  if (conv === "u") return { body: u.toString(), negative: false, prefix: "" };
  if (conv === "o") {
    const body = u.toString(8);
    return { body: alt && !body.startsWith("0") ? "0" + body : body, negative: false, prefix: "" };
  }
  const body = conv === "x" ? u.toString(16) : u.toString(16).toUpperCase();
  return { body, negative: false, prefix: alt && u !== 0n ? (conv === "x" ? "0x" : "0X") : "" };
}

function pad(s: string, width: number, left: boolean): string {
  if (s.length >= width) return s;
  return left ? s + " ".repeat(width - s.length) : " ".repeat(width - s.length) + s;
}

function formatOne(spec: Spec, value: Scalar | boolean, width: number, precision: number | null): string {
  const f = spec.flags;
  const left = f.includes("-");
  const alt = f.includes("#");
  const conv = spec.conv;
  if (conv === "s" || conv === "z") {
    const cps = Array.from(toText(value));
    return pad(precision === null ? cps.join("") : cps.slice(0, precision).join(""), width, left);
  }
  if (conv === "c") {
    const n = typeof value === "number" ? value : null;
    const c = n !== null ? (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(Math.trunc(n)) : "") : (Array.from(toText(value))[0] ?? "");
    return pad(c, width, left);
  }
  const x = numberOf(value);
  let sign = "";
  let prefix = "";
  let body: string;
  if ("diuoxXp".includes(conv)) {
    const d = integerDigits(x, conv === "p" ? "X" : conv, alt);
    body = precision !== null && precision === 0 && d.body === "0" ? "" : d.body.padStart(precision ?? 0, "0");
    if (f.includes("'") && "diu".includes(conv)) body = group(body);
    sign = d.negative ? "-" : f.includes("+") && "di".includes(conv) ? "+" : f.includes(" ") && "di".includes(conv) ? " " : "";
    prefix = d.prefix;
  } else {
    const p = precision ?? 6;
    const upper = conv === conv.toUpperCase();
    const abs = Math.abs(x);
    if (!Number.isFinite(x)) body = Number.isNaN(x) ? "nan" : "inf";
    else if (conv === "f" || conv === "F") body = fixed(abs, p);
    else if (conv === "e" || conv === "E") body = exponential(abs, p, upper);
    else if (conv === "g" || conv === "G") body = general(abs, p, alt, upper);
    else body = hexFloat(abs, p, upper);
    if (!Number.isFinite(x) && upper) body = body.toUpperCase();
    if (alt && !body.includes(".") && /^\d+$/.test(body)) body += ".";
    if (f.includes("'") && "fFgG".includes(conv)) body = body.replace(/^\d+/, group);
    if (conv === "a" || conv === "A") {
      prefix = body.slice(0, 2);
      body = body.slice(2);
    }
    sign = x < 0 || Object.is(x, -0) ? "-" : f.includes("+") ? "+" : f.includes(" ") ? " " : "";
  }
  const zero = f.includes("0") && !left && Number.isFinite(x) && !("diuoxXp".includes(conv) && precision !== null);
  const core = zero ? sign + prefix + body.padStart(width - sign.length - prefix.length, "0") : sign + prefix + body;
  return pad(core, width, left);
}

/** Format the arguments; a null (or missing) argument makes the whole result null, as for `.` (10.4). */
export function formatPrintf(pieces: readonly FormatPiece[], args: readonly EvalValue[]): string | null {
  let out = "";
  let next = 0;
  const take = (): Scalar | boolean | null => firstValue(args[next++] ?? null);
  for (const piece of pieces) {
    if (typeof piece === "string") {
      out += piece;
      continue;
    }
    let left = false;
    let width = 0;
    if (piece.width === "*") {
      const w = take();
      if (w === null) return null;
      width = Math.trunc(numberOf(w));
      if (width < 0) (left = true), (width = -width);
    } else if (piece.width !== null) width = piece.width;
    let precision: number | null = null;
    if (piece.precision === "*") {
      const p = take();
      if (p === null) return null;
      const n = Math.trunc(numberOf(p));
      precision = n < 0 ? null : n;
    } else precision = piece.precision;
    const v = take();
    if (v === null) return null;
    out += formatOne(left ? { ...piece, flags: piece.flags + "-" } : piece, v, width, precision);
  }
  return out;
}
