// fromjson (Splunk 9 Search Reference "fromjson"): "returns keys as fields and key values as field values",
// prefix= prepends a string to the names, arrays become multivalue fields. Its golden file is not among the
// ones this suite keeps, so the cases are written here as a table.
import { describe, expect, it } from "vitest";
import { run, type JsonRow } from "../helpers/run.js";

interface Case {
  readonly name: string;
  readonly source: string;
  readonly events: Record<string, unknown>[];
  readonly search: string;
  readonly rows?: JsonRow[];
  readonly error?: string;
}

const object = '{"name":"Albert","age":63}';
const cases: Case[] = [
  {
    name: "keys become fields, values their values",
    source: "fromjson docs, example 1 (name=Albert, age=63)",
    events: [{ object }],
    search: "* | fromjson object | table name age",
    rows: [{ name: "Albert", age: "63" }],
  },
  {
    name: "prefix= prepends a string to every name",
    source: "fromjson docs, example 2 (prefix=json_ gives json_name, json_age)",
    events: [{ object }],
    search: "* | fromjson object prefix=json_ | table json_name json_age name",
    rows: [{ json_name: "Albert", json_age: "63" }],
  },
  {
    name: "an array becomes a multivalue field",
    source: "fromjson docs (converts JSON-formatted objects into multivalue fields)",
    events: [{ o: '{"tags":["a","b",3,true]}' }],
    search: "* | fromjson o | table tags",
    rows: [{ tags: ["a", "b", "3", "true"] }],
  },
  {
    name: "expansion is one level deep: a nested object is its compact JSON text",
    source: "fromjson docs (keys of the object become fields); JSON text as the JSON eval functions write it",
    events: [{ o: '{"user": {"name": "bob", "ids": [1, 2]}, "ok": false}' }],
    search: "* | fromjson o | table user ok user.name",
    rows: [{ user: '{"name":"bob","ids":[1,2]}', ok: "false" }],
  },
  {
    name: "numbers keep the text they were written with",
    source: "spl-semantics.md 8.6 (numbers as written in the JSON)",
    events: [{ o: '{"n":1.50}' }],
    search: "* | fromjson o | table n",
    rows: [{ n: "1.50" }],
  },
  {
    name: "JSON null sets no field, an existing one keeps its value",
    source: "inferred: JSON null is Splunk's null, as for the JSON eval functions",
    events: [{ o: '{"z":null,"a":"x"}', z: "old" }],
    search: "* | fromjson o | table a z",
    rows: [{ a: "x", z: "old" }],
  },
  {
    name: "a duplicate key keeps its last value",
    source: "inferred: a JSON object holds one value per key (RFC 8259 parsers keep the last)",
    events: [{ o: '{"k":"first","k":"last"}' }],
    search: "* | fromjson o | table k",
    rows: [{ k: "last" }],
  },
  {
    name: "a value that is not a JSON object, or a missing field, leaves the row as it is",
    source: "spl-semantics.md 10.4 (absent fields); inferred for non-objects",
    events: [{ o: "[1,2]" }, { o: "not json" }, { p: "1" }],
    search: "* | fromjson o | table o p",
    rows: [{ p: "1" }, { o: "not json" }, { o: "[1,2]" }],
  },
  {
    name: "fromjson needs a field",
    source: "fromjson docs (fromjson <string> is required)",
    events: [],
    search: "* | fromjson",
    error: "bad-argument",
  },
  {
    name: "an unknown option is refused",
    source: "DESIGN.md (unsupported means loud)",
    events: [],
    search: "* | fromjson o depth=2",
    error: "unsupported-argument",
  },
];

describe("fromjson", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expect(c.source).toMatch(/\S/);
    const { result, rows } = await run(c.search, c.events);
    if (c.error) {
      expect(result.diagnostics[0]?.code).toBe(c.error);
      return;
    }
    expect(result.diagnostics).toEqual([]);
    expect(rows).toEqual(c.rows);
  });
});
