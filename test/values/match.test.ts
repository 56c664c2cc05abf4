// Search matching (src/values/match.ts): term edges from segmenters.conf, TERM(), wildcards, CIDR.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipInCidr, ipv6ToBigInt, matchesPattern, parseAnyCidr, textContainsTerm, textContainsToken } from "../../src/values/match.js";

describe("textContainsTerm (major and minor breakers are edges)", () => {
  it.each([
    ["user foo logged in", "foo", true],
    ["user foobar logged in", "foo", false],
    ["foo_bar", "foo", true],
    ["foo_bar", "bar", true],
    ["ip=127.0.0.1", "127.0.0.1", true],
    ["ip 127.0.0.10", "127.0.0.1", false],
    ["q=red%20apple", "apple", true],
    ["a--b", "b", true],
    ["Error here", "error", true],
    ["alpha beta gamma", "alpha*gamma", false],
    ["alpha_x_gamma", "alpha*gamma", true],
    ["superadministrator", "*admin*", true],
    ["xadmin", "admin*", false],
    ["[x]", "[x]", true],
  ])("%s contains %s: %s", (text, term, want) => {
    expect(textContainsTerm(text, term, false)).toBe(want);
  });

  it("CASE() is case-sensitive", () => {
    expect(textContainsTerm("Error here", "error", true)).toBe(false);
    expect(textContainsTerm("error here", "error", true)).toBe(true);
  });
});

describe("textContainsToken (TERM: major breakers only)", () => {
  it.each([
    ["ip 127.0.0.1 x", "127.0.0.1", true],
    ["ip=127.0.0.1", "127.0.0.1", false],
    ["ip=127.0.0.1", "ip=127.0.0.1", true],
    ["a,10.1.2.3,b", "10.1.2.3", true],
    ["a:10.1.2.3:b", "10.1.2.3", false],
    ["q=red%20apple", "apple", true],
    ["q=red%2Capple", "apple", true],
    ["foo_bar", "foo", false],
    ["x 10.1.2.3 y", "10.1.*", true],
  ])("%s holds the token %s: %s", (text, term, want) => {
    expect(textContainsToken(text, term, false)).toBe(want);
  });

  it("a whole token is also a term", () => {
    const word = fc.stringMatching(/^[a-z0-9._=:-]{1,8}$/);
    const gap = fc.constantFrom(" ", ",", ";", "|", "\t", "(", ")");
    fc.assert(
      fc.property(word, word, word, gap, gap, (a, term, b, g1, g2) => {
        const text = a + g1 + term + g2 + b;
        expect(textContainsToken(text, term, false)).toBe(true);
        expect(textContainsTerm(text, term, false)).toBe(true);
      }),
    );
  });
});

describe("matchesPattern (whole values)", () => {
  it.each([
    ["aws-cli/2.15.0", "aws-cli*", true],
    ["failed to open file", "failed*file", true],
    ["val2", "val", false],
    ["VAL", "val", true],
    ["", "", true],
    ["x", "", false],
  ])("%s matches %s: %s", (value, pattern, want) => {
    expect(matchesPattern(value, pattern, false)).toBe(want);
  });
});

describe("CIDR", () => {
  it.each([
    ["2001:db8::1", 0x20010db8000000000000000000000001n],
    ["::", 0n],
    ["::1", 1n],
    ["::ffff:10.0.0.1", 0xffff0a000001n],
    ["64:ff9b::192.0.2.33", 0x0064ff9b0000000000000000c0000221n],
    ["1:2:3:4:5:6:1.2.3.4", 0x00010002000300040005000601020304n],
    ["fe80::1%eth0", 0xfe800000000000000000000000000001n],
    ["1:2:3:4:5:6:7:8", 0x00010002000300040005000600070008n],
  ])("%s is an IPv6 address", (text, n) => {
    expect(ipv6ToBigInt(text)).toBe(n);
  });

  it.each([["1:2:3"], ["1::2::3"], ["12345::"], ["g::1"], ["1:2:3:4:5:6:7:8:9"]])("%s is not", (text) => {
    expect(ipv6ToBigInt(text)).toBeNull();
  });

  it.each([
    ["10.0.0.0/8", "10.255.0.1", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["0.0.0.0/0", "1.2.3.4", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::/0", "fe80::1", true],
    ["2001:db8::/32", "10.0.0.1", false],
    ["10.0.0.0/8", "2001:db8::1", false],
  ])("%s contains %s: %s", (cidr, ip, want) => {
    const c = parseAnyCidr(cidr);
    expect(c).not.toBeNull();
    expect(ipInCidr(ip, c!)).toBe(want);
  });

  it.each([["10.0.0.0/33"], ["2001:db8::/129"], ["10.0.0.0"], ["abc/8"]])("%s is not a CIDR", (text) => {
    expect(parseAnyCidr(text)).toBeNull();
  });
});
