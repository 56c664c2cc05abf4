// The reader's line scanner (src/events/scan.ts).
import { describe, expect, it } from "vitest";
import { linesBackwards } from "../../src/events/scan.js";

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
