// spath and limits.conf [spath] extraction_cutoff = 5000 bytes (spl-semantics.md 8.4, Example 8.E, Q16).
// The records are built in code because they must be longer than 5000 bytes.
//
// Q16: the limits.conf text limits "'extract-all' spath extraction mode"; spelunk applies the cutoff to
// spath without a path only, and reads the whole input for an explicit path.
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";

// The input field itself must be extracted from an event shorter than the cutoff, so eval builds the long
// JSON text from a 1000-character piece: {"first":"a","pad":"<6000 x>","late":"found"}.
const events = [{ a: "x".repeat(1000) }];
const build = '* | eval payload="{\\"first\\":\\"a\\",\\"pad\\":\\"" . a . a . a . a . a . a . "\\",\\"late\\":\\"found\\"}"';

describe("spath and the 5000-byte extraction cutoff (8.4, Q16)", () => {
  it("extract-all mode does not see a leaf beyond 5000 bytes", async () => {
    const { result, rows } = await run(`${build} | spath input=payload | eval n=len(payload) | table first late n`, events);
    expect(result.diagnostics).toEqual([]);
    expect(rows).toEqual([{ first: "a", n: "6037" }]);
  });

  it("Q16: an explicit path reads beyond 5000 bytes", async () => {
    const { rows } = await run(`${build} | spath input=payload output=l path=late | table l`, events);
    expect(rows).toEqual([{ l: "found" }]);
  });

  it("a path to an object keeps the object's text as written", async () => {
    const { rows } = await run("* | spath input=p output=o path=a | table o", [{ p: '{"a": {"b": 1,  "c": [true]}}' }]);
    expect(rows).toEqual([{ o: '{"b": 1,  "c": [true]}' }]);
  });

  it("string escapes are decoded", async () => {
    const { rows } = await run("* | spath input=p output=s path=s | table s", [{ p: '{"s":"a\\"b\\u00e9"}' }]);
    expect(rows).toEqual([{ s: 'a"bé' }]);
  });
});
