/**
 * Time-zone and calendar primitives for Splunk time handling (see time.ts).
 *
 * Epoch values are seconds. Civil (calendar) arithmetic uses the proleptic Gregorian
 * calendar via Howard Hinnant's days-from-civil algorithms, so it works for any year;
 * zone offsets come from Intl.DateTimeFormat (IANA tz database), with cached formatters.
 */

export const SECONDS_PER_DAY = 86400;

/** A resolved time zone: either a fixed UTC offset or an IANA zone read through Intl. */
export interface Zone {
  readonly id: string;
  /** Offset in seconds east of UTC when the zone never changes offset. */
  readonly fixed: number | null;
  /** Abbreviation printed by %Z for a fixed zone. */
  readonly fixedAbbr: string;
}

const UTC_NAMES = new Set(["UTC", "ETC/UTC", "UCT", "ETC/UCT", "Z", "ZULU", "ETC/ZULU", "UNIVERSAL", "ETC/UNIVERSAL"]);
const GMT_NAMES = new Set(["GMT", "ETC/GMT", "GMT0", "ETC/GMT0", "GMT+0", "GMT-0", "ETC/GMT+0", "ETC/GMT-0", "UT", "GREENWICH", "ETC/GREENWICH"]);

/** Days since 1970-01-01 of a civil date; month and day may overflow (mktime-style normalisation). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y0 = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day count since 1970-01-01. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Parses a numeric UTC offset such as "+05:30", "-0800", "+05", "+05:30:15"; seconds east of UTC. */
export function parseOffset(text: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? "0");
  const s = Number(m[4] ?? "0");
  if (h > 24 || min > 59 || s > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (h * 3600 + min * 60 + s);
}

/** Formats an offset as +hhmm (colons=0), +hh:mm (1) or +hh:mm:ss (2). */
export function formatOffset(offset: number, colons = 0): string {
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, "0");
  const mm = String(Math.floor((a % 3600) / 60)).padStart(2, "0");
  const ss = String(a % 60).padStart(2, "0");
  if (colons >= 2) return `${sign}${hh}:${mm}:${ss}`;
  return colons === 1 ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/** A zone with a constant offset (seconds east of UTC). */
export function fixedZone(offset: number, abbr?: string): Zone {
  const a = abbr ?? (offset === 0 ? "UTC" : tzdbNumericAbbr(offset));
  return { id: a, fixed: offset, fixedAbbr: a };
}

/** tz database style numeric abbreviation: "+05", "+0530", "-0330". */
function tzdbNumericAbbr(offset: number): string {
  const s = formatOffset(offset);
  return s.endsWith("00") ? s.slice(0, 3) : s;
}

const zoneCache = new Map<string, Zone>();
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Resolves a zone name: undefined/"UTC" (default), "GMT", a numeric offset ("+05:30"), or any
 * IANA name Intl accepts. Throws RangeError for an unknown zone (a configuration error).
 */
export function resolveZone(tz?: string): Zone {
  const key = tz === undefined || tz.trim() === "" ? "UTC" : tz.trim();
  const hit = zoneCache.get(key);
  if (hit) return hit;
  const upper = key.toUpperCase();
  let zone: Zone;
  const off = parseOffset(key);
  if (UTC_NAMES.has(upper)) zone = fixedZone(0, "UTC");
  else if (GMT_NAMES.has(upper)) zone = fixedZone(0, "GMT");
  else if (off !== null) zone = fixedZone(off);
  else {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: key, hourCycle: "h23", era: "short", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    partsFormatters.set(key, fmt);
    zone = { id: key, fixed: null, fixedAbbr: "" };
  }
  zoneCache.set(key, zone);
  return zone;
}

const MAX_INTL_SECONDS = 8.64e12;

/** Offset of the zone (seconds east of UTC) at an instant. */
export function offsetAt(zone: Zone, epoch: number): number {
  if (zone.fixed !== null) return zone.fixed;
  const secs = Math.min(MAX_INTL_SECONDS, Math.max(-MAX_INTL_SECONDS, Math.floor(epoch)));
  let cache = offsetCache.get(zone.id);
  if (!cache) offsetCache.set(zone.id, (cache = new Map()));
  const cached = cache.get(secs);
  if (cached !== undefined) return cached;
  const fmt = partsFormatters.get(zone.id);
  if (!fmt) throw new RangeError(`unknown time zone ${zone.id}`);
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(new Date(secs * 1000))) p[part.type] = part.value;
  const yearNum = Number(p["year"]);
  const year = p["era"] === "BC" || p["era"] === "B" ? 1 - yearNum : yearNum;
  const local = daysFromCivil(year, Number(p["month"]), Number(p["day"])) * SECONDS_PER_DAY
    + Number(p["hour"]) * 3600 + Number(p["minute"]) * 60 + Number(p["second"]);
  const offset = local - secs;
  if (cache.size > 20000) cache.clear();
  cache.set(secs, offset);
  return offset;
}

const ABBREVIATION_LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"];

function shortName(zone: Zone, locale: string, epoch: number): string {
  const key = `${locale}|${zone.id}`;
  let fmt = nameFormatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: "short" });
    nameFormatters.set(key, fmt);
  }
  const secs = Math.min(MAX_INTL_SECONDS, Math.max(-MAX_INTL_SECONDS, Math.floor(epoch)));
  return fmt.formatToParts(new Date(secs * 1000)).find((x) => x.type === "timeZoneName")?.value ?? "";
}

/**
 * %Z abbreviation. Intl has no tz-database abbreviations, so: the first English short name that
 * is not "GMT+n" - en-US ("EST", "PDT", "UTC"), en-GB ("BST", "CET"), en-CA ("NST"), en-AU
 * ("AEST", "NZDT"), en-IN ("IST") - else a tzdb-style numeric one ("+09", "+0530").
 */
export function abbreviationAt(zone: Zone, epoch: number): string {
  if (zone.fixed !== null) return zone.fixedAbbr;
  for (const locale of ABBREVIATION_LOCALES) {
    const name = shortName(zone, locale, epoch);
    if (name !== "" && !/^(GMT|UTC)[+\-\u2212]/.test(name)) return name;
  }
  return tzdbNumericAbbr(offsetAt(zone, epoch));
}

/**
 * Epoch of a local wall-clock time in a zone (fields may overflow, as with C mktime).
 * Ambiguous times (DST fall-back) take the earlier instant; skipped times (spring-forward gap)
 * are pushed forward by the gap length - the "compatible" disambiguation of Temporal/RFC 5545.
 */
export function localToEpoch(zone: Zone, y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const naive = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s;
  if (zone.fixed !== null) return naive - zone.fixed;
  const before = offsetAt(zone, naive - SECONDS_PER_DAY);
  const after = offsetAt(zone, naive + SECONDS_PER_DAY);
  const t1 = naive - before;
  const t2 = naive - after;
  const ok1 = offsetAt(zone, t1) === before;
  const ok2 = offsetAt(zone, t2) === after;
  if (ok1 && ok2) return Math.min(t1, t2);
  if (ok1) return t1;
  if (ok2) return t2;
  return t1;
}

/** Zone abbreviations accepted by strptime %Z, with their offsets (seconds east of UTC). */
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, number> = new Map<string, number>([
  ["Z", 0], ["UTC", 0], ["GMT", 0], ["UT", 0], ["WET", 0],
  ["BST", 3600], ["CET", 3600], ["WEST", 3600], ["MET", 3600],
  ["CEST", 7200], ["EET", 7200], ["MEST", 7200], ["SAST", 7200],
  ["EEST", 10800], ["MSK", 10800], ["IST", 19800], ["SGT", 28800], ["HKT", 28800],
  ["JST", 32400], ["KST", 32400], ["AEST", 36000], ["AEDT", 39600], ["NZST", 43200], ["NZDT", 46800],
  ["NST", -12600], ["NDT", -9000], ["AST", -14400], ["ADT", -10800],
  ["EST", -18000], ["EDT", -14400], ["CST", -21600], ["CDT", -18000],
  ["MST", -25200], ["MDT", -21600], ["PST", -28800], ["PDT", -25200],
  ["AKST", -32400], ["AKDT", -28800], ["HST", -36000],
]);

/** True when Intl knows the IANA zone name. */
export function isKnownZone(name: string): boolean {
  try {
    resolveZone(name);
    return true;
  } catch {
    return false;
  }
}
