// The reader's line scanner (src/events/scan.ts): lines handed on, lines counted and skipped, escapes,
// and the look-back for the timestamp fallback, carried from block to block.
import { describe, expect, it } from "vitest";
import { prefilterFromWords } from "../../src/commands/prefilter.js";
import { Carry, linesBackwards, LOOKBACK_BYTES, scanBlock } from "../../src/events/scan.js";

describe("linesBackwards", () => {
  it.each([
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a"]],
    ["a\nb", ["b", "a"]],
    ["a\nb\n", ["b", "a"]],
    // An empty line first (the line let through before was followed by an empty one): this looped
    // forever before.
    ["\nx", ["x", ""]],
    ["\n", [""]],
    ["\n\n", ["", ""]],
    ["a\n\nb\n", ["b", "", "a"]],
  ])("%j", (text, lines) => {
    expect([...linesBackwards(text)]).toEqual(lines);
  });
});

describe("scanBlock", () => {
  const words = (...w: string[]) => prefilterFromWords([w]);
  const lines = (...l: string[]) => Buffer.from(l.map((x) => x + "\n").join(""), "latin1");

  it("hands on the lines holding the word, with their numbers, and counts the non-empty lines skipped", () => {
    const got: Array<[string, number, boolean]> = [];
    let skipped = 0;
    const block = lines("alpha", "", "BETA one", "gamma\r", "beta two\r", "caf\xe9 beta");
    const last = scanBlock(block, 10, words("beta"), (s, e, no, _before, ascii) => got.push([block.toString("latin1", s, e), no, ascii]), (n) => (skipped += n));
    expect(got).toEqual([
      ["BETA one", 13, true],
      ["beta two", 15, true],
      ["caf\xe9 beta", 16, false],
    ]);
    expect(skipped).toBe(2); // alpha, gamma (the empty line is not counted)
    expect(last).toBe(16);
  });

  it("lets lines with \\u or \\/ escapes through, and non-ASCII lines when a word could hide in a \\u escape", () => {
    const block = lines('{"a":"\\u0067amma"}', '{"a":"x\\/y"}', '{"a":"\\"q\\""}', "caf\xe9");
    const through = (w: string) => {
      const out: string[] = [];
      scanBlock(block, 0, words(w), (s, e) => out.push(block.toString("latin1", s, e)));
      return out;
    };
    expect(through("gamma")).toEqual(['{"a":"\\u0067amma"}', '{"a":"x\\/y"}']);
    expect(through("face")).toEqual(['{"a":"\\u0067amma"}', '{"a":"x\\/y"}', "caf\xe9"]); // starts with a hex digit
  });

  it("looks back for the timestamp fallback across blocks, up to LOOKBACK_BYTES, through the carry", () => {
    const carry = new Carry();
    const first = lines("t1 skipped", "t2 skipped");
    scanBlock(first, 0, words("match"), () => {}, undefined, carry);
    const second = lines("t3 skipped", "match here");
    const seen: string[][] = [];
    scanBlock(second, 2, words("match"), (_s, _e, no, before) => seen.push([String(no), ...before!()]), undefined, carry);
    expect(seen).toEqual([["4", "t3 skipped", "t2 skipped", "t1 skipped"]]);

    // A line let through resets what is carried: only the lines after it are looked back at.
    const third = lines("match again", "t5 skipped");
    scanBlock(third, 4, words("match"), () => {}, undefined, carry);
    const fourth = lines("match last");
    const after: string[][] = [];
    scanBlock(fourth, 6, words("match"), (_s, _e, _no, before) => after.push([...before!()]), undefined, carry);
    expect(after).toEqual([["t5 skipped"]]);
  });

  it("keeps at most LOOKBACK_BYTES of skipped text", () => {
    const carry = new Carry();
    const long = "x".repeat(1000);
    const many = lines(...Array.from({ length: Math.ceil((2 * LOOKBACK_BYTES) / 1001) }, () => long));
    scanBlock(many, 0, words("match"), () => {}, undefined, carry);
    const seen: string[] = [];
    const near = "y".repeat(500);
    scanBlock(lines(near, "match"), 0, words("match"), (_s, _e, _no, before) => seen.push(...before!()), undefined, carry);
    // The window is LOOKBACK_BYTES before the line: its own block's 501 bytes, then the carry's.
    expect(seen.join("\n").length + 1).toBeLessThanOrEqual(LOOKBACK_BYTES);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen[0]).toBe(near);
    expect(seen.slice(1, -1).every((l) => l === long)).toBe(true); // the oldest may be cut
  });
});
