// The inputlookup command. Sources: "S38 inputlookup" = Search Reference, inputlookup (syntax
// `| inputlookup [append=<bool>] [start=<int>] [max=<int>] (<filename> | <tablename>) [WHERE
// <search-query>]`; append=true adds the table's rows to the current results instead of replacing
// them; start is the 0-based offset of the first row read; max the most rows read); "7.11" =
// spl-semantics.md 7.11 (inputlookup generates rows from the table); "brief" = the task specification.
import { describe, expect, it } from "vitest";
import type { LookupResolver } from "../../src/commands/types.js";
import type { Row } from "../../src/events/row.js";
import { lookupsFromTables, lookupTable, parseCsv } from "../../src/lookups/index.js";
import { compileSearch } from "../../src/spl.js";
import { run } from "../helpers/run.js";

const USERS = "user,dept,title\nalice,eng,lead\nbob,ops,\ncarol,eng,dev\ndave,Eng,intern\n";
const lookups: LookupResolver = lookupsFromTables([
  lookupTable("users.csv", parseCsv(USERS, "users.csv")),
  lookupTable("staff", parseCsv(USERS, "users.csv"), new Map([["case_sensitive_match", "false"]])),
]);
const go = (search: string, events: Record<string, unknown>[] = []) => run(search, events, { lookups });

describe("inputlookup: rows from the table (7.11, S38 inputlookup)", () => {
  it("generates the table's rows in file order, columns in header order; empty cells are absent", async () => {
    const r = await go("| inputlookup users.csv");
    expect(r.result.diagnostics).toEqual([]);
    expect(r.columns).toEqual(["user", "dept", "title"]);
    expect(r.rows).toEqual([
      { user: "alice", dept: "eng", title: "lead" },
      { user: "bob", dept: "ops" },
      { user: "carol", dept: "eng", title: "dev" },
      { user: "dave", dept: "Eng", title: "intern" },
    ]);
    expect(r.result.eventsRead).toBe(0);
  });

  it("a lookup definition by its table name", async () => {
    expect((await go("| inputlookup staff | table user")).rows.map((x) => x["user"])).toEqual(["alice", "bob", "carol", "dave"]);
  });

  it("the rows flow through the rest of the pipeline", async () => {
    const r = await go('| inputlookup users.csv | where dept="eng" | eval who=user.":".title | table who');
    expect(r.rows).toEqual([{ who: "alice:lead" }, { who: "carol:dev" }]);
  });

  it("the operator makes its rows in finish(), with nothing pushed into it (it starts the pipeline)", () => {
    const plan = compileSearch("| inputlookup users.csv max=2", { lookups }).compiled!.plans[0]!;
    expect(plan.generating).toBe(true);
    const got: Row[] = [];
    plan.make({ push: (r) => got.push(r), finish: () => {} }).finish();
    expect(got.map((r) => r.get("user"))).toEqual(["alice", "bob"]);
  });
});

describe("inputlookup: where, start, max (S38 inputlookup)", () => {
  it("WHERE keeps the rows the search expression matches (search semantics: values case-insensitive, 1.4)", async () => {
    const r = await go("| inputlookup users.csv where dept=eng | table user");
    expect(r.rows).toEqual([{ user: "alice" }, { user: "carol" }, { user: "dave" }]);
  });

  it("WHERE (any case) with OR, NOT and wildcards", async () => {
    const r = await go("| inputlookup users.csv WHERE (dept=ops OR title=d*) NOT user=carol | table user");
    expect(r.rows).toEqual([{ user: "bob" }]);
  });

  it("WHERE on a field an empty cell left absent does not match it", async () => {
    expect((await go("| inputlookup users.csv where title=* | table user")).rows).toEqual([{ user: "alice" }, { user: "carol" }, { user: "dave" }]);
  });

  it("max reads at most N rows", async () => {
    expect((await go("| inputlookup max=2 users.csv | table user")).rows).toEqual([{ user: "alice" }, { user: "bob" }]);
  });

  it("start is the 0-based offset of the first row read", async () => {
    expect((await go("| inputlookup start=1 max=2 users.csv | table user")).rows).toEqual([{ user: "bob" }, { user: "carol" }]);
    expect((await go("| inputlookup start=9 users.csv | table user")).rows).toEqual([]);
  });

  it("reading chosen: start and max count rows read from the file, before WHERE filters them", async () => {
    expect((await go("| inputlookup max=2 users.csv where dept=eng | table user")).rows).toEqual([{ user: "alice" }]);
  });
});

describe("inputlookup append=true (S38 inputlookup)", () => {
  it("appends the table's rows after the current results", async () => {
    const r = await go("* | eval src=\"event\" | inputlookup append=t users.csv where user=bob | table user src", [{ user: "zed" }]);
    expect(r.rows).toEqual([{ user: "zed", src: "event" }, { user: "bob" }]);
  });

  it("at the start of a search, append=true generates the rows as without it", async () => {
    expect((await go("| inputlookup append=true users.csv max=1 | table user")).rows).toEqual([{ user: "alice" }]);
  });
});

describe("inputlookup: errors", () => {
  const err = async (search: string, resolver: LookupResolver | null = lookups) => {
    const r = await run(search, [], resolver ? { lookups: resolver } : {});
    expect(r.result.ok).toBe(false);
    const d = r.result.diagnostics[0]!;
    return { code: d.code, at: search.slice(d.span!.start, d.span!.end), message: d.message };
  };

  it("brief: an unknown table is an error naming it, at its position", async () => {
    expect(await err("| inputlookup nosuch.csv")).toEqual({ code: "bad-argument", at: "nosuch.csv", message: "The lookup table 'nosuch.csv' does not exist or is not available" });
  });

  it("brief: with no lookups configured, the error says how to configure them", async () => {
    const e = await err("| inputlookup users.csv", null);
    expect(e.at).toBe("users.csv");
    expect(e.message).toMatch(/no lookups are configured.*--lookups <dir>/);
  });

  it("brief: a name that could escape the lookup directories is refused", async () => {
    expect((await err("| inputlookup ../../etc/passwd")).message).toMatch(/cannot escape their configured directories/);
  });

  it("S38 inputlookup: without append=true it must be the first command", async () => {
    const e = await err("search x | inputlookup users.csv");
    expect(e).toMatchObject({ code: "bad-argument", at: "inputlookup" });
    expect(e.message).toMatch(/must be the first command/);
  });

  it.each([
    ["| inputlookup strict=t users.csv", "unsupported-argument", "strict=t"],
    ["| inputlookup max=x users.csv", "bad-argument", "max=x"],
    ["| inputlookup", "bad-argument", "inputlookup"],
    ["| inputlookup users.csv staff", "bad-argument", "staff"],
    ["| inputlookup users.csv where", "bad-argument", "where"],
    ["| inputlookup users.csv where dept=", "syntax-error", ""],
  ])("%s is a %s error at %j", async (search, code, at) => {
    expect(await err(search)).toMatchObject({ code, at });
  });
});
