// Rows written for the spilling time sort come back identical (src/events/rowcodec.ts). Whole
// searches with and without spilling are compared in test/timeorder.test.ts.
import { describe, expect, it } from "vitest";
import { MapRow } from "../../src/events/row.js";
import { decodeRow, encodeRow } from "../../src/events/rowcodec.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { TEST_NOW } from "../helpers/run.js";

describe("row codec", () => {
  it("writes and reads back every kind of value, with names such as __proto__", () => {
    const fields = new Map<string, string | number | readonly (string | number)[]>([
      ["__proto__", "p"],
      ["constructor", 1],
      ["nan", Number.NaN],
      ["inf", Infinity],
      ["ninf", -Infinity],
      ["nzero", -0],
      ["exact", 0.1 + 0.2],
      ["text", "1.650"],
      ["mv", ["a", 1, -0, Number.NaN, "é\n\u2028"]],
      ["", ""],
    ]);
    const kb = loadKnowledge({ now: TEST_NOW, tz: "UTC" });
    const back = decodeRow(JSON.parse(JSON.stringify(encodeRow(new MapRow(fields)))), kb) as MapRow;
    expect(back).toBeInstanceOf(MapRow);
    expect(Array.from(back.fields)).toStrictEqual(Array.from(fields));
  });
});
