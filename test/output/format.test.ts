import { describe, expect, it } from "vitest";
import { formatTable } from "../../src/output/format.js";
import { run } from "../helpers/run.js";

const long = "x".repeat(70);

async function table(width: number): Promise<string> {
  const { result } = await run(`* | eval tags=if(id="1", split("a b", " "), null()) | table id, note, tags`, [
    // Oldest first: the search returns id 1 (the newest) first.
    { id: "2", note: "short" },
    { id: "1", note: long },
  ]);
  return formatTable(result.rows, result.columns, "UTC", 80, width);
}

describe("formatTable", () => {
  it("without a width, lines are as wide as the values (cells cut at 80)", async () => {
    const text = await table(0);
    expect(text.split("\n")[2]).toBe(`1   ${long}  a`);
  });

  it("fits the width by narrowing the widest column, cutting its values with a marker", async () => {
    const text = await table(40);
    const lines = text.trimEnd().split("\n");
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^id  note\s+tags$/);
    expect(Array.from(lines[0]!).length).toBe(40);
    // Every column is still shown; the long note is cut with "…".
    expect(lines[2]).toMatch(/^1   x+…  a$/);
    // The header line is 40 wide; this row ends in "a" where the header has "tags".
    expect(Array.from(lines[2]!).length).toBe(40 - "tags".length + 1);
    // Multivalue values: one per line in their cell.
    expect(lines[3]).toMatch(/^\s+b$/);
    expect(lines[4]).toMatch(/^2   short\s*$/);
  });

  it("a width too narrow for every column still never prints a longer line", async () => {
    const text = await table(10);
    for (const l of text.trimEnd().split("\n")) expect(Array.from(l).length).toBeLessThanOrEqual(10);
  });
});
