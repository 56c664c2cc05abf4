// Wildcard, term and CIDR matching for the search command (spl-semantics.md 1.2-1.8, 1.17).
import { toNumber, compareStrings, type Scalar } from "./value.js";

const regexCache = new Map<string, RegExp>();

function cached(key: string, build: () => RegExp): RegExp {
  let re = regexCache.get(key);
  if (!re) {
    re = build();
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A whole-value wildcard pattern (`*` is any run of characters, 1.6) as an anchored RegExp. */
export function wildcardRegExp(pattern: string, caseSensitive: boolean): RegExp {
  return cached((caseSensitive ? "c:" : "i:") + pattern, () => {
    const body = pattern.split("*").map(escapeRegExp).join("[\\s\\S]*");
    return new RegExp("^" + body + "$", caseSensitive ? "" : "i");
  });
}

/** Does one value match a search value pattern? Case-insensitive unless CASE() (1.4, 1.6, 1.7). */
export function matchesPattern(value: string, pattern: string, caseSensitive: boolean): boolean {
  if (!pattern.includes("*")) {
    if (caseSensitive || value === pattern) return value === pattern;
    return value.toLowerCase() === pattern.toLowerCase();
  }
  if (pattern === "*") return true;
  // One case folding for both paths (toLowerCase of both sides), so that `p` and `p*` agree on every
  // character: a RegExp's `i` flag folds some characters (the Kelvin sign, final sigma) differently.
  if (caseSensitive) return wildcardRegExp(pattern, true).test(value);
  return wildcardRegExp(pattern.toLowerCase(), true).test(value.toLowerCase());
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

const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** An IPv6 address as a 128-bit integer: `::` compression, an IPv4 tail (`::ffff:10.0.0.1`) and a
 * zone (`%eth0`, ignored) are accepted. Null when the text is not one. */
export function ipv6ToBigInt(text: string): bigint | null {
  let s = text.includes("%") ? text.slice(0, text.indexOf("%")) : text;
  let tail: bigint[] = [];
  const lastColon = s.lastIndexOf(":");
  if (lastColon >= 0 && s.slice(lastColon + 1).includes(".")) {
    const v4 = ipv4ToInt(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [BigInt(v4 >>> 16), BigInt(v4 & 0xffff)];
    // Drop the IPv4 part and its colon, but keep a `::` in front of it whole.
    s = s[lastColon - 1] === ":" ? s.slice(0, lastColon + 1) : s.slice(0, lastColon);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): bigint[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    if (!groups.every((g) => HEX_GROUP.test(g))) return null;
    return groups.map((g) => BigInt(parseInt(g, 16)));
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === null || rest === null) return null;
  const written = head.length + rest.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return null;
  const groups = [...head, ...Array<bigint>(8 - written).fill(0n), ...rest, ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** An IPv4 or IPv6 network in CIDR notation. */
export type Cidr = { readonly family: 4; readonly base: number; readonly bits: number } | { readonly family: 6; readonly base: bigint; readonly bits: number };

/** `10.0.0.0/8` or `2001:db8::/32`, or null when the text is not a CIDR (1.17: IPv4 and IPv6). */
export function parseAnyCidr(text: string): Cidr | null {
  const v4 = parseCidr(text);
  if (v4) return { family: 4, ...v4 };
  const slash = text.lastIndexOf("/");
  if (slash < 0 || !text.includes(":")) return null;
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > 128) return null;
  const base = ipv6ToBigInt(text.slice(0, slash));
  return base === null ? null : { family: 6, base, bits: Number(bitsText) };
}

/** Is `ip` (an address of the same family, as text) inside the network? */
export function ipInCidr(ip: string, cidr: Cidr): boolean {
  if (cidr.family === 4) return ipv4InCidr(ip, cidr);
  const n = ipv6ToBigInt(ip);
  if (n === null) return false;
  const shift = BigInt(128 - cidr.bits);
  return n >> shift === cidr.base >> shift;
}

// ---------------------------------------------------------------- relational comparison in search (1.11)

/** `<`, `<=`, `>`, `>=` in search: numerically when both sides are numbers, otherwise lexicographically
 * (the reading of the SPL2 syntax page, spl-semantics.md 1.11 and Q1). */
export function searchRelational(value: Scalar, op: "<" | "<=" | ">" | ">=", target: string): boolean {
  const a = toNumber(value);
  const b = toNumber(target);
  const c = a !== null && b !== null ? (a < b ? -1 : a > b ? 1 : 0) : compareStrings(String(value), target);
  return RELATIONAL[op](c);
}

const RELATIONAL: Record<"<" | "<=" | ">" | ">=", (c: number) => boolean> = {
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

// ---------------------------------------------------------------- bare terms against raw text (1.2, 1.3)

// Splunk's default segmenters.conf (etc/system/default, 8.2): text is cut into tokens at MAJOR
// breakers, and tokens into sub-terms at MINOR breakers; both are indexed. `\s` is the space.
const MAJOR_CHARS = new Set(Array.from("[]<>(){}|!;,'\"*\n\r \t&?+"));
const MAJOR_SEQUENCES = ["--", "%21", "%26", "%2526", "%3B", "%7C", "%20", "%2B", "%3D", "%2520", "%5D", "%5B", "%3A", "%0A", "%2C", "%28", "%29"];
const MINOR_CHARS = new Set(Array.from("/:=@.-$#%\\_"));

function charClass(chars: Iterable<string>): string {
  return "[" + Array.from(chars, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c.replace(/[\]\\^-]/, "\\$&"))).join("") + "]";
}

/** What may stand on either side of a term: the breakers of the chosen kind, as RegExp alternatives
 * (the %xx sequences in either case of their hex letters). */
function edgeAlternatives(minorToo: boolean): string {
  const chars = minorToo ? [...MAJOR_CHARS, ...MINOR_CHARS] : [...MAJOR_CHARS];
  const sequences = MAJOR_SEQUENCES.map((s) => s.replace(/[A-F]/g, (h) => `[${h}${h.toLowerCase()}]`));
  return [charClass(chars), ...sequences].join("|");
}

const EDGES = { token: edgeAlternatives(false), term: edgeAlternatives(true) };
// A wildcard in a term stays inside one token: indexed terms never hold a major breaker.
const WITHIN_TOKEN = "[^" + charClass(MAJOR_CHARS).slice(1);

/** Does the text start (or end, reading backwards) with a breaker of the chosen kind? */
function startsWithBreaker(text: string, minorToo: boolean): boolean {
  const c = text[0];
  if (c === undefined) return false;
  if (MAJOR_CHARS.has(c) || (minorToo && MINOR_CHARS.has(c))) return true;
  return MAJOR_SEQUENCES.some((s) => text.toUpperCase().startsWith(s));
}

function endsWithBreaker(text: string, minorToo: boolean): boolean {
  const c = text[text.length - 1];
  if (c === undefined) return false;
  if (MAJOR_CHARS.has(c) || (minorToo && MINOR_CHARS.has(c))) return true;
  return MAJOR_SEQUENCES.some((s) => text.toUpperCase().endsWith(s));
}

/**
 * A term as a RegExp that finds it between edges. An edge is the start or end of the text or a breaker
 * (major only for TERM(), major or minor otherwise); a term that itself starts or ends with a breaker
 * needs no edge on that side, and neither does a leading or trailing `*`.
 */
function termRegExp(term: string, caseSensitive: boolean, kind: "token" | "term"): RegExp {
  return cached(`${kind}:${caseSensitive ? "c" : "i"}:${term}`, () => {
    const minorToo = kind === "term";
    const body = term.split("*").map(escapeRegExp).join(WITHIN_TOKEN + "*");
    const left = term.startsWith("*") || startsWithBreaker(term, minorToo) ? "" : `(?<=^|${EDGES[kind]})`;
    const right = term.endsWith("*") || endsWithBreaker(term, minorToo) ? "" : `(?=$|${EDGES[kind]})`;
    return new RegExp(left + body + right, caseSensitive ? "" : "i");
  });
}

/**
 * Does `text` contain the term (or quoted phrase) between term edges? Edges are major or minor
 * breakers, so `foo` does not match `foobar` but `127.0.0.1` matches inside `ip=127.0.0.1`, whose
 * sub-terms 127, 0 and 1 are indexed (1.3). Case-insensitive unless CASE(). The term `*` matches
 * everything.
 */
export function textContainsTerm(text: string, term: string, caseSensitive: boolean): boolean {
  if (term === "*" || term === "") return true;
  return termRegExp(term, caseSensitive, "term").test(text);
}

/**
 * TERM(x): `x` must be one whole indexed token, bounded by major breakers only (S5, "Use CASE() and
 * TERM() to match phrases"): TERM(127.0.0.1) matches `ip 127.0.0.1 x` but not `ip=127.0.0.1`, where
 * `=` is a minor breaker and the token is `ip=127.0.0.1`.
 */
export function textContainsToken(text: string, term: string, caseSensitive: boolean): boolean {
  if (term === "*" || term === "") return true;
  return termRegExp(term, caseSensitive, "token").test(text);
}
