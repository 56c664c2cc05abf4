// Wildcard, term and CIDR matching for the search command (spl-semantics.md 1.2-1.8, 1.17).
import { toNumber, compareStrings, type Scalar } from "./value.js";

const regexCache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A whole-value wildcard pattern (`*` is any run of characters, 1.6) as an anchored RegExp. */
export function wildcardRegExp(pattern: string, caseSensitive: boolean): RegExp {
  const key = (caseSensitive ? "c:" : "i:") + pattern;
  let re = regexCache.get(key);
  if (!re) {
    const body = pattern.split("*").map(escapeRegExp).join("[\\s\\S]*");
    re = new RegExp("^" + body + "$", caseSensitive ? "" : "i");
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** Does one value match a search value pattern? Case-insensitive unless CASE() (1.4, 1.6, 1.7). */
export function matchesPattern(value: string, pattern: string, caseSensitive: boolean): boolean {
  if (!pattern.includes("*")) {
    if (caseSensitive) return value === pattern;
    return value.length === pattern.length && (value === pattern || value.toLowerCase() === pattern.toLowerCase());
  }
  if (pattern === "*") return true;
  return wildcardRegExp(pattern, caseSensitive).test(value);
}

// ---------------------------------------------------------------- CIDR (1.17)

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV4_CIDR = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\/(\d{1,2})$/;

function ipv4ToInt(s: string): number | null {
  const m = IPV4.exec(s);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i]);
    if (part > 255) return null;
    n = n * 256 + part;
  }
  return n;
}

/** `10.0.0.0/8` style IPv4 CIDR, or null when the text is not one. */
export function parseCidr(text: string): { base: number; bits: number } | null {
  const m = IPV4_CIDR.exec(text);
  if (!m) return null;
  const base = ipv4ToInt(m[1]!);
  const bits = Number(m[2]);
  if (base === null || bits > 32) return null;
  return { base, bits };
}

export function ipv4InCidr(ip: string, cidr: { base: number; bits: number }): boolean {
  const n = ipv4ToInt(ip);
  if (n === null) return false;
  if (cidr.bits === 0) return true;
  const size = 2 ** (32 - cidr.bits);
  return Math.floor(n / size) === Math.floor(cidr.base / size);
}

// ---------------------------------------------------------------- relational comparison in search (1.11)

/** `<`, `<=`, `>`, `>=` in search: numerically when both sides are numbers, otherwise lexicographically
 * (the reading of the SPL2 syntax page, spl-semantics.md 1.11 and Q1). */
export function searchRelational(value: Scalar, op: "<" | "<=" | ">" | ">=", target: string): boolean {
  const a = toNumber(value);
  const b = toNumber(target);
  const c = a !== null && b !== null ? (a < b ? -1 : a > b ? 1 : 0) : compareStrings(String(value), target);
  switch (op) {
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

// ---------------------------------------------------------------- bare terms against raw text (1.2, 1.3)

// Splunk's default segmenters: major and minor breakers (segmenters.conf). A bare term matches only
// where it starts and ends at a breaker (or the ends of the text), so `foo` does not match `foobar`.
const BREAKERS = new Set(Array.from(" \t\r\n[]<>(){}|!;,'\"*&?+/:=@.-$#%\\_"));

// The same breakers as a RegExp character class body.
const BREAKER_CLASS = " \\t\\r\\n\\[\\]<>(){}|!;,'\"*&?+/:=@.\\-$#%\\\\_";

function isBoundary(text: string, index: number): boolean {
  return index <= 0 || index >= text.length || BREAKERS.has(text[index - 1]!) || BREAKERS.has(text[index]!);
}

/**
 * Does `text` contain the term (or quoted phrase) at token boundaries? Case-insensitive unless
 * CASE(); `*` matches any run of characters. The term `*` matches everything.
 */
export function textContainsTerm(text: string, term: string, caseSensitive: boolean): boolean {
  if (term === "*" || term === "") return true;
  const hay = caseSensitive ? text : text.toLowerCase();
  const needle = caseSensitive ? term : term.toLowerCase();
  if (!needle.includes("*")) {
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      if (isBoundary(hay, i) && isBoundary(hay, i + needle.length)) return true;
    }
    return false;
  }
  const key = "t:" + (caseSensitive ? "c:" : "i:") + needle;
  let re = regexCache.get(key);
  if (!re) {
    const left = needle.startsWith("*") ? "" : `(?<![^${BREAKER_CLASS}])`;
    const right = needle.endsWith("*") ? "" : `(?![^${BREAKER_CLASS}])`;
    const body = needle.split("*").map(escapeRegExp).join("[\\s\\S]*");
    re = new RegExp(left + body + right);
    regexCache.set(key, re);
  }
  return re.test(hay);
}
