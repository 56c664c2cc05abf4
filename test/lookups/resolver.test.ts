// Finding lookup tables: security_content lookup definitions (YAML: name, filename or collection,
// match settings), CSV files by name, and the directories they may be read from. Sources: "S38 lookup"
// = Search Reference, lookup: the table is "either the name of a CSV file ... or the name of a stanza
// in transforms.conf"; "S38 inputlookup" = Search Reference, inputlookup (<filename> ends with .csv or
// .csv.gz, <tablename> a transforms.conf stanza); "corpus" = security_content/lookups/*.yml;
// "brief" = the task specification (lookup names cannot escape their configured directories).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SplError } from "../../src/diagnostics.js";
import { findSecurityContentLookups, lookupsFromDirs, parseLookupDefinition } from "../../src/lookups/index.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "spelunk-lookups-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string | Buffer): string {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function thrown(fn: () => unknown): SplError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SplError) return e;
    throw e;
  }
  throw new Error("expected an SplError");
}

const rowsOf = (t: { rows: ReadonlyArray<ReadonlyMap<string, string>> } | null) => t?.rows.map((r) => Object.fromEntries(r));

// Written as security_content writes them (hijacklibs.yml): quoted strings, no final line break.
const HIJACKLIBS_YML = [
  "description: A list of potentially abused libraries in Windows",
  "filename: hijacklibs.csv",
  "name: hijacklibs",
  "default_match: 'false'",
  "match_type: WILDCARD(library)",
  "min_matches: 1",
  "case_sensitive_match: 'false'",
].join("\n");

describe("parseLookupDefinition (corpus)", () => {
  it("reads name, filename and the match settings as text", () => {
    const d = parseLookupDefinition(HIJACKLIBS_YML, "hijacklibs.yml");
    expect(d.name).toBe("hijacklibs");
    expect(d.filename).toBe("hijacklibs.csv");
    expect(d.collection).toBeNull();
    expect(Object.fromEntries(d.settings)).toEqual({
      default_match: "false",
      match_type: "WILDCARD(library)",
      min_matches: "1",
      case_sensitive_match: "false",
    });
  });

  it("reads a KV store collection definition (previously_seen_aws_regions.yml)", () => {
    const d = parseLookupDefinition("collection: previously_seen_aws_regions\nname: previously_seen_aws_regions\nfields_list: _key,earliest,latest,awsRegion", "p.yml");
    expect(d.collection).toBe("previously_seen_aws_regions");
    expect(d.filename).toBeNull();
    expect(d.settings.get("fields_list")).toBe("_key,earliest,latest,awsRegion");
  });

  it.each([
    ["no name", "filename: a.csv\n", /x\.yml: a lookup definition needs a 'name'/],
    ["neither filename nor collection", "name: a\n", /x\.yml: lookup 'a' needs a 'filename' or a 'collection'/],
    ["not a mapping", "- a\n- b\n", /x\.yml: expected a lookup definition/],
    ["invalid YAML", "name: [a\n", /x\.yml: invalid YAML/],
  ])("refuses a definition with %s, naming the file", (_what, text, message) => {
    const e = thrown(() => parseLookupDefinition(text, "x.yml"));
    expect(e.diagnostic.code).toBe("input-error");
    expect(e.message).toMatch(message);
  });
});

describe("lookupsFromDirs", () => {
  it("S38 lookup: a definition by its name, with its settings (corpus)", () => {
    write("hijacklibs.yml", HIJACKLIBS_YML);
    write("hijacklibs.csv", "library,islibrary\n*\\evil.dll,TRUE\n");
    const t = lookupsFromDirs([dir]).resolve("hijacklibs");
    expect(t?.name).toBe("hijacklibs");
    expect(t?.fields).toEqual(["library", "islibrary"]);
    expect(rowsOf(t)).toEqual([{ library: "*\\evil.dll", islibrary: "TRUE" }]);
    expect(t?.settings.get("match_type")).toBe("WILDCARD(library)");
  });

  it("S38 lookup: a CSV file by its file name, without the settings of a definition that uses it", () => {
    write("hijacklibs.yml", HIJACKLIBS_YML);
    write("hijacklibs.csv", "library,islibrary\na.dll,TRUE\n");
    const t = lookupsFromDirs([dir]).resolve("hijacklibs.csv");
    expect(rowsOf(t)).toEqual([{ library: "a.dll", islibrary: "TRUE" }]);
    expect(t?.settings.size).toBe(0);
  });

  it("S38 inputlookup: a gzipped CSV file by its file name (.csv.gz)", () => {
    write("users.csv.gz", gzipSync("user\nalice\n"));
    expect(rowsOf(lookupsFromDirs([dir]).resolve("users.csv.gz"))).toEqual([{ user: "alice" }]);
  });

  it("a name that is neither a definition nor a file is unknown (null)", () => {
    write("users.csv", "user\nalice\n");
    expect(lookupsFromDirs([dir]).resolve("nothing")).toBeNull();
    expect(lookupsFromDirs([dir]).resolve("nothing.csv")).toBeNull();
  });

  it("S38 inputlookup: a bare name needs a definition; when only the file exists the error says to use the file name", () => {
    write("users.csv", "user\nalice\n");
    const e = thrown(() => lookupsFromDirs([dir]).resolve("users"));
    expect(e.message).toMatch(/no lookup definition named 'users'.*'users\.csv'/);
  });

  it.each(["../users.csv", "sub/users.csv", "sub\\users.csv", "/etc/passwd", "..", "a..csv", "C:\\x.csv"])(
    "brief: the name %j is refused: lookup names cannot escape their configured directories",
    (name) => {
      write("sub/users.csv", "user\nalice\n");
      const e = thrown(() => lookupsFromDirs([dir]).resolve(name));
      expect(e.diagnostic.code).toBe("bad-argument");
      expect(e.message).toMatch(/lookup names cannot escape their configured directories/);
    },
  );

  it("brief: a definition whose filename escapes the directory is refused when used", () => {
    write("evil.yml", "name: evil\nfilename: ../secret.csv\n");
    const e = thrown(() => lookupsFromDirs([dir]).resolve("evil"));
    expect(e.message).toMatch(/evil\.yml.*lookup names cannot escape their configured directories/);
  });

  it("files in subdirectories are not lookups (only the directory itself is read)", () => {
    write("sub/users.csv", "user\nalice\n");
    expect(lookupsFromDirs([dir]).resolve("users.csv")).toBeNull();
  });

  it("a later directory overrides an earlier one (as local/ overrides default/ for macros)", () => {
    write("a/users.csv", "user\nfrom_a\n");
    write("b/users.csv", "user\nfrom_b\n");
    write("a/u.yml", "name: u\nfilename: users.csv\n");
    write("b/u.yml", "name: u\nfilename: users.csv\ncase_sensitive_match: 'false'\n");
    const r = lookupsFromDirs([join(dir, "a"), join(dir, "b")]);
    expect(rowsOf(r.resolve("users.csv"))).toEqual([{ user: "from_b" }]);
    expect(r.resolve("u")?.settings.get("case_sensitive_match")).toBe("false");
  });

  it("a definition's file is looked for first beside the definition", () => {
    write("a/users.csv", "user\nfrom_a\n");
    write("a/u.yml", "name: u\nfilename: users.csv\n");
    write("b/users.csv", "user\nfrom_b\n");
    expect(rowsOf(lookupsFromDirs([join(dir, "a"), join(dir, "b")]).resolve("u"))).toEqual([{ user: "from_a" }]);
  });

  it("a table is read once, on first use, and shared", () => {
    write("users.csv", "user\nalice\n");
    const r = lookupsFromDirs([dir]);
    expect(r.resolve("users.csv")).toBe(r.resolve("users.csv"));
  });

  it("a malformed CSV is an error naming the file when the lookup is used, not before", () => {
    write("bad.csv", 'a\n"open\n');
    write("good.csv", "a\n1\n");
    const r = lookupsFromDirs([dir]);
    expect(rowsOf(r.resolve("good.csv"))).toEqual([{ a: "1" }]);
    expect(thrown(() => r.resolve("bad.csv")).message).toMatch(/bad\.csv: line 2: unterminated quoted field/);
  });

  it("invalid match settings are an error naming the definition file when used", () => {
    write("x.csv", "a\n1\n");
    write("x.yml", "name: x\nfilename: x.csv\nmax_matches: 0\n");
    expect(thrown(() => lookupsFromDirs([dir]).resolve("x")).message).toMatch(/x\.yml: .*max_matches/);
  });

  it("a definition whose file is missing is an error naming it", () => {
    write("x.yml", "name: x\nfilename: x.csv\n");
    expect(thrown(() => lookupsFromDirs([dir]).resolve("x")).message).toMatch(/lookup 'x'.*'x\.csv' is not in/);
  });

  it("corpus: an MLTK model definition (.mlmodel) is not a lookup table", () => {
    write("m.yml", "name: m\nfilename: m.mlmodel\n");
    write("m.mlmodel", "binary");
    expect(thrown(() => lookupsFromDirs([dir]).resolve("m")).message).toMatch(/'m' is not a CSV lookup/);
  });

  it("corpus: a KV store collection reads <collection>.csv when one is given, and is empty when not", () => {
    write("p.yml", "name: prev\ncollection: prev_coll\nfields_list: _key, user\n");
    // Empty, with fields_list's fields less _key: a collection no baseline search has filled yet.
    const empty = lookupsFromDirs([dir]).resolve("prev")!;
    expect(empty.fields).toEqual(["user"]);
    expect(empty.rows).toEqual([]);
    write("prev_coll.csv", "_key,user\n1,alice\n");
    expect(rowsOf(lookupsFromDirs([dir]).resolve("prev"))).toEqual([{ _key: "1", user: "alice" }]);
  });

  it("two definitions of one name in one directory are an error naming both files", () => {
    write("a.yml", "name: x\nfilename: x.csv\n");
    write("b.yml", "name: x\nfilename: y.csv\n");
    expect(thrown(() => lookupsFromDirs([dir])).message).toMatch(/'x' is defined twice.*a\.yml.*b\.yml/);
  });

  it("a missing directory is an input error naming it", () => {
    const e = thrown(() => lookupsFromDirs([join(dir, "nope")]));
    expect(e.diagnostic.code).toBe("input-error");
    expect(e.message).toMatch(/cannot read lookup directory .*nope/);
  });

  it("names() lists definition names and CSV file names", () => {
    write("u.yml", "name: u\nfilename: users.csv\n");
    write("users.csv", "user\n");
    write("notes.txt", "x");
    expect(lookupsFromDirs([dir]).names()).toEqual(["u", "users.csv"]);
  });
});

describe("findSecurityContentLookups", () => {
  it("corpus layout: finds lookups/ beside the detections/ folder a detection lives in", () => {
    const det = write("sc/detections/cloud/x.yml", "name: x\n");
    mkdirSync(join(dir, "sc/lookups"));
    expect(findSecurityContentLookups(det)).toBe(join(dir, "sc/lookups"));
    expect(findSecurityContentLookups(join(dir, "sc/detections"))).toBe(join(dir, "sc/lookups"));
  });

  it("is null outside a security_content checkout", () => {
    const det = write("elsewhere/x.yml", "name: x\n");
    expect(findSecurityContentLookups(det)).toBeNull();
  });
});
