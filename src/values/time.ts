/**
 * Splunk time handling: strftime/strptime format variables, relative time modifiers,
 * search earliest=/latest= values, _time rendering and props.conf timestamp extraction.
 *
 * Epochs are seconds (JS numbers, possibly fractional). Zones are IANA names (default "UTC").
 * Sources: Splunk Search Reference "Date and time format variables" (Commontimeformatvariables),
 * Search Manual "Specify time modifiers in your search", props.conf spec, and
 * /work/shared/reference/spl-semantics.md (4.4, Example 4.F, 6.6, 8.7, Q21).
 */
import {
  SECONDS_PER_DAY, ZONE_ABBREVIATIONS, abbreviationAt, civilFromDays, daysFromCivil, fixedZone,
  formatOffset, isKnownZone, localToEpoch, offsetAt, resolveZone, type Zone,
} from "./timezone.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * Composite variables. %c and %+ follow the documented examples ("Thu Jul 18 09:30:00 2019",
 * "... PDT 2019"); %x and %X follow the documented US-English examples "7/13/2019" and "9:30:00"
 * (unpadded month/day/hour); %D, %R, %r, %T, %F are the C/POSIX meanings.
 */
const COMPOSITE: Readonly<Record<string, string>> = {
  T: "%H:%M:%S", F: "%Y-%m-%d", D: "%m/%d/%y", R: "%H:%M", r: "%I:%M:%S %p",
  c: "%a %b %e %H:%M:%S %Y", "+": "%a %b %e %H:%M:%S %Z %Y", x: "%-m/%-d/%Y", X: "%-H:%M:%S",
};

/** An instant broken down into local calendar fields. */
interface Broken {
  secs: number; days: number; y: number; m: number; d: number; H: number; M: number; S: number;
  wday: number; yday: number; offset: number; frac: string; zone: Zone;
}

const pad = (n: number, w: number, c = "0"): string => String(n).padStart(w, c);
const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Nine sub-second digits; taken from the shortest decimal form so 0.123 gives "123000000". */
function fractionDigits(epoch: number): string {
  if (Number.isInteger(epoch)) return "000000000";
  const m = epoch > 0 ? /^\d+\.(\d+)$/.exec(String(epoch)) : null;
  if (m?.[1] !== undefined) return (m[1] + "000000000").slice(0, 9);
  const f = Math.min(999999999, Math.round((epoch - Math.floor(epoch)) * 1e9));
  return pad(f, 9);
}

function breakDown(epoch: number, zone: Zone): Broken {
  const secs = Math.floor(epoch);
  const offset = offsetAt(zone, secs);
  const local = secs + offset;
  const days = Math.floor(local / SECONDS_PER_DAY);
  const sod = local - days * SECONDS_PER_DAY;
  const { y, m, d } = civilFromDays(days);
  return {
    secs, days, y, m, d, H: Math.floor(sod / 3600), M: Math.floor((sod % 3600) / 60), S: sod % 60,
    wday: mod(days + 4, 7), yday: days - daysFromCivil(y, 1, 1), offset, frac: fractionDigits(epoch), zone,
  };
}

/** ISO 8601 week number and week-based year. */
function isoWeek(b: Broken): { week: number; year: number } {
  const thursday = b.days - mod(b.wday + 6, 7) + 3;
  const { y } = civilFromDays(thursday);
  return { week: Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1, year: y };
}

const hour12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);
const name = (list: readonly string[], i: number): string => list[i] ?? "";
const subsecond = (b: Broken, w: number): string => b.frac.slice(0, Math.min(9, Math.max(1, w)));

function convert(c: string, b: Broken, colons: number, width: number | null): string | null {
  switch (c) {
    case "Y": return String(b.y);
    case "y": return pad(mod(b.y, 100), 2);
    case "C": return pad(Math.floor(b.y / 100), 2);
    case "G": return String(isoWeek(b).year);
    case "g": return pad(mod(isoWeek(b).year, 100), 2);
    case "m": return pad(b.m, 2);
    case "d": return pad(b.d, 2);
    case "e": return pad(b.d, 2, " ");
    case "j": return pad(b.yday + 1, 3);
    case "H": return pad(b.H, 2);
    case "k": return pad(b.H, 2, " ");
    case "I": return pad(hour12(b.H), 2);
    case "l": return pad(hour12(b.H), 2, " ");
    case "M": return pad(b.M, 2);
    case "S": return pad(b.S, 2);
    case "p": return b.H < 12 ? "AM" : "PM";
    case "a": return name(WEEKDAYS, b.wday).slice(0, 3);
    case "A": return name(WEEKDAYS, b.wday);
    case "b": case "h": return name(MONTHS, b.m - 1).slice(0, 3);
    case "B": return name(MONTHS, b.m - 1);
    case "u": return String(b.wday === 0 ? 7 : b.wday);
    case "w": return String(b.wday);
    case "U": return pad(Math.floor((b.yday + 7 - b.wday) / 7), 2);
    case "W": return pad(Math.floor((b.yday + 7 - mod(b.wday + 6, 7)) / 7), 2);
    case "V": return pad(isoWeek(b).week, 2);
    case "Z": return abbreviationAt(b.zone, b.secs);
    case "z": return formatOffset(b.offset, colons);
    case "s": return String(b.secs);
    case "N": return subsecond(b, width ?? 9);
    case "Q": return subsecond(b, width ?? 3);
    case "f": return subsecond(b, 6);
    case "n": return "\n";
    case "t": return "\t";
    case "%": return "%";
    default: {
      const composite = COMPOSITE[c];
      return composite === undefined ? null : render(composite, b);
    }
  }
}

/** One %-directive: optional GNU flag (-, _, 0), colons (%:z), width (%3N), conversion char. */
interface Directive { flag: string; colons: number; width: number | null; conv: string; end: number }

function readDirective(format: string, i: number): Directive | null {
  const m = /^%([-_0^#]?)(:{0,3})(\d*)([\s\S])/.exec(format.slice(i, i + 8));
  if (!m || m[4] === undefined) return null;
  return { flag: m[1] ?? "", colons: (m[2] ?? "").length, width: m[3] ? Number(m[3]) : null, conv: m[4], end: i + m[0].length };
}

function render(format: string, b: Broken): string {
  let out = "";
  let i = 0;
  while (i < format.length) {
    const ch = format.charAt(i);
    const dir = ch === "%" ? readDirective(format, i) : null;
    if (dir === null) {
      out += ch;
      i += 1;
      continue;
    }
    let r = convert(dir.conv, b, dir.colons, dir.width);
    if (r === null) r = format.slice(i, dir.end);
    else if (dir.flag === "-" && /^[ 0-9]+$/.test(r) && !"NQf".includes(dir.conv)) r = String(Number(r));
    out += r;
    i = dir.end;
  }
  return out;
}

/** Formats an epoch (seconds) in a zone; unknown variables are copied literally; "" for NaN/Infinity. */
export function strftime(epoch: number, format: string, tz?: string): string {
  if (!Number.isFinite(epoch)) return "";
  return render(format, breakDown(epoch, resolveZone(tz)));
}

/** Splunk REST/CSV/JSON export form, e.g. 2021-07-20T10:11:12.000+00:00 (milliseconds always). */
export function formatTimeIso(epoch: number, tz?: string): string {
  return strftime(epoch, "%Y-%m-%dT%H:%M:%S.%3N%:z", tz);
}

/** Splunk Web table form, e.g. 2021-07-20 10:11:12 (.mmm only when the epoch has a fraction). */
export function formatTimeTable(epoch: number, tz?: string): string {
  return strftime(epoch, Number.isInteger(epoch) ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M:%S.%3N", tz);
}

// ---------------------------------------------------------------- strptime

interface Fields {
  year?: number; yy?: number; month?: number; day?: number; yday?: number;
  hour?: number; minute?: number; second?: number; h12: boolean; pm: boolean;
  frac: number; zone?: Zone; epoch?: number;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

function skipSpaces(text: string, pos: number): number {
  while (isSpace(text[pos])) pos++;
  return pos;
}

/** Reads 1..maxDigits digits (leading blanks skipped, as glibc does) within [lo, hi]. */
function readInt(text: string, pos: number, maxDigits: number, lo: number, hi: number): [number, number] | null {
  const start = skipSpaces(text, pos);
  let end = start;
  while (end - start < maxDigits && isDigit(text[end])) end++;
  if (end === start) return null;
  const v = Number(text.slice(start, end));
  return v < lo || v > hi ? null : [v, end];
}

/** Matches a full or three-letter name, case-insensitively; returns [index, end]. */
function readName(text: string, pos: number, names: readonly string[]): [number, number] | null {
  const rest = text.slice(pos, pos + 12).toLowerCase();
  for (const len of [0, 3]) {
    for (let i = 0; i < names.length; i++) {
      const n = name(names, i).toLowerCase();
      const want = len === 0 ? n : n.slice(0, 3);
      if (rest.startsWith(want)) return [i, pos + want.length];
    }
  }
  return null;
}

/** Numeric offset "+hh", "+hhmm", "+hh:mm" (optionally ":ss"); returns [seconds east, end]. */
function readOffset(text: string, pos: number): [number, number] | null {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?/.exec(text.slice(pos, pos + 12));
  if (!m) return null;
  const [h, mi, s] = [Number(m[2]), Number(m[3] ?? "0"), Number(m[4] ?? "0")];
  if (h > 24 || mi > 59 || s > 59) return null;
  return [(m[1] === "-" ? -1 : 1) * (h * 3600 + mi * 60 + s), pos + m[0].length];
}

/** %Z: "Z", "UTC", "GMT", abbreviations (EST, CEST, ...), numeric offsets (optionally after GMT/UTC), IANA names. */
function readZone(text: string, pos: number): [Zone, number] | null {
  const rest = text.slice(pos);
  const prefix = /^(?:GMT|UTC|UT)(?=[+-]\d)/i.exec(rest)?.[0].length ?? 0;
  const off = readOffset(text, pos + prefix);
  if (off) return [fixedZone(off[0]), off[1]];
  const iana = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+/.exec(rest)?.[0];
  if (iana !== undefined && isKnownZone(iana)) return [resolveZone(iana), pos + iana.length];
  const word = /^[A-Za-z]+/.exec(rest)?.[0];
  const abbr = word === undefined ? undefined : ZONE_ABBREVIATIONS.get(word.toUpperCase());
  if (word === undefined || abbr === undefined) return null;
  return [fixedZone(abbr, word.toUpperCase()), pos + word.length];
}

const UTC_ZONE = fixedZone(0);

/** Sub-second digits: up to `width` digits read as a decimal fraction. */
function readFraction(text: string, pos: number, width: number, f: Fields): number {
  let end = pos;
  while (end - pos < width && isDigit(text[end])) end++;
  if (end === pos) return -1;
  f.frac = Number(`0.${text.slice(pos, end)}`);
  return end;
}

/** A format, read once: literal characters, blanks and directives (strptime runs once per event). */
type FormatToken = { readonly kind: "char"; readonly ch: string } | { readonly kind: "space" } | { readonly kind: "dir"; readonly dir: Directive } | { readonly kind: "bad" };

const compiledFormats = new Map<string, readonly FormatToken[]>();

function compileFormat(format: string): readonly FormatToken[] {
  let tokens = compiledFormats.get(format);
  if (tokens) return tokens;
  const out: FormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format.charAt(i);
    if (ch !== "%") {
      out.push(isSpace(ch) ? { kind: "space" } : { kind: "char", ch });
      i++;
      continue;
    }
    const dir = readDirective(format, i);
    if (dir === null) {
      out.push({ kind: "bad" });
      break;
    }
    out.push({ kind: "dir", dir });
    i = dir.end;
  }
  tokens = out;
  if (compiledFormats.size > 1000) compiledFormats.clear();
  compiledFormats.set(format, tokens);
  return tokens;
}

/** Parses `text` from `pos` against `format`; returns the end position or -1. */
function parseInto(text: string, pos: number, format: string, f: Fields): number {
  for (const t of compileFormat(format)) {
    if (t.kind === "char") {
      if (text[pos] !== t.ch) return -1;
      pos++;
    } else if (t.kind === "space") pos = skipSpaces(text, pos);
    else if (t.kind === "dir") {
      pos = parseOne(text, pos, t.dir, f);
      if (pos < 0) return -1;
    } else return -1;
  }
  return pos;
}

function setNum(r: [number, number] | null, set: (v: number) => void): number {
  if (r === null) return -1;
  set(r[0]);
  return r[1];
}

function parseOne(text: string, pos: number, dir: Directive, f: Fields): number {
  switch (dir.conv) {
    case "Y": {
      const neg = text[pos] === "-" ? 1 : 0;
      return setNum(readInt(text, pos + neg, 4, 0, 9999), (v) => (f.year = neg ? -v : v));
    }
    case "y": return setNum(readInt(text, pos, 2, 0, 99), (v) => (f.yy = v));
    case "m": return setNum(readInt(text, pos, 2, 1, 12), (v) => (f.month = v));
    case "d": case "e": return setNum(readInt(text, pos, 2, 1, 31), (v) => (f.day = v));
    case "j": return setNum(readInt(text, pos, 3, 1, 366), (v) => (f.yday = v));
    case "H": case "k": return setNum(readInt(text, pos, 2, 0, 23), (v) => ((f.hour = v), (f.h12 = false)));
    case "I": case "l": return setNum(readInt(text, pos, 2, 1, 12), (v) => ((f.hour = v), (f.h12 = true)));
    case "M": return setNum(readInt(text, pos, 2, 0, 59), (v) => (f.minute = v));
    case "S": return setNum(readInt(text, pos, 2, 0, 60), (v) => (f.second = v));
    case "U": case "W": case "V": return setNum(readInt(text, pos, 2, 0, 53), () => undefined);
    case "w": return setNum(readInt(text, pos, 1, 0, 6), () => undefined);
    case "u": return setNum(readInt(text, pos, 1, 1, 7), () => undefined);
    case "a": case "A": return setNum(readName(text, pos, WEEKDAYS), () => undefined);
    case "b": case "B": case "h": return setNum(readName(text, pos, MONTHS), (v) => (f.month = v + 1));
    case "p": {
      const ap = /^(AM|PM)/i.exec(text.slice(pos, pos + 2))?.[0];
      if (ap === undefined) return -1;
      f.pm = ap.toUpperCase() === "PM";
      return pos + 2;
    }
    case "s": {
      // At most 10 digits so that "%s%3N" reads 13-digit epoch milliseconds.
      const neg = text[pos] === "-" ? 1 : 0;
      return setNum(readInt(text, pos + neg, 10, 0, 9999999999), (v) => (f.epoch = neg ? -v : v));
    }
    case "N": return readFraction(text, pos, dir.width ?? 9, f);
    case "Q": return readFraction(text, pos, dir.width ?? 3, f);
    case "f": return readFraction(text, pos, 6, f);
    case "z": {
      if (text[pos] === "Z" || text[pos] === "z") {
        f.zone = fixedZone(0);
        return pos + 1;
      }
      return setNum(readOffset(text, pos), (v) => (f.zone = fixedZone(v)));
    }
    case "Z": {
      // The common case first: "Z" for UTC, as in ISO 8601 (CloudTrail's eventTime).
      if (text[pos] === "Z" && !/[A-Za-z]/.test(text[pos + 1] ?? "")) {
        f.zone = UTC_ZONE;
        return pos + 1;
      }
      const z = readZone(text, pos);
      if (z === null) return -1;
      f.zone = z[0];
      return z[1];
    }
    case "n": case "t": return skipSpaces(text, pos);
    case "%": return text[pos] === "%" ? pos + 1 : -1;
    default: {
      const composite = COMPOSITE[dir.conv];
      return composite === undefined ? -1 : parseInto(text, pos, composite, f);
    }
  }
}

function assemble(f: Fields, zone: Zone): number {
  if (f.epoch !== undefined) return f.epoch + f.frac;
  const year = f.year ?? (f.yy === undefined ? 1970 : f.yy < 69 ? 2000 + f.yy : 1900 + f.yy);
  let hour = f.hour ?? 0;
  if (f.h12) hour = (hour % 12) + (f.pm ? 12 : 0);
  const byYday = f.month === undefined && f.day === undefined && f.yday !== undefined;
  const month = byYday ? 1 : f.month ?? 1;
  const day = byYday ? f.yday ?? 1 : f.day ?? 1;
  return localToEpoch(f.zone ?? zone, year, month, day, hour, f.minute ?? 0, f.second ?? 0) + f.frac;
}

function strptimeAt(text: string, format: string, tz: string | undefined, whole: boolean): number | null {
  const zone = resolveZone(tz);
  const f: Fields = { h12: false, pm: false, frac: 0 };
  const end = parseInto(text, 0, format, f);
  if (end < 0 || (whole && end !== text.length)) return null;
  return assemble(f, zone);
}

/**
 * Parses text to epoch seconds, or null when it does not match. Literal characters must match
 * exactly (a blank in the format matches any run of blanks); text after the format is ignored;
 * missing fields default to 1970-01-01 00:00:00; a zone in the text (%z, %Z) wins over `tz`.
 */
export function strptime(text: string, format: string, tz?: string): number | null {
  return strptimeAt(text, format, tz, false);
}

// ---------------------------------------------------------------- relative time

type Unit = "s" | "m" | "h" | "d" | "w" | "mon" | "q" | "y";

const UNITS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  ...["s", "sec", "secs", "second", "seconds"].map((k): [string, Unit] => [k, "s"]),
  ...["m", "min", "mins", "minute", "minutes"].map((k): [string, Unit] => [k, "m"]),
  ...["h", "hr", "hrs", "hour", "hours"].map((k): [string, Unit] => [k, "h"]),
  ...["d", "day", "days"].map((k): [string, Unit] => [k, "d"]),
  ...["w", "week", "weeks"].map((k): [string, Unit] => [k, "w"]),
  ...["mon", "month", "months"].map((k): [string, Unit] => [k, "mon"]),
  ...["q", "qtr", "qtrs", "quarter", "quarters"].map((k): [string, Unit] => [k, "q"]),
  ...["y", "yr", "yrs", "year", "years"].map((k): [string, Unit] => [k, "y"]),
]);

const SECONDS_OF: Partial<Record<Unit, number>> = { s: 1, m: 60, h: 3600 };
const MONTHS_OF: Partial<Record<Unit, number>> = { mon: 1, q: 3, y: 12 };

/** Offsets: s/m/h are exact seconds; d/w/mon/q/y move the local calendar (mktime-style overflow). */
function applyOffset(t: number, n: number, unit: Unit, zone: Zone): number {
  const secs = SECONDS_OF[unit];
  if (secs !== undefined) return t + n * secs;
  const b = breakDown(t, zone);
  const frac = t - Math.floor(t);
  const days = unit === "d" ? n : unit === "w" ? 7 * n : 0;
  const months = (MONTHS_OF[unit] ?? 0) * n;
  return localToEpoch(zone, b.y, b.m + months, b.d + days, b.H, b.M, b.S) + frac;
}

/** Snaps down to the start of the unit in local time; weekday = 0..6 for @w0..@w6 (@w7 = @w0). */
function snap(t: number, unit: Unit, weekday: number, zone: Zone): number {
  const secs = Math.floor(t);
  if (unit === "s") return secs;
  if (unit === "m" || unit === "h") {
    const size = unit === "m" ? 60 : 3600;
    const off = offsetAt(zone, secs);
    return secs - mod(secs + off, size);
  }
  const b = breakDown(secs, zone);
  switch (unit) {
    case "d": return localToEpoch(zone, b.y, b.m, b.d, 0, 0, 0);
    case "w": return localToEpoch(zone, b.y, b.m, b.d - mod(b.wday - weekday, 7), 0, 0, 0);
    case "mon": return localToEpoch(zone, b.y, b.m, 1, 0, 0, 0);
    case "q": return localToEpoch(zone, b.y, b.m - mod(b.m - 1, 3), 1, 0, 0, 0);
    default: return localToEpoch(zone, b.y, 1, 1, 0, 0, 0);
  }
}

/**
 * Applies a Splunk relative time modifier to `epoch` in zone `tz`: a chain of offsets
 * ("[+|-]<int><unit>", integer defaults to 1) and snaps ("@<unit>", "@w0".."@w7"), evaluated left
 * to right ("-1d@d", "@d-2h", "-mon@mon+7d"); "now" returns epoch; an unsigned number is an
 * absolute epoch ("0" = 1970). Returns null when the modifier is malformed.
 */
export function relativeTime(epoch: number, modifier: string, tz?: string): number | null {
  const text = modifier.trim();
  if (!Number.isFinite(epoch) || text === "") return null;
  if (text.toLowerCase() === "now") return epoch;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const zone = resolveZone(tz);
  const token = /([+-])(\d*)([A-Za-z]+)|@([A-Za-z]+)(\d?)/y;
  let t = epoch;
  let pos = 0;
  while (pos < text.length) {
    token.lastIndex = pos;
    const m = token.exec(text);
    if (!m) return null;
    pos = token.lastIndex;
    if (m[1] !== undefined) {
      const unit = UNITS.get((m[3] ?? "").toLowerCase());
      if (unit === undefined) return null;
      const n = m[2] ? Number(m[2]) : 1;
      t = applyOffset(t, m[1] === "-" ? -n : n, unit, zone);
    } else {
      const unit = UNITS.get((m[4] ?? "").toLowerCase());
      const digit = m[5] ?? "";
      if (unit === undefined || (digit !== "" && (unit !== "w" || Number(digit) > 7))) return null;
      t = snap(t, unit, digit === "" ? 0 : Number(digit) % 7, zone);
    }
  }
  return t;
}

/**
 * Value of search earliest=/latest=: "now", epoch digits, Splunk's absolute "%m/%d/%Y:%H:%M:%S"
 * (whole text must match, local to tz), or a relative modifier applied to `now`; null if malformed.
 */
export function parseTimeModifier(text: string, now: number, tz?: string): number | null {
  const s = text.trim();
  if (/^\d{1,2}\/\d{1,2}\/\d{4}:/.test(s)) return strptimeAt(s, "%m/%d/%Y:%H:%M:%S", tz, true);
  return relativeTime(now, s, tz);
}

// ---------------------------------------------------------------- props.conf timestamps

/** props.conf TIME_PREFIX / TIME_FORMAT / MAX_TIMESTAMP_LOOKAHEAD / TZ. */
export interface TimestampRule {
  timePrefix?: RegExp;
  timeFormat: string;
  /** Characters after the prefix that may hold the timestamp; default 128; 0 or -1 = no limit. */
  maxLookahead?: number;
  tz?: string;
}

/**
 * Extracts an event timestamp: the timestamp must start right after the first TIME_PREFIX match
 * (or at the start of raw), only maxLookahead characters are considered, and it is parsed with
 * TIME_FORMAT (trailing text ignored). Null when the prefix is absent or the text does not parse.
 */
export function parseTimestampWithPrefix(raw: string, rule: TimestampRule): number | null {
  let start = 0;
  if (rule.timePrefix !== undefined) {
    // A stateless (non-global) copy, so that exec always searches from the start; made once per rule.
    const re = /[gy]/.test(rule.timePrefix.flags) ? new RegExp(rule.timePrefix.source, rule.timePrefix.flags.replace(/[gy]/g, "")) : rule.timePrefix;
    const m = re.exec(raw);
    if (!m) return null;
    start = m.index + m[0].length;
  }
  const look = rule.maxLookahead ?? 128;
  const window = look > 0 ? raw.slice(start, start + look) : raw.slice(start);
  return strptime(window, rule.timeFormat, rule.tz);
}
