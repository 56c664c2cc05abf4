// Match settings of a lookup definition. Sources: "KM matching" = Knowledge Manager manual, "Add field
// matching rules to your lookup configuration"; "spec" = transforms.conf.spec (max_matches default 1000
// without time_field, as spl-semantics.md 7.11 says); "corpus" = security_content/lookups/*.yml.
import { describe, expect, it } from "vitest";
import { matchRules } from "../../src/lookups/index.js";

const rules = (s: Record<string, string>) => matchRules(new Map(Object.entries(s)));

describe("matchRules", () => {
  it("spec, KM matching: defaults are exact, case-sensitive, max_matches 1000, min_matches 0, default_match empty", () => {
    expect(rules({})).toEqual({ wildcard: new Set(), cidr: new Set(), caseSensitive: true, maxMatches: 1000, minMatches: 0, defaultMatch: "" });
  });

  it("corpus: the settings as security_content writes them", () => {
    expect(rules({ default_match: "false", match_type: "WILDCARD(lolbas_file_name),WILDCARD(lolbas_file_path)", min_matches: "1", max_matches: "1", case_sensitive_match: "false" })).toEqual({
      wildcard: new Set(["lolbas_file_name", "lolbas_file_path"]),
      cidr: new Set(),
      caseSensitive: false,
      maxMatches: 1,
      minMatches: 1,
      defaultMatch: "false",
    });
  });

  it("spec: match_type lists WILDCARD, CIDR and EXACT items, comma and space separated, any case", () => {
    const r = rules({ match_type: "WILDCARD(a), cidr( ip ), EXACT(c)" });
    expect([...r.wildcard]).toEqual(["a"]);
    expect([...r.cidr]).toEqual(["ip"]);
  });

  it.each([
    [{ match_type: "FUZZY(a)" }, /invalid match_type 'FUZZY\(a\)'/],
    [{ match_type: "WILDCARD()" }, /invalid match_type/],
    [{ match_type: "WILDCARD(a), CIDR(a)" }, /'a' cannot be both/],
    [{ max_matches: "0" }, /invalid max_matches '0': expected a whole number from 1 to 1000/],
    [{ max_matches: "1001" }, /invalid max_matches/],
    [{ min_matches: "-1" }, /invalid min_matches/],
    [{ case_sensitive_match: "maybe" }, /invalid case_sensitive_match 'maybe'/],
    [{ time_field: "_time" }, /time-based lookups \(time_field\) are not supported/],
    [{ filter: "a=1" }, /lookup filters/],
  ])("refuses %j", (settings, message) => {
    expect(() => rules(settings)).toThrow(message);
  });
});
