// The outputlookup command. Sources: "S38 outputlookup" = Search Reference, outputlookup (syntax
// `| outputlookup [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>] [max=<int>]
// [key_field=<field>] [allow_updates=<bool>] [createinapp=<bool>] [create_context=<string>]
// [output_format=<string>] <filename> | <tablename>`; append defaults to false, create_empty and
// override_if_empty to true, max to no limit); "brief" = the task specification (tables are written in
// memory, for the rest of the search; no lookups configured is an error).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LookupResolver } from "../../src/commands/types.js";
import { lookupsFromDirs, lookupsFromTables, lookupTable, parseCsv } from "../../src/lookups/index.js";
import { run } from "../helpers/run.js";

const USERS = "user,dept\nalice,eng\nbob,ops\n";
const fresh = (): LookupResolver => lookupsFromTables([lookupTable("users.csv", parseCsv(USERS, "users.csv")), lookupTable("staff", parseCsv(USERS, "users.csv"))]);
const EVENTS = [
  { user: "carol", dept: "eng", n: 1 },
  { user: "dave", dept: "ops", n: 2 },
];

describe("outputlookup: writes the results and passes them on (S38 outputlookup)", () => {
  it("rows pass through unchanged, in order, with the same columns", async () => {
    const lookups = fresh();
    const plain = await run("* | table user dept n", EVENTS, { lookups });
    const r = await run("* | table user dept n | outputlookup out.csv", EVENTS, { lookups });
    expect(r.result.diagnostics).toEqual([]);
    expect(r.rows).toEqual(plain.rows);
    expect(r.columns).toEqual(plain.columns);
  });

  it("the table holds the rows' fields in first-seen order, cells as text, absent fields empty", async () => {
    const lookups = fresh();
    await run('* | table user n | eval extra=if(n=2, "x", null()) | outputlookup out.csv', EVENTS, { lookups });
    const t = lookups.resolve("out.csv")!;
    expect(t.fields).toEqual(["user", "n", "extra"]);
    expect(t.rows.map((m) => Object.fromEntries(m))).toEqual([
      { user: "dave", n: "2", extra: "x" },
      { user: "carol", n: "1" },
    ]);
  });

  it("a multivalue field is one cell, its values joined by newlines; internal fields such as _time are written", async () => {
    const lookups = fresh();
    await run('| makeresults | eval v=split("a,b", ",") | outputlookup mv.csv', [], { lookups });
    const t = lookups.resolve("mv.csv")!;
    expect(t.fields).toEqual(["_time", "v"]);
    expect(t.rows[0]!.get("v")).toBe("a\nb");
  });

  it("a later inputlookup in the same search sees the table (written by a subsearch, read by the outer search)", async () => {
    const lookups = fresh();
    const r = await run('| makeresults | eval user="first" | append [| inputlookup users.csv | where dept="eng" | outputlookup users.csv] | inputlookup users.csv append=t | table user', [], { lookups });
    expect(r.result.diagnostics).toEqual([]);
    // makeresults, then the subsearch's row (alice), then the rewritten table (alice only).
    expect(r.rows).toEqual([{ user: "first" }, { user: "alice" }, { user: "alice" }]);
  });

  it("a later search given the same resolver sees the new table", async () => {
    const lookups = fresh();
    await run("* | table user dept | outputlookup staff", EVENTS, { lookups });
    const r = await run("| inputlookup staff", [], { lookups });
    expect(r.rows).toEqual([
      { user: "dave", dept: "ops" },
      { user: "carol", dept: "eng" },
    ]);
  });

  it("append=true adds the rows after the table's, keeping its header (fields not in it are not written)", async () => {
    const lookups = fresh();
    await run("* | table user n dept | outputlookup append=true users.csv", EVENTS, { lookups });
    const t = lookups.resolve("users.csv")!;
    expect(t.fields).toEqual(["user", "dept"]);
    expect(t.rows.map((m) => Object.fromEntries(m))).toEqual([
      { user: "alice", dept: "eng" },
      { user: "bob", dept: "ops" },
      { user: "dave", dept: "ops" },
      { user: "carol", dept: "eng" },
    ]);
  });

  it("append=true to a table that does not exist yet creates it", async () => {
    const lookups = fresh();
    await run("* | table user | outputlookup append=t new.csv", EVENTS, { lookups });
    expect(lookups.resolve("new.csv")!.rows.length).toBe(2);
  });

  it("max=N writes at most N rows; every row still passes on", async () => {
    const lookups = fresh();
    const r = await run("* | table user | outputlookup max=1 out.csv", EVENTS, { lookups });
    expect(r.rows.length).toBe(2);
    expect(lookups.resolve("out.csv")!.rows.map((m) => m.get("user"))).toEqual(["dave"]);
  });
});

describe("outputlookup: no results (S38 create_empty, override_if_empty)", () => {
  it("by default the table becomes empty (create_empty=true: a zero-length file)", async () => {
    const lookups = fresh();
    const r = await run('* | where user="nobody" | outputlookup users.csv', EVENTS, { lookups });
    expect(r.rows).toEqual([]);
    const t = lookups.resolve("users.csv")!;
    expect(t.rows).toEqual([]);
    expect(t.fields).toEqual([]);
  });

  it("create_empty=false removes the table: a later read says it does not exist", async () => {
    const lookups = fresh();
    await run('* | where user="nobody" | outputlookup create_empty=false users.csv', EVENTS, { lookups });
    expect(lookups.resolve("users.csv")).toBeNull();
    const r = await run("| inputlookup users.csv", [], { lookups });
    expect(r.result.diagnostics[0]?.message).toMatch(/does not exist/);
  });

  it("override_if_empty=false leaves the table as it was", async () => {
    const lookups = fresh();
    await run('* | where user="nobody" | outputlookup override_if_empty=false create_empty=false users.csv', EVENTS, { lookups });
    expect(lookups.resolve("users.csv")!.rows.length).toBe(2);
  });

  it("append=true with no results adds nothing", async () => {
    const lookups = fresh();
    await run('* | where user="nobody" | outputlookup append=true users.csv', EVENTS, { lookups });
    expect(lookups.resolve("users.csv")!.rows.length).toBe(2);
  });
});

describe("outputlookup: errors", () => {
  it("refuses options it does not support (key_field, createinapp, output_format...)", async () => {
    for (const opt of ["key_field=user", "createinapp=true", "output_format=splunk_mv_csv", "allow_updates=true", "create_context=app"]) {
      const r = await run(`* | outputlookup ${opt} out.csv`, EVENTS, { lookups: fresh() });
      expect(r.result.diagnostics[0]?.code).toBe("unsupported-argument");
    }
  });

  it("no lookups configured: an error naming the table and saying how to configure lookups", async () => {
    const r = await run("* | outputlookup out.csv", EVENTS);
    const d = r.result.diagnostics[0]!;
    expect(d.code).toBe("bad-argument");
    expect(d.message).toMatch(/'out\.csv'/);
    expect(d.message).toMatch(/--lookups <dir>/);
    expect(d.span).toEqual({ start: 17, end: 24 });
  });

  it("a name that is neither a file name nor a known definition is an error at the name", async () => {
    const r = await run("* | outputlookup nosuch", EVENTS, { lookups: fresh() });
    expect(r.result.diagnostics[0]?.code).toBe("bad-argument");
    expect(r.result.diagnostics[0]?.span).toEqual({ start: 17, end: 23 });
  });

  it("needs exactly one table name; cannot append to a .gz file", async () => {
    expect((await run("* | outputlookup", EVENTS, { lookups: fresh() })).result.diagnostics[0]?.code).toBe("bad-argument");
    expect((await run("* | outputlookup a.csv b.csv", EVENTS, { lookups: fresh() })).result.diagnostics[0]?.code).toBe("bad-argument");
    expect((await run("* | outputlookup append=t a.csv.gz", EVENTS, { lookups: fresh() })).result.diagnostics[0]?.code).toBe("bad-argument");
  });
});

describe("outputlookup with lookup directories (brief: in memory only)", () => {
  const dir = mkdtempSync(join(tmpdir(), "spelunk-outputlookup-"));
  writeFileSync(join(dir, "hosts.csv"), "host,owner\nh1,alice\n");
  writeFileSync(join(dir, "hosts.yml"), "name: hosts\nfilename: hosts.csv\n");
  writeFileSync(join(dir, "plain.csv"), "a,b\n1,2\n");
  writeFileSync(join(dir, "baseline.yml"), "name: baseline\ncollection: baseline\nfields_list: _key, arn, count\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a definition and its file share the table; nothing is written to disk", async () => {
    const lookups = lookupsFromDirs([dir]);
    await run('| makeresults | eval host="h2", owner="bob" | table host owner | outputlookup hosts', [], { lookups });
    expect((await run("| inputlookup hosts.csv", [], { lookups })).rows).toEqual([{ host: "h2", owner: "bob" }]);
    expect((await run("| inputlookup hosts", [], { lookups })).rows).toEqual([{ host: "h2", owner: "bob" }]);
    expect(readdirSync(dir).sort()).toEqual(["baseline.yml", "hosts.csv", "hosts.yml", "plain.csv"]);
    // A fresh resolver over the same directory reads the file as it was.
    expect((await run("| inputlookup hosts.csv", [], { lookups: lookupsFromDirs([dir]) })).rows).toEqual([{ host: "h1", owner: "alice" }]);
  });

  it("a KV store collection is written in memory (inputlookup append=t, then outputlookup, as a baseline search does)", async () => {
    const lookups = lookupsFromDirs([dir]);
    const search = '| makeresults | eval arn="a1", count=3 | table arn count | inputlookup baseline append=t | outputlookup baseline';
    await run(search, [], { lookups });
    await run(search, [], { lookups });
    expect((await run("| inputlookup baseline", [], { lookups })).rows).toEqual([
      { arn: "a1", count: "3" },
      { arn: "a1", count: "3" },
    ]);
  });

  it("a collection emptied with create_empty=false stays defined, with no rows", async () => {
    const lookups = lookupsFromDirs([dir]);
    await run('| makeresults | where 1=2 | outputlookup create_empty=false baseline', [], { lookups });
    const r = await run("| inputlookup baseline", [], { lookups });
    expect(r.result.diagnostics).toEqual([]);
    expect(r.rows).toEqual([]);
  });

  it("a bare name whose .csv exists must be written by its file name", async () => {
    const lookups = lookupsFromDirs([dir]);
    const r = await run("| makeresults | outputlookup plain", [], { lookups });
    expect(r.result.diagnostics[0]?.code).toBe("bad-argument");
    expect(r.result.diagnostics[0]?.message).toMatch(/'plain\.csv'/);
  });
});
