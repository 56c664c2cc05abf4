// rex internals that the golden cases (test/golden/cmd-rex.yml) reach only indirectly.
import { describe, expect, it } from "vitest";
import { namedGroups } from "../../src/commands/rex.js";
import { run } from "../helpers/run.js";

describe("namedGroups", () => {
  it.each([
    ["(?<a>x)(?<b>y)", ["a", "b"]],
    ["(?P<a>x)", ["a"]],
    ["(?<=x)(?<!y)(?<n>z)", ["n"]],
    ["\\(?<no>x\\)", []],
    ["[(?<no>x)](?<yes>y)", ["yes"]],
    ["[\\](?<no>x)](?<yes>y)", ["yes"]],
  ])("%s", (pattern, names) => {
    expect(namedGroups(pattern)).toEqual(names);
  });
});

describe("rex matching", () => {
  it("a pattern that can match the empty string does not loop with max_match=0", async () => {
    const { result, rows } = await run('* | rex field=s max_match=0 "(?<d>\\d*)" | table d', [{ s: "a1b22" }]);
    expect(result.diagnostics).toEqual([]);
    expect(rows).toEqual([{ d: ["", "1", "", "22", ""] }]);
  });

  it("offset_field lists every match, grouped by name", async () => {
    const { rows } = await run('* | rex field=s max_match=0 "(?<k>\\w)=(?<v>\\d)" offset_field=o | table o', [{ s: "a=1 b=2" }]);
    expect(rows).toEqual([{ o: "k=0-0&k=4-4&v=2-2&v=6-6" }]);
  });

  it("a back-reference to a group that does not exist is refused", async () => {
    const { result } = await run('* | rex field=s mode=sed "s/(a)/\\2/"', []);
    expect(result.diagnostics[0]?.code).toBe("bad-argument");
  });

  it("sed with another delimiter, and an escaped delimiter", async () => {
    const { rows } = await run('* | rex field=s mode=sed "s#/#\\##g" | table s', [{ s: "a/b/c" }]);
    expect(rows).toEqual([{ s: "a#b#c" }]);
  });

  it("sed keeps a multivalue field multivalue, editing each value", async () => {
    const { rows } = await run('* | rex field=v{} mode=sed "s/^/x/" | table v{}', [{ v: ["a", "b"] }]);
    expect(rows).toEqual([{ "v{}": ["xa", "xb"] }]);
  });

  it("a regex that is not in double quotes is refused", async () => {
    const { result } = await run("* | rex field=s foo", []);
    expect(result.diagnostics[0]?.code).toBe("bad-argument");
  });
});
