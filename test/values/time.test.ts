import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  formatTimeIso, formatTimeTable, parseTimeModifier, parseTimestampWithPrefix, relativeTime, strftime, strptime,
} from "../../src/values/time.js";

// Sources cited per case:
//   SEM   = /work/shared/reference/spl-semantics.md (section / example number)
//   FMT   = Splunk Search Reference "Date and time format variables" (Commontimeformatvariables)
//   MOD   = Splunk Search Manual "Specify time modifiers in your search"
//   PROPS = props.conf spec (TIME_PREFIX, MAX_TIMESTAMP_LOOKAHEAD default 128, TIME_FORMAT)
//   GNU   = C/POSIX meaning; expected strings produced with GNU `date -u -d @1720105445 +<fmt>`
//   CHOICE = Splunk is silent or unclear; behaviour chosen here (see the test name)

const T0 = 1705312800; // Mon 2024-01-15 10:00:00 UTC (SEM Example 4.F)
const T1 = 1720105445.123456; // Thu 2024-07-04 15:04:05.123456 UTC
const NY = "America/New_York";

describe("strftime: SEM Example 4.F (user timezone UTC)", () => {
  const cases: [string, string][] = [
    ["%Y-%m-%d %H:%M:%S %z", "2024-01-15 10:00:00 +0000"],
    ["%Y-%m-%dT%H:%M:%S.%3N%Z", "2024-01-15T10:00:00.000UTC"],
    ["%s", "1705312800"],
  ];
  it.each(cases)("strftime(_time, %j)", (fmt, want) => {
    expect(strftime(T0, fmt)).toBe(want);
  });
  it("strptime(eventTime, \"%Y-%m-%dT%H:%M:%S%Z\") = 1705312800", () => {
    expect(strptime("2024-01-15T10:00:00Z", "%Y-%m-%dT%H:%M:%S%Z")).toBe(1705312800);
  });
  it("relative_time(_time, \"-1d@d\") = 1705190400 (2024-01-14 00:00:00)", () => {
    expect(relativeTime(T0, "-1d@d")).toBe(1705190400);
  });
});

describe("strftime: every format variable at Thu 2024-07-04 15:04:05.123456 UTC", () => {
  const cases: [string, string, string][] = [
    ["%Y", "2024", "FMT"], ["%y", "24", "FMT"], ["%m", "07", "FMT"], ["%d", "04", "FMT"],
    ["%e", " 4", "FMT (%e: leading zero replaced by a space)"], ["%H", "15", "FMT"], ["%I", "03", "FMT"],
    ["%k", "15", "FMT"], ["%l", " 3", "GNU"], ["%M", "04", "FMT"], ["%S", "05", "FMT"], ["%p", "PM", "FMT"],
    ["%b", "Jul", "FMT"], ["%B", "July", "FMT"], ["%h", "Jul", "GNU"], ["%a", "Thu", "FMT"],
    ["%A", "Thursday", "FMT"], ["%j", "186", "FMT"], ["%U", "26", "GNU (%U: weeks start Sunday, count from 0)"],
    ["%V", "27", "GNU (%V: ISO 8601 week, count from 1)"], ["%W", "27", "GNU"], ["%G", "2024", "GNU"],
    ["%g", "24", "GNU"], ["%C", "20", "GNU"], ["%w", "4", "FMT (0 = Sunday)"], ["%u", "4", "GNU (7 = Sunday)"],
    ["%Z", "UTC", "SEM Example 4.F / Q21 (UTC prints UTC)"], ["%z", "+0000", "FMT"], ["%:z", "+00:00", "FMT"],
    ["%::z", "+00:00:00", "FMT"], ["%s", "1720105445", "FMT"], ["%N", "123456000", "FMT (%N defaults to %9N)"],
    ["%3N", "123", "FMT"], ["%6N", "123456", "FMT"], ["%9N", "123456000", "FMT"],
    ["%Q", "123", "FMT (%Q defaults to milliseconds, %3Q)"], ["%6Q", "123456", "FMT"], ["%f", "123456", "FMT (microseconds)"],
    ["%T", "15:04:05", "FMT"], ["%F", "2024-07-04", "FMT"], ["%D", "07/04/24", "GNU"], ["%R", "15:04", "GNU"],
    ["%r", "03:04:05 PM", "GNU"], ["%c", "Thu Jul  4 15:04:05 2024", "FMT example 'Thu Jul 18 09:30:00 2019'"],
    ["%+", "Thu Jul  4 15:04:05 UTC 2024", "FMT example 'Thu Jul 18 09:30:00 PDT 2019'"],
    ["%x", "7/4/2024", "FMT example '7/13/2019' (CHOICE: GNU C locale would print 07/04/24)"],
    ["%X", "15:04:05", "FMT example '9:30:00' (unpadded hour)"], ["%%", "%", "FMT"], ["%n", "\n", "GNU"],
    ["%t", "\t", "GNU"], ["%q", "%q", "CHOICE: unknown variables are copied literally"],
  ];
  it.each(cases)("%s -> %j [%s]", (fmt, want) => {
    expect(strftime(T1, fmt)).toBe(want);
  });
  it("%X before 10 AM has no leading zero (FMT example 9:30:00)", () => {
    expect(strftime(Date.UTC(2019, 6, 18, 9, 30) / 1000, "%X|%x")).toBe("9:30:00|7/18/2019");
  });
  it("sub-second digits are truncated, not rounded (CHOICE)", () => {
    expect(strftime(1705312800.9999, "%3N")).toBe("999");
    expect(strftime(-0.25, "%Y-%m-%d %H:%M:%S.%3N")).toBe("1969-12-31 23:59:59.750");
  });
  it("non-finite epochs format as empty string (CHOICE)", () => {
    expect(strftime(Number.NaN, "%Y")).toBe("");
  });
});

describe("strftime: non-UTC zones (SEM 4.4: rendered in the user's timezone)", () => {
  const cases: [number, string, string, string][] = [
    [1710053999, NY, "2024-03-10 01:59:59 EST -0500", "last second before spring-forward"],
    [1710054000, NY, "2024-03-10 03:00:00 EDT -0400", "first second after spring-forward"],
    [1730613599, NY, "2024-11-03 01:59:59 EDT -0400", "last second before fall-back"],
    [1730613600, NY, "2024-11-03 01:00:00 EST -0500", "first second after fall-back"],
    [T0, "Europe/London", "2024-01-15 10:00:00 GMT +0000", "winter"],
    [1720105445, "Europe/London", "2024-07-04 16:04:05 BST +0100", "summer"],
    [1720105445, "Europe/Paris", "2024-07-04 17:04:05 CEST +0200", "summer"],
    [T0, "Asia/Kolkata", "2024-01-15 15:30:00 IST +0530", "half-hour offset"],
    [T0, "Asia/Tokyo", "2024-01-15 19:00:00 +09 +0900", "no English abbreviation in Intl: tzdb numeric form"],
    [1720105445, "Australia/Lord_Howe", "2024-07-05 01:34:05 LHST +1030", "30-minute DST; CLDR (en-AU) name"],
    [T0, "Pacific/Chatham", "2024-01-15 23:45:00 +1345 +1345", "+13:45"],
    [T0, "America/St_Johns", "2024-01-15 06:30:00 NST -0330", "-03:30"],
    [T0, "+05:30", "2024-01-15 15:30:00 +0530 +0530", "fixed numeric zone"],
    [T0, "GMT", "2024-01-15 10:00:00 GMT +0000", "GMT zone prints GMT"],
  ];
  it.each(cases)("%d in %s -> %s (%s)", (t, tz, want) => {
    expect(strftime(t, "%Y-%m-%d %H:%M:%S %Z %z", tz)).toBe(want);
  });
  it("unknown zone is a configuration error (RangeError)", () => {
    expect(() => strftime(T0, "%Y", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("_time rendering (SEM 6.6, Example 6.D, Example 8.D, Q21)", () => {
  it.each<[number, string | undefined, string, string]>([
    [T0, undefined, "2024-01-15 10:00:00", "Example 6.D / 8.D, user TZ UTC"],
    [T0, NY, "2024-01-15 05:00:00", "Example 8.D, US/Eastern user"],
    [1705312800.5, undefined, "2024-01-15 10:00:00.500", "6.6: milliseconds appended when sub-second"],
    [1705312800.123456, undefined, "2024-01-15 10:00:00.123", "6.6"],
  ])("formatTimeTable(%d, %s) = %s [%s]", (t, tz, want) => {
    expect(formatTimeTable(t, tz)).toBe(want);
  });
  it.each<[number, string | undefined, string, string]>([
    [T0, undefined, "2024-01-15T10:00:00.000+00:00", "6.6 export form"],
    [T0, NY, "2024-01-15T05:00:00.000-05:00", "6.6 with offset of the user zone"],
    [1626775872.25, undefined, "2021-07-20T10:11:12.250+00:00", "6.6"],
    [T0, "Asia/Kolkata", "2024-01-15T15:30:00.000+05:30", "6.6"],
  ])("formatTimeIso(%d, %s) = %s [%s]", (t, tz, want) => {
    expect(formatTimeIso(t, tz)).toBe(want);
  });
});

describe("strptime", () => {
  const F = "%Y-%m-%dT%H:%M:%S%Z"; // Splunk_TA_aws TIME_FORMAT (SEM 8.7)
  const cases: [string, string, string | undefined, number | null, string][] = [
    ["2024-01-15T10:00:00Z", F, undefined, 1705312800, "SEM 8.7 / Example 8.D"],
    ["2024-01-15T10:00:00Z", F, NY, 1705312800, "zone in text (Z) wins over tz"],
    ["2022-09-29 22:28:40", F, undefined, null, "literal T must match exactly"],
    ["2024-01-15T10:00:00.123Z", F, undefined, null, "CHOICE: %S takes no fraction, so %Z meets '.123Z' and fails"],
    ["2024-01-15T10:00:00.123Z", "%Y-%m-%dT%H:%M:%S.%3N%Z", undefined, 1705312800.123, "FMT %3N"],
    ["2024-01-15T10:00:00.123Z", "%Y-%m-%dT%H:%M:%S.%Q%Z", undefined, 1705312800.123, "FMT %Q"],
    ["2024-01-15T10:00:00.5Z", "%Y-%m-%dT%H:%M:%S.%N%Z", undefined, 1705312800.5, "FMT %N: digits are a decimal fraction"],
    ["2024-01-15T10:00:00.250000Z", "%Y-%m-%dT%H:%M:%S.%f%Z", undefined, 1705312800.25, "FMT %f"],
    ["2024-01-15 10:00:00 trailing text", "%Y-%m-%d %H:%M:%S", undefined, T0, "CHOICE: trailing text ignored (C strptime)"],
    ["2024-01-15T10:00:00Z", "%Y-%m-%dT%H:%M:%S", undefined, T0, "CHOICE: trailing zone ignored, tz default UTC"],
    ["2024-01-15 05:00:00", "%Y-%m-%d %H:%M:%S", NY, T0, "no zone in text: local to tz"],
    ["2024-01-15 15:30:00 +05:30", "%Y-%m-%d %H:%M:%S %z", undefined, T0, "FMT %z with colon"],
    ["2024-01-15 02:00:00 -0800", "%Y-%m-%d %H:%M:%S %z", undefined, T0, "FMT %z +hhmm"],
    ["2024-01-15 10:00:00 Z", "%F %T %z", undefined, T0, "GNU: %z accepts Z"],
    ["2024-01-15 05:00:00 EST", "%F %T %Z", undefined, T0, "FMT %Z abbreviation"],
    ["2024-01-15 10:00:00 GMT", "%F %T %Z", NY, T0, "FMT %Z GMT"],
    ["2024-01-15 10:00:00 UTC", "%F %T %Z", NY, T0, "FMT %Z UTC"],
    ["2024-01-15 15:30:00 +05:30", "%F %T %Z", NY, T0, "%Z numeric"],
    ["2024-01-15 12:00:00 GMT+02:00", "%F %T %Z", undefined, T0, "%Z GMT+hh:mm"],
    ["2024-01-15 05:00:00 America/New_York", "%F %T %Z", undefined, T0, "%Z IANA name"],
    ["2024-01-15 05:00:00 XYZ", "%F %T %Z", undefined, null, "%Z unknown abbreviation"],
    ["1705312800", "%s", NY, T0, "FMT %s"],
    ["1705312800123", "%s%3N", undefined, 1705312800.123, "PROPS epoch milliseconds idiom %s%3N"],
    ["1705312800.5", "%s.%N", undefined, 1705312800.5, "FMT %s with %N"],
    ["-86400", "%s", undefined, -86400, "negative epoch"],
    ["Jul 4 2024 03:04:05 PM", "%b %d %Y %I:%M:%S %p", undefined, 1720105445, "FMT %b %I %p"],
    ["Jul 4 2024 12:04:05 am", "%b %d %Y %I:%M:%S %p", undefined, 1720051445, "12 AM is 00 (case-insensitive)"],
    ["Thursday, July 04, 2024", "%A, %B %d, %Y", undefined, 1720051200, "FMT %A %B"],
    ["thu JULY  4 24", "%a %B %e %y", undefined, 1720051200, "names case-insensitive, %e, %y"],
    ["69-01-01", "%y-%m-%d", undefined, -31536000, "GNU %y pivot: 69 -> 1969"],
    ["68-01-01", "%y-%m-%d", undefined, 3092601600, "GNU %y pivot: 68 -> 2068"],
    ["2024 186 15:04:05", "%Y %j %T", undefined, 1720105445, "FMT %j sets the date"],
    ["7/4/2024 15:04:05", "%m/%d/%Y %H:%M:%S", undefined, 1720105445, "FMT: leading zeros accepted but not required"],
    ["Thu Jul  4 15:04:05 2024", "%c", undefined, 1720105445, "FMT %c"],
    ["07/04/24 15:04", "%D %R", undefined, 1720105440, "GNU %D %R"],
    ["2024-07-04 26 27 4 4", "%F %U %V %w %u", undefined, 1720051200, "week fields are read and ignored"],
    ["61", "%S", undefined, null, "%S out of range (0-60)"],
    ["50%", "%S%%", undefined, 50, "%% matches a literal percent"],
    ["2024-13-01", "%Y-%m-%d", undefined, null, "month out of range"],
    ["2024-02-30", "%Y-%m-%d", undefined, 1709251200, "CHOICE: day beyond month end normalised like mktime (Mar 1)"],
    ["12:30", "%H:%M", undefined, 45000, "CHOICE: missing date defaults to 1970-01-01"],
    ["2024-03-10 02:30:00", "%F %T", NY, 1710055800, "CHOICE: DST gap moves forward (03:30 EDT)"],
    ["2024-11-03 01:30:00", "%F %T", NY, 1730611800, "CHOICE: DST overlap takes the earlier (EDT) instant"],
    ["2024-01-15", "%Y-%m-%d %H", undefined, null, "text ends before format"],
    ["2024-01-15", "%Y-%m-%d%q", undefined, null, "unknown variable fails"],
  ];
  it.each(cases)("strptime(%j, %j, %s) = %s [%s]", (text, fmt, tz, want) => {
    const got = strptime(text, fmt, tz);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 6);
  });
});

describe("relativeTime (MOD; SEM 4.4 relative_time)", () => {
  const MON = T0; // Mon 2024-01-15 10:00 UTC
  const SUN = 1705244400; // Sun 2024-01-14 15:00 UTC
  const MAY = 1716206400; // Mon 2024-05-20 12:00 UTC
  const cases: [number, string, string | undefined, number | null, string][] = [
    [MON, "-1d@d", undefined, 1705190400, "SEM Example 4.F"],
    [MON, "@w0", undefined, 1705190400, "MOD: w0 = Sunday"],
    [MON, "@w", undefined, 1705190400, "MOD: @w is @w0"],
    [MON, "@week", undefined, 1705190400, "MOD: @week is @w0"],
    [MON, "@w7", undefined, 1705190400, "MOD: w7 is also Sunday"],
    [MON, "@w1", undefined, 1705276800, "MOD: w1 = Monday (today)"],
    [MON, "@w6", undefined, 1705104000, "MOD: w6 = Saturday"],
    [SUN, "@w0", undefined, 1705190400, "snap on a Sunday stays on that day"],
    [MON, "-1mon@mon", undefined, 1701388800, "MOD"],
    [MON, "@mon", undefined, 1704067200, "MOD"],
    [MAY, "@q", undefined, 1711929600, "MOD: most recent quarter start (Apr 1)"],
    [MAY, "@qtr", undefined, 1711929600, "MOD"],
    [MAY, "@y", undefined, 1704067200, "MOD"],
    [MON, "-30m@m", undefined, MON - 1800, "MOD"],
    [MON + 59, "@m", undefined, MON, "MOD snap down"],
    [MON + 3599, "@h", undefined, MON, "MOD: 11:59 snaps to 11:00"],
    [MON, "+1h", undefined, MON + 3600, "MOD"],
    [MON, "-24h", undefined, MON - 86400, "MOD"],
    [MON, "-h", undefined, MON - 3600, "MOD: integer defaults to 1"],
    [MON, "+0d", undefined, MON, "MOD"],
    [MON, "-7d@d", undefined, 1704672000, "MOD"],
    [MON, "-2w", undefined, MON - 14 * 86400, "MOD"],
    [MON, "-1q", undefined, 1697364000, "MOD: quarter = 3 months"],
    [MON, "-1y", undefined, 1673776800, "MOD"],
    [MON, "-60minutes", undefined, MON - 3600, "MOD: long unit names"],
    [MON, "-2hours", undefined, MON - 7200, "MOD"],
    [MON, "-90secs", undefined, MON - 90, "MOD"],
    [MON, "-3days", undefined, MON - 3 * 86400, "MOD"],
    [MON, "+1months", undefined, 1707991200, "MOD"],
    [MON, "-1yr", undefined, 1673776800, "MOD"],
    [MON, "@d-2h", undefined, 1705269600, "MOD: chained, snap then offset"],
    [MON, "-mon@mon+7d", undefined, 1701993600, "MOD: chained"],
    [MON, "now", undefined, MON, "MOD"],
    [MON, "0", undefined, 0, "MOD: 0 = start of epoch"],
    [MON, "1700000000", undefined, 1700000000, "MOD: absolute epoch"],
    [1705312800.5, "+1h", undefined, 1705316400.5, "fraction kept by offsets"],
    [1705312800.5, "@s", undefined, T0, "fraction dropped by snap"],
    [1711843200, "-1mon", undefined, 1709337600, "CHOICE: Mar 31 -1mon overflows to Mar 2 (mktime)"],
    [1710090000, "-1d", NY, 1710007200, "d is a calendar day across DST (23h)"],
    [1710090000, "-24h", NY, 1710003600, "h is exact seconds across DST"],
    [1710090000, "@d", NY, 1710046800, "@d snaps to local midnight"],
    [MON, "@d", "Asia/Kolkata", 1705257000, "@d in +05:30"],
    [MON, "@w1", NY, 1705294800, "@w1 local Monday midnight EST"],
    [MON, "", undefined, null, "malformed: empty"],
    [MON, "abc", undefined, null, "malformed"],
    [MON, "-1x", undefined, null, "malformed: unknown unit"],
    [MON, "-1d@", undefined, null, "malformed: empty snap"],
    [MON, "@w8", undefined, null, "malformed: w8"],
    [MON, "@d5", undefined, null, "malformed: digit on non-week snap"],
    [MON, "1d", undefined, null, "CHOICE: offset without sign is malformed"],
    [MON, "-5", undefined, null, "CHOICE: signed number without unit is malformed"],
    [MON, "rt-5m", undefined, null, "MOD: real-time modifiers not supported in search strings"],
  ];
  it.each(cases)("relativeTime(%d, %j, %s) = %s [%s]", (t, mod, tz, want) => {
    expect(relativeTime(t, mod, tz)).toBe(want);
  });
});

describe("parseTimeModifier (MOD: earliest=/latest=)", () => {
  const cases: [string, string | undefined, number | null, string][] = [
    ["now", undefined, T0, "MOD"],
    ["-24h", undefined, T0 - 86400, "MOD"],
    ["-1d@d", undefined, 1705190400, "MOD"],
    ["1", undefined, 1, "MOD: earliest=1 is epoch 1"],
    ["10/19/2009:0:0:0", undefined, 1255910400, "MOD absolute %m/%d/%Y:%H:%M:%S"],
    ["10/19/2009:00:00:00", NY, 1255924800, "MOD absolute, local to the user zone (EDT)"],
    ["10/27/2009:0:0:0x", undefined, null, "absolute must match the whole text"],
    ["10/19/2009", undefined, null, "CHOICE: date without time is malformed"],
    ["garbage", undefined, null, "malformed"],
  ];
  it.each(cases)("parseTimeModifier(%j, now, %s) = %s [%s]", (text, tz, want) => {
    expect(parseTimeModifier(text, T0, tz)).toBe(want);
  });
});

describe("parseTimestampWithPrefix (PROPS; SEM 8.7 Splunk_TA_aws [aws:cloudtrail])", () => {
  const ta = { timePrefix: /"eventTime"\s*:\s*"/, timeFormat: "%Y-%m-%dT%H:%M:%S%Z", maxLookahead: 28 };
  const raw = '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser"},"eventTime":"2024-01-15T10:00:00Z","eventSource":"ec2.amazonaws.com"}';
  it("SEM Example 8.A/8.D: eventTime after TIME_PREFIX gives _time=1705312800", () => {
    expect(parseTimestampWithPrefix(raw, ta)).toBe(1705312800);
  });
  it("spacing allowed by the prefix regex", () => {
    expect(parseTimestampWithPrefix('{"eventTime" : "2024-01-15T10:00:00Z"}', ta)).toBe(1705312800);
  });
  it("no TIME_PREFIX match -> null", () => {
    expect(parseTimestampWithPrefix('{"time":"2024-01-15T10:00:00Z"}', ta)).toBeNull();
  });
  it("MAX_TIMESTAMP_LOOKAHEAD cuts the timestamp -> null", () => {
    expect(parseTimestampWithPrefix(raw, { ...ta, maxLookahead: 10 })).toBeNull();
  });
  it("timestamp must start right after the prefix", () => {
    expect(parseTimestampWithPrefix('"eventTime":"x2024-01-15T10:00:00Z"', ta)).toBeNull();
  });
  it("first prefix match is used", () => {
    const two = '"eventTime":"2024-01-15T10:00:00Z" "eventTime":"2025-01-15T10:00:00Z"';
    expect(parseTimestampWithPrefix(two, ta)).toBe(1705312800);
  });
  it("global/sticky flags on the prefix regex do not leak state", () => {
    const rule = { ...ta, timePrefix: /"eventTime":"/g };
    expect(parseTimestampWithPrefix(raw, rule)).toBe(1705312800);
    expect(parseTimestampWithPrefix(raw, rule)).toBe(1705312800);
  });
  it("no prefix: timestamp at the start; TZ applies when the text has no zone", () => {
    expect(parseTimestampWithPrefix("2024-01-15 05:00:00 GET /", { timeFormat: "%Y-%m-%d %H:%M:%S", tz: NY })).toBe(T0);
  });
  it("lookahead 0 means unlimited", () => {
    expect(parseTimestampWithPrefix("ts=2024-01-15 10:00:00", { timePrefix: /ts=/, timeFormat: "%F %T", maxLookahead: 0 })).toBe(T0);
  });
});

describe("properties (fast-check)", () => {
  const ZONES = ["UTC", NY, "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
  const YEAR_1 = -62135596800;
  const YEAR_1950 = -631152000;
  const YEAR_9999_END = 253402300799;
  const YEAR_9999_DEC_30 = 253402214400; // keeps local time below year 10000 in every zone (%Y parses 4 digits)
  const ISO = "%Y-%m-%dT%H:%M:%S%z";

  it("strptime(strftime(t, ISO), ISO) === t for integer t, years 1-9999, UTC", () => {
    fc.assert(fc.property(fc.integer({ min: YEAR_1, max: YEAR_9999_END }), (t) => {
      expect(strptime(strftime(t, ISO), ISO)).toBe(t);
    }), { numRuns: 300 });
  });
  it("strptime(strftime(t, ISO, tz), ISO) === t for integer t, 1950-9999, several zones", () => {
    fc.assert(fc.property(fc.integer({ min: YEAR_1950, max: YEAR_9999_DEC_30 }), fc.constantFrom(...ZONES), (t, tz) => {
      expect(strptime(strftime(t, ISO, tz), ISO, "UTC")).toBe(t);
    }), { numRuns: 300 });
  });
  it("%s and %3N round-trip millisecond epochs", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
      const t = ms / 1000;
      expect(strptime(strftime(t, "%s.%3N"), "%s.%3N")).toBeCloseTo(t, 6);
    }), { numRuns: 200 });
  });
  it("UTC rendering agrees with Date.prototype.toISOString (years 1000-9999)", () => {
    fc.assert(fc.property(fc.integer({ min: -30610224000, max: YEAR_9999_END }), (t) => {
      expect(strftime(t, "%Y-%m-%dT%H:%M:%S")).toBe(new Date(t * 1000).toISOString().slice(0, 19));
    }), { numRuns: 300 });
  });
  it("@d snaps to a local midnight not after t, within one day; @w1 lands on a Monday", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4102444800 }), fc.constantFrom(...ZONES), (t, tz) => {
      const d = relativeTime(t, "@d", tz);
      const w = relativeTime(t, "@w1", tz);
      expect(d).not.toBeNull();
      expect(w).not.toBeNull();
      if (d === null || w === null) return;
      expect(d).toBeLessThanOrEqual(t);
      expect(t - d).toBeLessThan(86400 + 3600);
      expect(strftime(d, "%H:%M:%S", tz)).toBe("00:00:00");
      expect(strftime(w, "%u %H:%M", tz)).toBe("1 00:00");
      expect(w).toBeLessThanOrEqual(t);
    }), { numRuns: 200 });
  });
});
