// The prefilter's word search (src/events/bytesearch.ts) finds, in bytes, what a case-insensitive
// RegExp finds in the same bytes read as Latin-1: the lines holding any of the words.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseInsensitiveFinder, WU_MANBER_MIN } from "../../src/events/bytesearch.js";

/** The starts of the lines holding a word, found with the finder (resuming after each line). */
function linesFound(bytes: Buffer, words: string[]): number[] {
  const out: number[] = [];
  caseInsensitiveFinder(words).each(bytes, 0, bytes.length, (at) => {
    out.push(bytes.lastIndexOf(0x0a, at) + 1);
    const nl = bytes.indexOf(0x0a, at);
    return nl < 0 ? bytes.length : nl + 1;
  });
  return out;
}

/** The same with a RegExp over the Latin-1 text, line by line. */
function linesExpected(bytes: Buffer, words: string[]): number[] {
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "i");
  const out: number[] = [];
  let start = 0;
  for (const line of bytes.toString("latin1").split("\n")) {
    if (re.test(line)) out.push(start);
    start += line.length + 1;
  }
  return out;
}

const long = "ModifySnapshotAttribute"; // Wu-Manber
const mid = "PutBucketPolicy";
const short = "iam"; // RegExp
const pool = [long, mid, short, "DeleteBucketPolicy", "createVolumePermission", "s3", "x/y-z.q", "ConsoleLogin"];

/** Text made of pieces of the words (in any case), near misses, JSON punctuation, newlines, high bytes. */
const piece = fc.oneof(
  fc.constantFrom(...pool).chain((w) =>
    fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((ups) => [...w].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join("")),
  ),
  fc.constantFrom(...pool).map((w) => w.slice(0, Math.max(1, w.length - 1))),
  fc.constantFrom(...pool).map((w) => w.slice(1)),
  fc.constantFrom('{"a":', '"', ",", "\n", "\r\n", " ", "te", "ute", "\xe9", "\xff", "\x80", "K", "\u017f"),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 60 }).map((ps) => Buffer.from(ps.join(""), "latin1"));

describe("caseInsensitiveFinder", () => {
  it(`finds the lines a case-insensitive RegExp finds (words of ${WU_MANBER_MIN}+ bytes in the bytes, shorter with a RegExp)`, () => {
    fc.assert(
      fc.property(text, fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }), (bytes, words) => {
        expect(linesFound(bytes, words)).toEqual(linesExpected(bytes, words));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds a word at the very start and the very end of the bytes, in any case", () => {
    for (const w of [long, mid, short]) {
      const bytes = Buffer.from(`${w.toUpperCase()}\nnothing here\nxx${w.toLowerCase()}`, "latin1");
      expect(linesFound(bytes, [w])).toEqual([0, 13 + w.length + 1]);
    }
  });

  it("does not match a word cut off by the end of the range", () => {
    const bytes = Buffer.from(`aaa ${long}`, "latin1");
    const hits: number[] = [];
    caseInsensitiveFinder([long]).each(bytes, 0, bytes.length - 1, (at) => (hits.push(at), at + 1));
    expect(hits).toEqual([]);
  });

  it("matches only ASCII letters across case: no Latin-1 letter stands for an ASCII one", () => {
    // U+017F (long s) upper-cases to S, and U+212A (Kelvin) lower-cases to k, but neither is a byte.
    expect(linesFound(Buffer.from("\xe9\n", "latin1"), ["E".repeat(1)])).toEqual([]);
    expect(linesFound(Buffer.from("MODIFY\xdfNAPSHOTATTRIBUTE\n", "latin1"), [long])).toEqual([]);
  });

  it("refuses words that are not ASCII and empty words", () => {
    expect(() => caseInsensitiveFinder(["caf\u00e9caf\u00e9caf\u00e9"])).toThrow(/ASCII/);
    expect(() => caseInsensitiveFinder([""])).toThrow(/empty/);
    expect(() => caseInsensitiveFinder([])).toThrow(/words/);
  });
});
