// Bad input never crashes spelunk (issue "Bad input never crashes spelunk and never loses good data"):
// queries nested or chained beyond what a recursive parser holds, and event keys that name JavaScript's
// own object machinery.
import { describe, expect, it } from "vitest";
import { compileSearch } from "../../src/spl.js";
import { run } from "../helpers/run.js";

describe("queries that are too deep or too long", () => {
  it.each([
    ["5,000 nested parentheses in a search", "(".repeat(5000) + "a=1" + ")".repeat(5000)],
    ["5,000 nested parentheses in eval", "| eval x=" + "(".repeat(5000) + "1" + ")".repeat(5000)],
    ["500 nested subsearches", "x=1 " + "[search ".repeat(500) + "a" + "]".repeat(500)],
    ["5,000 NOTs in search", "NOT ".repeat(5000) + "x=1"],
    ["2,000 NOTs in where", "| where " + "NOT ".repeat(2000) + "x=1"],
  ])("%s: a diagnostic with a valid position, not an exception", (_name, q) => {
    const r = compileSearch(q);
    expect(r.compiled).toBeNull();
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("syntax-error");
    expect(d.span!.start).toBeGreaterThanOrEqual(0);
    expect(d.span!.end).toBeLessThanOrEqual(q.length);
  });

  it("nesting within the limit parses", () => {
    expect(compileSearch("(".repeat(60) + "a=1" + ")".repeat(60)).diagnostics).toEqual([]);
  });

  it("a chain of 20,000 additions is refused at run time with a diagnostic", async () => {
    const r = await run("* | eval x=" + Array.from({ length: 20000 }, () => "1").join("+"), [{ a: 1 }]);
    expect(r.result.ok).toBe(false);
    expect(r.result.diagnostics[0]!.code).toBe("syntax-error");
  });
});

describe("runtime limits", () => {
  it("mvrange with an enormous range is a runtime error at the call, not a hang", async () => {
    const r = await run("* | eval x=mvrange(0, 1000000000000)", [{ a: 1 }]);
    expect(r.result.ok).toBe(false);
    expect(r.result.diagnostics[0]!.code).toBe("runtime-error");
    expect(r.result.diagnostics[0]!.message).toMatch(/mvrange would make more than 1,000,000 values/);
  });

  it("head with an enormous count returns what there is", async () => {
    const r = await run("* | head 100000000000000000000 | table a", [{ a: "1" }, { a: "2" }]);
    expect(r.rows).toEqual([{ a: "2" }, { a: "1" }]);
  });

  it("division by zero is null, not an error", async () => {
    const r = await run("* | eval x=1/0, y=5%0 | table a x y", [{ a: "1" }]);
    expect(r.rows).toEqual([{ a: "1" }]);
  });
});

describe("event keys that name JavaScript's object machinery are ordinary fields", () => {
  const events = [{ __proto__: "p", constructor: "c", prototype: "t", toString: "s", hasOwnProperty: "h" }];
  // Written as JSON text so that `__proto__` is a key, not the object's prototype.
  const parsed = events.map(() => JSON.parse('{"__proto__": "p", "constructor": "c", "prototype": "t", "toString": "s", "hasOwnProperty": "h"}') as Record<string, unknown>);

  it("they can be searched, renamed, evaluated and printed, and change no prototype", async () => {
    const r = await run('__proto__=p constructor=c | rename prototype AS proto | eval s=toString."!" | table __proto__ constructor proto s hasOwnProperty', parsed);
    expect(r.result.diagnostics).toEqual([]);
    expect(r.rows).toEqual([JSON.parse('{"__proto__": "p", "constructor": "c", "proto": "t", "s": "s!", "hasOwnProperty": "h"}')]);
    expect(Object.keys(r.rows[0]!)).toEqual(["__proto__", "constructor", "proto", "s", "hasOwnProperty"]);
    expect(({} as Record<string, unknown>)["p"]).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe("[object Array]");
    expect(events).toHaveLength(1);
  });

  it("stats groups by them", async () => {
    const r = await run("* | stats count by constructor", [...parsed, ...parsed]);
    expect(r.rows).toEqual([{ constructor: "c", count: "2" }]);
  });
});
