// The row matcher behind lookup. Sources: "KM matching" = Knowledge Manager manual, "Add field matching
// rules to your lookup configuration" (WILDCARD/CIDR match_type, first max_matches rows in file order,
// case_sensitive_match); "transforms.conf.spec" (match_type: `*` is the wildcard).
import { describe, expect, it } from "vitest";
import { lookupMatcher, lookupTable, matchRules, parseCsv } from "../../src/lookups/index.js";

function matcher(csv: string, settings: Record<string, string>, inputs: string[]) {
  const t = lookupTable("t", parseCsv(csv, "t.csv"), new Map(Object.entries(settings)));
  return lookupMatcher(t, matchRules(t.settings), inputs);
}

describe("lookupMatcher", () => {
  it.each([
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["a*a", "abca", true],
    ["*", "", true],
    ["**", "x", true],
    ["ab*", "ab", true],
    ["*ab", "b", false],
    ["a*b*c", "acbc", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "abxbc", true],
    ["x*y*x", "xyx", true],
    ["x*y*x", "xy", false],
  ])("transforms.conf.spec WILDCARD: %j against %j is %s", (pattern, value, expected) => {
    const m = matcher(`p\n"${pattern}"\n`, { match_type: "WILDCARD(p)" }, ["p"]);
    expect(m.match([value], 10).length === 1).toBe(expected);
  });

  it("KM matching: literal and wildcard rows of one field come back together in file order", () => {
    const m = matcher("p,v\n*x,1\nax,2\na*,3\nax,4\n", { match_type: "WILDCARD(p)" }, ["p"]);
    expect(m.match(["ax"], 10)).toEqual([0, 1, 2, 3]);
  });

  it("KM matching: the limit keeps the first rows in file order", () => {
    const m = matcher("p,v\na,1\nb,2\na,3\na,4\n", {}, ["p"]);
    expect(m.match(["a"], 2)).toEqual([0, 2]);
  });

  it("several fields: rows found by one field's index are checked against the others (WILDCARD and CIDR included)", () => {
    const m = matcher("ip,host,v\n10.0.0.0/8,web*,1\n10.0.0.0/8,db*,2\n192.168.0.0/16,web*,3\n", { match_type: "CIDR(ip), WILDCARD(host)" }, ["ip", "host"]);
    expect(m.match(["10.2.3.4", "web01"], 10)).toEqual([0]);
    expect(m.match(["192.168.9.9", "web01"], 10)).toEqual([2]);
    expect(m.match(["172.16.0.1", "web01"], 10)).toEqual([]);
  });

  it("KM matching: case_sensitive_match=false applies to exact and wildcard fields alike", () => {
    const m = matcher("p,q\nAbC,X*Y\n", { match_type: "WILDCARD(q)", case_sensitive_match: "false" }, ["p", "q"]);
    expect(m.match(["abc", "x--y"], 10)).toEqual([0]);
    const cs = matcher("p,q\nAbC,X*Y\n", { match_type: "WILDCARD(q)" }, ["p", "q"]);
    expect(cs.match(["abc", "X--Y"], 10)).toEqual([]);
    expect(cs.match(["AbC", "x--y"], 10)).toEqual([]);
  });

  it("is built once per table and set of input fields", () => {
    const t = lookupTable("t", parseCsv("p\na\n", "t.csv"));
    expect(lookupMatcher(t, matchRules(t.settings), ["p"])).toBe(lookupMatcher(t, matchRules(t.settings), ["p"]));
  });
});
