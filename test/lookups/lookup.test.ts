// The lookup command, run through runSearch. Sources: "S38 lookup" = Search Reference, lookup (syntax
// `lookup <table> (<lookup-field> [AS <event-field>])... [OUTPUT|OUTPUTNEW (<lookup-destfield> [AS
// <event-destfield>])...]`; without OUTPUT/OUTPUTNEW every table field that is not a match field is
// output; OUTPUT overwrites existing fields, OUTPUTNEW does not); "KM matching" = Knowledge Manager
// manual, "Add field matching rules to your lookup configuration" (max_matches in file order,
// min_matches/default_match, case_sensitive_match); "7.11" = spl-semantics.md 7.11; "corpus" =
// security_content lookups and detections. Events are listed oldest first; results come newest first.
import { describe, expect, it } from "vitest";
import type { LookupResolver } from "../../src/commands/types.js";
import { lookupsFromTables, lookupTable, parseCsv } from "../../src/lookups/index.js";
import { run } from "../helpers/run.js";

function table(name: string, csv: string, settings: Record<string, string> = {}) {
  return lookupTable(name, parseCsv(csv, name), new Map(Object.entries(settings)));
}

const USERS = "user,dept,title\nalice,eng,lead\nbob,ops,\ncarol,eng,dev\n";
const lookups: LookupResolver = lookupsFromTables([
  table("users", USERS),
  table("users_ci", USERS, { case_sensitive_match: "false" }),
  // Written as security_content's hijacklibs.yml and hijacklibs.csv are (corpus).
  table("hijacklibs", "library,islibrary\n*\\evil.dll,TRUE\n*\\Bad*.dll,TRUE\n", {
    default_match: "false",
    match_type: "WILDCARD(library)",
    min_matches: "1",
    case_sensitive_match: "false",
  }),
  table("wild_cs", "pattern,kind\n*.exe,exe\n", { match_type: "WILDCARD(pattern)" }),
  table("nets", "net,zone\n10.0.0.0/8,internal\n10.1.0.0/16,lab\n192.168.1.7,printer\n2001:db8::/32,v6\nnot-an-ip,odd\n", { match_type: "CIDR(net)" }),
  table("groups", "user,group\nalice,admins\nbob,ops\nalice,devs\nalice,admins\n"),
  table("pairs", "a,b,out\n1,x,one-x\n1,y,one-y\n2,x,two-x\n"),
  table("codes", "EventCode,Description\n8001,ok\n8004,blocked\n"),
]);

const opts = { lookups };
type Events = Record<string, unknown>[];
const go = (search: string, events: Events = [{ user: "alice" }]) => run(search, events, opts);

describe("lookup: fields and outputs (S38 lookup)", () => {
  it("OUTPUT copies the named table field into the event", async () => {
    expect((await go("* | lookup users user OUTPUT dept | table user dept")).rows).toEqual([{ user: "alice", dept: "eng" }]);
  });

  it("without OUTPUT every table field except the match fields is output", async () => {
    const r = await go("* | lookup users user | table user dept title");
    expect(r.rows).toEqual([{ user: "alice", dept: "eng", title: "lead" }]);
  });

  it("<lookup-field> AS <event-field> matches a differently named event field", async () => {
    const r = await go("* | lookup users user AS account OUTPUT dept | table account dept", [{ account: "bob" }]);
    expect(r.rows).toEqual([{ account: "bob", dept: "ops" }]);
  });

  it("<lookup-destfield> AS <event-destfield> renames the output", async () => {
    const r = await go("* | lookup users user OUTPUT dept AS department | table department dept");
    expect(r.rows).toEqual([{ department: "eng" }]);
  });

  it("keywords OUTPUT, OUTPUTNEW and AS are case-insensitive", async () => {
    const r = await go("* | lookup users user as account output dept As d | lookup users user AS account outputnew title | table d title", [{ account: "carol" }]);
    expect(r.rows).toEqual([{ d: "eng", title: "dev" }]);
  });

  it("fields are separated by spaces or commas, attached or not (corpus: `OUTPUT isutility, description as signature`)", async () => {
    const r = await go("* | lookup users user AS account OUTPUT dept AS d,title , user AS u | table d title u", [{ account: "alice" }]);
    expect(r.rows).toEqual([{ d: "eng", title: "lead", u: "alice" }]);
  });

  it("OUTPUT overwrites an existing field", async () => {
    expect((await go("* | lookup users user OUTPUT dept | table dept", [{ user: "alice", dept: "old" }])).rows).toEqual([{ dept: "eng" }]);
  });

  it("OUTPUTNEW keeps an existing field and fills a missing one", async () => {
    const r = await go("* | lookup users user OUTPUTNEW dept title | table dept title", [{ user: "alice", dept: "old" }]);
    expect(r.rows).toEqual([{ dept: "old", title: "lead" }]);
  });

  it("the output may replace the input field itself (corpus: `lookup ace_type_lookup ace_type_string as aceType OUTPUT ace_type_value as aceType`)", async () => {
    const r = await go("* | lookup codes EventCode AS code OUTPUT Description AS code | table code", [{ code: "8004" }]);
    expect(r.rows).toEqual([{ code: "blocked" }]);
  });

  it("a numeric event value matches the table's text (corpus: `lookup applockereventcodes EventCode OUTPUT Description` after stats)", async () => {
    const r = await go("* | eval EventCode=8000+1 | lookup codes EventCode OUTPUT Description | table Description", [{}]);
    expect(r.rows).toEqual([{ Description: "ok" }]);
  });

  it("the output columns follow the columns before the lookup", async () => {
    const r = await go("* | table user | lookup users user OUTPUT dept title");
    expect(r.columns).toEqual(["user", "dept", "title"]);
  });
});

describe("lookup: no match, empty cells, missing input (7.11, KM matching)", () => {
  it("no match leaves the outputs absent", async () => {
    expect((await go("* | lookup users user OUTPUT dept | table user dept", [{ user: "zed" }])).rows).toEqual([{ user: "zed" }]);
  });

  it("reading chosen: OUTPUT overwrites even without a match, so an existing output field is removed", async () => {
    expect((await go("* | lookup users user OUTPUT dept | table user dept", [{ user: "zed", dept: "old" }])).rows).toEqual([{ user: "zed" }]);
  });

  it("OUTPUTNEW without a match keeps the existing field", async () => {
    expect((await go("* | lookup users user OUTPUTNEW dept | table dept", [{ user: "zed", dept: "old" }])).rows).toEqual([{ dept: "old" }]);
  });

  it("an empty table cell outputs nothing (bob has no title)", async () => {
    expect((await go("* | lookup users user OUTPUT title | table user title", [{ user: "bob" }])).rows).toEqual([{ user: "bob" }]);
  });

  it("reading chosen: an event without the input field is left as it is (no lookup, no default_match)", async () => {
    const r = await go("* | lookup hijacklibs library AS process OUTPUT islibrary | lookup users user OUTPUT dept | table n islibrary dept", [{ n: "1", dept: "old" }]);
    expect(r.rows).toEqual([{ n: "1", dept: "old" }]);
  });

  it("KM matching: min_matches=1 with default_match='false' outputs false when nothing matches (corpus: hijacklibs)", async () => {
    const r = await go("* | lookup hijacklibs library AS process OUTPUT islibrary | table process islibrary", [{ process: "C:\\Windows\\notepad.exe" }]);
    expect(r.rows).toEqual([{ process: "C:\\Windows\\notepad.exe", islibrary: "false" }]);
  });
});

describe("lookup: case sensitivity (7.11, KM matching)", () => {
  it("matching is case-sensitive by default", async () => {
    expect((await go("* | lookup users user OUTPUT dept | table dept", [{ user: "ALICE" }])).rows).toEqual([{}]);
  });

  it("case_sensitive_match=false matches any case; the output is the table's text", async () => {
    expect((await go("* | lookup users_ci user OUTPUT dept user AS u | table dept u", [{ user: "ALICE" }])).rows).toEqual([{ dept: "eng", u: "alice" }]);
  });
});

describe("lookup: WILDCARD and CIDR match types (KM matching; transforms.conf match_type)", () => {
  it("WILDCARD(field): the table's `*` matches any run of characters (corpus: hijacklibs `*\\evil.dll`)", async () => {
    const r = await go("* | lookup hijacklibs library AS process OUTPUT islibrary | table islibrary", [{ process: "C:\\Users\\x\\evil.dll" }]);
    expect(r.rows).toEqual([{ islibrary: "TRUE" }]);
  });

  it("WILDCARD with case_sensitive_match=false ignores case in the pattern's literal parts", async () => {
    const r = await go("* | lookup hijacklibs library AS process OUTPUT islibrary | table islibrary", [{ process: "d:\\BADthing.DLL" }]);
    expect(r.rows).toEqual([{ islibrary: "TRUE" }]);
  });

  it("WILDCARD is case-sensitive by default, and only `*` is special (`.` is literal)", async () => {
    const r = await go("* | lookup wild_cs pattern AS f OUTPUT kind | table f kind", [{ f: "a.EXE" }, { f: "a.exe" }, { f: "aXexe" }]);
    expect(r.rows).toEqual([{ f: "aXexe" }, { f: "a.exe", kind: "exe" }, { f: "a.EXE" }]);
  });

  it("without match_type a `*` in the table is literal", async () => {
    const t = lookupsFromTables([table("lit", "p,k\n*.exe,exe\n")]);
    const r = await run("* | lookup lit p AS f OUTPUT k | table f k", [{ f: "a.exe" }, { f: "*.exe" }], { lookups: t });
    expect(r.rows).toEqual([{ f: "*.exe", k: "exe" }, { f: "a.exe" }]);
  });

  it("CIDR(field): an address matches every network that holds it, in table order", async () => {
    const r = await go("* | lookup nets net AS ip OUTPUT zone | table ip zone", [{ ip: "10.1.2.3" }, { ip: "10.9.9.9" }, { ip: "11.0.0.1" }]);
    expect(r.rows).toEqual([{ ip: "11.0.0.1" }, { ip: "10.9.9.9", zone: "internal" }, { ip: "10.1.2.3", zone: ["internal", "lab"] }]);
  });

  it("CIDR: a single address in the table matches itself; IPv6 networks (S38: IPv4 and IPv6); a cell that is not an address matches its text", async () => {
    const r = await go("* | lookup nets net AS ip OUTPUT zone | table zone", [{ ip: "192.168.1.7" }, { ip: "2001:db8:1::5" }, { ip: "not-an-ip" }]);
    expect(r.rows).toEqual([{ zone: "odd" }, { zone: "v6" }, { zone: "printer" }]);
  });
});

describe("lookup: several matches and multivalue fields (7.11, KM matching)", () => {
  it("several matching rows give a multivalue output in table order", async () => {
    expect((await go("* | lookup groups user OUTPUT group | table group")).rows).toEqual([{ group: ["admins", "devs", "admins"] }]);
  });

  it("max_matches keeps the first N matching rows in file order", async () => {
    const t = lookupsFromTables([table("g", "user,group\nalice,admins\nalice,devs\n", { max_matches: "1" })]);
    expect((await run("* | lookup g user OUTPUT group | table group", [{ user: "alice" }], { lookups: t })).rows).toEqual([{ group: "admins" }]);
  });

  it("a multivalue event field is looked up value by value; outputs follow the values' order", async () => {
    const r = await go("* | eval user=split(\"carol,zed,bob\", \",\") | lookup users user OUTPUT dept | table dept", [{}]);
    expect(r.rows).toEqual([{ dept: ["eng", "ops"] }]);
  });

  it("with min_matches=1 each unmatched value of a multivalue field contributes default_match", async () => {
    const r = await go("* | eval p=split(\"x\\\\evil.dll,y.exe\", \",\") | lookup hijacklibs library AS p OUTPUT islibrary | table islibrary", [{}]);
    expect(r.rows).toEqual([{ islibrary: ["TRUE", "false"] }]);
  });

  it("with several match fields a row must match all of them", async () => {
    const r = await go("* | lookup pairs a b OUTPUT out | table out", [{ a: "1", b: "y" }]);
    expect(r.rows).toEqual([{ out: "one-y" }]);
  });
});

describe("lookup: errors", () => {
  const err = async (search: string, resolver: LookupResolver | null = lookups) => {
    const r = await run(search, [{ user: "alice" }], resolver ? { lookups: resolver } : {});
    expect(r.result.ok).toBe(false);
    const d = r.result.diagnostics[0]!;
    return { code: d.code, at: search.slice(d.span!.start, d.span!.end), message: d.message };
  };

  it("brief: an unknown table is an error naming it, at its position", async () => {
    expect(await err("* | lookup nosuch user OUTPUT dept")).toEqual({
      code: "bad-argument",
      at: "nosuch",
      message: "The lookup table 'nosuch' does not exist or is not available",
    });
  });

  it("brief: with no lookups configured, the error names the table and says how to configure them", async () => {
    const e = await err("* | lookup users user", null);
    expect(e.at).toBe("users");
    expect(e.message).toMatch(/'users' does not exist or is not available: no lookups are configured.*--lookups <dir>/);
  });

  it("brief: a name that could escape the lookup directories is refused at its position", async () => {
    const e = await err("* | lookup ../users.csv user");
    expect(e.at).toBe("../users.csv");
    expect(e.message).toMatch(/cannot escape their configured directories/);
  });

  it("S38 lookup: a match field that the table does not have is an error at that field", async () => {
    const e = await err("* | lookup users user, nope AS x OUTPUT dept");
    expect(e).toMatchObject({ code: "bad-argument", at: "nope" });
    expect(e.message).toMatch(/Could not find all of the specified lookup fields in the lookup table/);
  });

  it("S38 lookup: an output field that the table does not have is an error at that field", async () => {
    const e = await err("* | lookup users user OUTPUTNEW dept, nope");
    expect(e).toMatchObject({ code: "bad-argument", at: "nope" });
    expect(e.message).toMatch(/Could not find all of the specified destination fields in the lookup table/);
  });

  it("an unknown option is an unsupported-argument error naming it (DESIGN: unsupported means loud)", async () => {
    expect(await err("* | lookup max=3 users user")).toMatchObject({ code: "unsupported-argument", at: "max=3" });
  });

  it("S38 lookup: local= and update= are accepted (they only place the lookup and refresh real-time searches)", async () => {
    const r = await go("* | lookup update=true local=f users user OUTPUT dept | table dept");
    expect(r.rows).toEqual([{ dept: "eng" }]);
    expect(await err("* | lookup update=maybe users user")).toMatchObject({ code: "bad-argument", at: "update=maybe" });
  });

  it.each([
    ["* | lookup", "lookup", /needs a lookup table name/],
    ["* | lookup users", "users", /needs at least one field to match/],
    ["* | lookup users OUTPUT dept", "OUTPUT", /needs at least one field to match/],
    ["* | lookup users user AS", "AS", /expected a field name after AS/],
    ["* | lookup users AS x", "AS", /expected a field name before AS/],
    ["* | lookup users user OUTPUT", "OUTPUT", /expected a field name after OUTPUT/],
    ["* | lookup users user OUTPUT dept OUTPUTNEW title", "OUTPUTNEW", /only one OUTPUT or OUTPUTNEW/],
    ["* | lookup users (user)", "(user)", /expected a field name/],
  ])("%s is a bad-argument error at %j", async (search, at, message) => {
    const e = await err(search);
    expect(e).toMatchObject({ code: "bad-argument", at });
    expect(e.message).toMatch(message);
  });

  it("a bad match setting is an error at the table name", async () => {
    const t = lookupsFromTables([table("bad", "a\n1\n", { match_type: "FUZZY(a)" })]);
    const e = await err("* | lookup bad a", t);
    expect(e).toMatchObject({ code: "bad-argument", at: "bad" });
    expect(e.message).toMatch(/lookup 'bad': invalid match_type 'FUZZY\(a\)'/);
  });

  it("a time-based lookup (time_field) is refused, not approximated", async () => {
    const t = lookupsFromTables([table("timed", "a,_time\n1,2\n", { time_field: "_time" })]);
    expect(await err("* | lookup timed a", t)).toMatchObject({ code: "unsupported-argument", at: "timed" });
  });
});
