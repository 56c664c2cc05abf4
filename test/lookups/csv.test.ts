// The CSV reader for lookup tables. Sources: "RFC 4180" = the CSV format (quoting with `"`, `""` inside
// quotes, embedded separators and line breaks, CRLF); "corpus" = files of security_content/lookups
// (headers written `EventCode, Description`, LF and CRLF files, a trailing blank line).
import { describe, expect, it } from "vitest";
import { SplError } from "../../src/diagnostics.js";
import { parseCsv } from "../../src/lookups/csv.js";

const rows = (text: string) => parseCsv(text, "t.csv").rows.map((r) => Object.fromEntries(r));

describe("parseCsv", () => {
  it("RFC 4180 2.4-2.5: header then records; fields in header order", () => {
    const t = parseCsv("user,dept\nalice,eng\nbob,ops\n", "t.csv");
    expect(t.fields).toEqual(["user", "dept"]);
    expect(rows("user,dept\nalice,eng\nbob,ops\n")).toEqual([
      { user: "alice", dept: "eng" },
      { user: "bob", dept: "ops" },
    ]);
  });

  it("RFC 4180 2.6-2.7: quoted fields hold commas, line breaks and doubled quotes", () => {
    expect(rows('a,b\n"x, y","line1\nline2"\n"say ""hi""",""\n')).toEqual([
      { a: "x, y", b: "line1\nline2" },
      { a: 'say "hi"', b: "" },
    ]);
  });

  it("RFC 4180 2.1: CRLF line breaks (and a CRLF inside quotes is kept)", () => {
    expect(rows('a,b\r\n1,"p\r\nq"\r\n2,3\r\n')).toEqual([
      { a: "1", b: "p\r\nq" },
      { a: "2", b: "3" },
    ]);
  });

  it("RFC 4180 2.2: the last record may end without a line break", () => {
    expect(rows("a\n1\n2")).toEqual([{ a: "1" }, { a: "2" }]);
  });

  it("a UTF-8 byte order mark before the header is not part of the first field name", () => {
    expect(parseCsv("\uFEFFa,b\n1,2\n", "t.csv").fields).toEqual(["a", "b"]);
  });

  it("corpus: blank lines are skipped (legit_domains.csv ends with one), as Python's csv.DictReader does", () => {
    expect(rows("a,b\n\n1,2\n\n")).toEqual([{ a: "1", b: "2" }]);
  });

  it("corpus: header names are trimmed (`EventCode, Description` is used as Description); values are kept verbatim (RFC 4180 2.4)", () => {
    const t = parseCsv("EventCode, Description\n8001, ok\n", "t.csv");
    expect(t.fields).toEqual(["EventCode", "Description"]);
    expect(Object.fromEntries(t.rows[0]!)).toEqual({ EventCode: "8001", Description: " ok" });
  });

  it("quoted header names (char_conversion_matrix.csv)", () => {
    expect(parseCsv('"_mkv_child","_timediff",ascii\n0,,":NUL:"\n', "t.csv").rows.map((r) => Object.fromEntries(r))).toEqual([
      { _mkv_child: "0", _timediff: "", ascii: ":NUL:" },
    ]);
  });

  it("a short record leaves the missing fields empty", () => {
    expect(rows("a,b,c\n1\n")).toEqual([{ a: "1", b: "", c: "" }]);
  });

  it("a quote inside an unquoted field is an ordinary character", () => {
    expect(rows('a\n5" disk\n')).toEqual([{ a: '5" disk' }]);
  });

  it.each([
    ["a record with more fields than the header", "a,b\n1,2,3\n", /t\.csv: line 2: 3 fields, but the header has 2/],
    ["an unterminated quoted field", 'a\n"open\n', /t\.csv: line 2: unterminated quoted field/],
    ["text after a closing quote", 'a\n"x"y\n', /t\.csv: line 2: unexpected character after a closing quote/],
    ["a duplicate header name", "a,a\n1,2\n", /t\.csv: line 1: duplicate field name 'a'/],
    ["an empty header name", "a,,b\n", /t\.csv: line 1: empty field name/],
    ["a file without a header", "\n\n", /t\.csv: no header line/],
  ])("refuses %s, naming the file and line", (_what, text, message) => {
    let err: unknown;
    try {
      parseCsv(text, "t.csv");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SplError);
    expect((err as SplError).diagnostic.code).toBe("input-error");
    expect((err as SplError).message).toMatch(message);
  });

  it("the line number of an error counts line breaks inside quoted fields", () => {
    expect(() => parseCsv('a,b\n"1\n2",3\n4,5,6\n', "t.csv")).toThrow(/line 4:/);
  });
});
