// How numbers print and how eval arithmetic rounds (src/values/value.ts, src/functions/operators.ts).
// The golden cases in test/golden/operators.yml carry the sources; these pin the edges.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arithmetic } from "../../src/functions/operators.js";
import { formatFixed, formatNumber, precisionOf } from "../../src/values/value.js";

describe("formatNumber", () => {
  it.each([
    [6, "6"],
    [-0, "0"],
    [0.5, "0.5"],
    [10 / 3, "3.3333333333333335"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e20, "100000000000000000000"],
    [1e21, "1000000000000000000000"],
    [2 ** 64, "18446744073709552000"],
    [1e-7, "0.0000001"],
    [-1.5e-10, "-0.00000000015"],
    [123.456, "123.456"],
    [Number.NaN, "nan"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
  ])("%s prints as %s", (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it("reads back as the same number and never uses exponent notation", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = formatNumber(n);
        expect(text).not.toMatch(/e/i);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe("formatFixed", () => {
  it.each([
    [2.555, 2, "2.56"],
    [1.005, 2, "1.01"],
    [-1.5, 0, "-2"],
    [0.5, 0, "1"],
    [1.65, 3, "1.650"],
    [0.00322, 4, "0.0032"],
    [9.96, 1, "10.0"],
    [-0.04, 1, "0.0"],
    [1234.5, 0, "1235"],
    [0, 2, "0.00"],
  ])("%s to %s places is %s", (n, places, text) => {
    expect(formatFixed(n, places)).toBe(text);
  });

  it("always gives exactly the asked number of decimals", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 12 }), (n, places) => {
        const frac = formatFixed(n, places).split(".")[1] ?? "";
        expect(frac.length).toBe(places);
      }),
    );
  });
});

describe("precisionOf", () => {
  it.each([
    ["0.5", { sig: 1, decimals: 1 }],
    ["8.250", { sig: 4, decimals: 3 }],
    ["0.0140", { sig: 3, decimals: 4 }],
    ["1.5e3", { sig: 2, decimals: -2 }],
    ["1.23456e-303", { sig: 6, decimals: 308 }],
  ])("%s has %o", (text, p) => {
    expect(precisionOf(text)).toEqual(p);
  });

  it.each([["12"], ["-7"], [" 3 "]])("the integer %s is exact", (text) => {
    expect(precisionOf(text)).toBeNull();
  });

  it("numbers computed by the engine are exact", () => {
    expect(precisionOf(0.5)).toBeNull();
  });
});

describe("arithmetic precision", () => {
  it.each([
    ["*", "8.250", "0.2", 2],
    ["*", "8.250", "0.20", "1.7"],
    ["*", "8.250", "0.200", "1.65"],
    ["*", "8.250", 0.2, "1.650"],
    ["*", "3", "0.5", 2],
    ["/", 3, 2, 1.5],
    ["*", "1.00", "1111", 1111],
    ["+", "0.1", "0.2", "0.3"],
    ["+", "123.0", "4.567", "127.6"],
    ["-", 0, "0.50", "-0.50"],
    ["*", "0.995", "1.0", "1.0"],
    ["/", 1, 0, null],
    ["%", "7.5", 2, "1.5"],
  ] as const)("%s on %s and %s gives %s", (op, a, b, want) => {
    expect(arithmetic(op, a, b)).toBe(want);
  });

  it("exact operands give exact numbers", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (a, b) => {
        expect(arithmetic("*", a, b)).toBe(a * b);
        expect(arithmetic("+", String(a), String(b))).toBe(a + b);
      }),
    );
  });

  it("never rounds away integer digits (two figures, and at least two integer digits)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 1e9 }), (a) => {
        expect(arithmetic("*", "1.0", a)).toBe(a);
      }),
    );
  });
});
