// Unit tests of the function library's building blocks: the table itself, printf's C formatting,
// SQLite substr, CIDR matching, path parsing, rounding and significant figures. The behaviour through
// searches is in test/golden/functions-*.yml.
import { describe, expect, it } from "vitest";
import { inCidr, parseAnyCidr } from "../../src/functions/cidr.js";
import { parseInBase } from "../../src/functions/conversion.js";
import { roundHalfAway } from "../../src/functions/helpers.js";
import { extractValues, parsePath, spathValues, tryParseJson, writeJson } from "../../src/functions/jsonpath.js";
import { measure } from "../../src/functions/math.js";
import { formatPrintf, parseFormat } from "../../src/functions/printf.js";
import { FUNCTIONS } from "../../src/functions/table.js";
import { sqliteSubstr, urlDecode } from "../../src/functions/text.js";
import type { EvalValue } from "../../src/values/value.js";

const REQUIRED = `if case coalesce null nullif isnull isnotnull isnum isint isstr typeof validate like match searchmatch in
  true false cidrmatch len lower upper trim ltrim rtrim substr replace split urldecode printf tostring spath tonumber
  abs ceiling ceil floor round exp ln log pow sqrt pi min max random exact sigfig mvcount mvindex mvjoin mvappend
  mvfilter mvfind mvdedup mvsort mvzip mvrange mvmap now time relative_time strftime strptime md5 sha1 sha256 sha512
  json_extract json_object json_array json_keys json_valid`.split(/\s+/);

describe("the function table", () => {
  it.each(REQUIRED)("has %s", (name) => {
    expect(FUNCTIONS.get(name)?.name).toBe(name);
  });
  it("marks exactly the Boolean functions as Boolean (4.1: they cannot be assigned)", () => {
    const booleans = [...FUNCTIONS.values()].filter((f) => f.boolean).map((f) => f.name).sort();
    expect(booleans).toEqual(
      ["cidrmatch", "false", "in", "isint", "isnotnull", "isnull", "isnum", "isstr", "json_valid", "like", "match", "searchmatch", "true"].sort(),
    );
  });
});

function printf(format: string, ...args: EvalValue[]): string | null {
  const pieces = parseFormat(format);
  if (typeof pieces === "string") throw new Error(pieces);
  return formatPrintf(pieces, args);
}

describe("printf, as C sprintf", () => {
  it.each([
    ["%5.1f|", [3.14159], "  3.1|"],
    ["%-8.3e|", [1234.5], "1.234e+03|"],
    ["%e", [0], "0.000000e+00"],
    ["%g", [100000], "100000"],
    ["%g", [1000000], "1e+06"],
    ["%g", [0.0001], "0.0001"],
    ["%g", [0.00001], "1e-05"],
    ["%#g", [1], "1.00000"],
    ["%.0f", [2.5], "2"],
    ["%.0e", [2.5], "2e+00"],
    ["%.0e", [9.5], "1e+01"],
    ["%.3e", [1234.5], "1.234e+03"],
    ["%.1g", [0.25], "0.2"],
    ["%.0f", [3.5], "4"],
    ["%.2f", [0.125], "0.12"],
    ["%.2f", [2.675], "2.67"],
    ["%'.2f", [1234567.891], "1,234,567.89"],
    ["%+.1f", [2], "+2.0"],
    ["%08.2f", [-3.5], "-0003.50"],
    ["%x", [255], "ff"],
    ["%#o", [8], "010"],
    ["%u", [-1], "18446744073709551615"],
    ["%5s|%-5s|", ["ab", "cd"], "   ab|cd   |"],
    ["%c", [0x263a], "☺"],
    ["%a", [1], "0x1.000000p+0"],
    ["%.0a", [1.5], "0x2p+0"],
    ["%d", ["42"], "42"],
    ["%d", [3.99], "3"],
    ["%.0d|", [0], "|"],
    ["%s", [true], "True"],
  ] as const)("printf(%j) of %j is %j", (format, args, expected) => {
    expect(printf(format, ...args)).toBe(expected);
  });
  it("refuses what Splunk does not support", () => {
    for (const f of ["%n", "%C", "%S", "%1$d", "%", "%q"]) expect(typeof parseFormat(f)).toBe("string");
  });
  it("gives null for a null or missing argument", () => {
    expect(printf("%s-%s", "a", null)).toBeNull();
    expect(printf("%s-%s", "a")).toBeNull();
  });
});

describe("substr with SQLite semantics", () => {
  it.each([
    ["abcdef", 1, 3, "abc"],
    ["abcdef", 0, 3, "ab"],
    ["abcdef", -2, null, "ef"],
    ["abcdef", -2, 5, "ef"],
    ["abcdef", 3, -2, "ab"],
    ["abcdef", -8, 4, "ab"],
    ["abcdef", 10, 2, ""],
    ["a😀b", 2, 1, "😀"],
  ] as const)("substr(%j, %j, %j) is %j", (s, start, len, expected) => {
    expect(sqliteSubstr(s, start, len)).toBe(expected);
  });
});

describe("CIDR matching", () => {
  it.each([
    ["10.0.0.0/8", "10.255.255.255", true],
    ["10.0.0.0/8", "11.0.0.0", false],
    ["0.0.0.0/0", "1.2.3.4", true],
    ["192.168.1.7/32", "192.168.1.7", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::ffff:0:0/96", "::ffff:10.1.2.3", true],
    ["fe80::/10", "FE80::1", true],
    ["10.0.0.0/8", "2001:db8::1", false],
    ["::/0", "10.0.0.1", false],
  ] as const)("%s contains %s: %s", (cidr, ip, expected) => {
    const c = parseAnyCidr(cidr);
    expect(c).not.toBeNull();
    expect(inCidr(ip, c!)).toBe(expected);
  });
  it.each(["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "2001:db8::/129", "1::2::3/64", "x/8"])("%s is not a subnet", (text) => {
    expect(parseAnyCidr(text)).toBeNull();
  });
});

describe("paths", () => {
  it("parses spath paths", () => {
    expect(parsePath("a.b{}.c{2}")).toEqual([
      { kind: "key", name: "a" },
      { kind: "key", name: "b" },
      { kind: "all" },
      { kind: "key", name: "c" },
      { kind: "index", index: 2 },
    ]);
    expect(parsePath("{1}.x")).toEqual([{ kind: "index", index: 1 }, { kind: "key", name: "x" }]);
    expect(parsePath("book{@id}")).toBeNull();
  });
  it("spath keeps the raw text of objects and counts from 1", () => {
    const doc = '{"a" : [ {"b": 1}, {"b": [2, 3]} ], "a.b": "dotted"}';
    expect(spathValues(doc, parsePath("a{2}")!)).toEqual(['{"b": [2, 3]}']);
    expect(spathValues(doc, parsePath("a{}.b")!)).toEqual(["1", "[2, 3]"]);
    expect(spathValues(doc, parsePath("a{0}")!)).toEqual([]);
    expect(spathValues("not json", parsePath("a")!)).toEqual([]);
  });
  it("json_extract paths count from 0 and write compact JSON", () => {
    const root = tryParseJson('{"a" : [ {"b": 1}, {"b": [2, 3]} ]}')!;
    expect(extractValues(root, parsePath("a{1}.b")!).map(writeJson)).toEqual(["[2,3]"]);
    expect(extractValues(root, parsePath("a{}.b")!).map(writeJson)).toEqual(["1", "[2,3]"]);
    expect(writeJson(root)).toBe('{"a":[{"b":1},{"b":[2,3]}]}');
  });
});

describe("numbers", () => {
  it.each([
    [2.555, 2, 2.56],
    [-2.555, 2, -2.56],
    [2.5, 0, 3],
    [1111, -1, 1110],
    [1e-7, 8, 1e-7],
    [123.456, 1, 123.5],
  ] as const)("roundHalfAway(%j, %j) is %j", (x, d, expected) => {
    expect(roundHalfAway(x, d)).toBe(expected);
  });
  it.each([
    ["1.00", 3, 2],
    ["1111", 4, 0],
    ["1100", 2, 0],
    ["0.0045", 2, 4],
    ["123.0", 4, 1],
    ["1.5e3", 2, -2],
  ] as const)("%s has %j significant figures and %j decimals", (text, sig, dec) => {
    expect(measure(text)).toMatchObject({ sig, dec });
  });
  it.each([
    ["0A4", 16, 164],
    ["0x1f", 16, 31],
    ["-101", 2, -5],
    ["z", 36, 35],
    ["2", 2, null],
    ["1.5", 10, 1.5],
    [" 1", 10, null],
    ["", 16, null],
  ] as const)("parseInBase(%j, %j) is %j", (s, base, expected) => {
    expect(parseInBase(s, base)).toBe(expected);
  });
  it.each([
    ["a%20b", "a b"],
    ["%E2%9C%93", "✓"],
    ["100%", "100%"],
    ["%zz", "%zz"],
    ["a+b", "a b"],
  ] as const)("urldecode(%j) is %j", (s, expected) => {
    expect(urlDecode(s)).toBe(expected);
  });
});
