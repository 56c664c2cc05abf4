// iplocation (Splunk Search Reference "iplocation") over a small GeoLite2-City style database built by
// the test writer (test/helpers/city.ts). The golden harness cannot pass a database path, so the cases
// are written here as a table, in the golden files' shape.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCityDatabase } from "../helpers/city.js";
import { raw, writeMmdb } from "../helpers/mmdb-writer.js";
import { run, type JsonRow } from "../helpers/run.js";

const tmp = mkdtempSync(join(tmpdir(), "spelunk-iplocation-"));
const geoip = writeCityDatabase(tmp);

interface Case {
  readonly name: string;
  readonly source: string;
  readonly events: Record<string, unknown>[];
  readonly search: string;
  readonly rows: JsonRow[];
}

const london = { City: "London", Country: "United Kingdom", Region: "England", lat: "51.5142", lon: "-0.0931" };

const cases: Case[] = [
  {
    name: "adds City, Country, Region, lat and lon",
    source: "iplocation docs: the default fields are City, Country, Region, lat, lon",
    events: [{ src_ip: "81.2.69.142" }],
    search: "* | iplocation src_ip | table src_ip City Country Region lat lon Continent",
    rows: [{ src_ip: "81.2.69.142", ...london }],
  },
  {
    name: "allfields=true adds Continent, MetroCode and Timezone",
    source: "iplocation docs, allfields: adds Continent, MetroCode, and Timezone",
    events: [{ src_ip: "216.160.83.56" }],
    search: "* | iplocation allfields=true src_ip | table City Country Region lat lon Continent MetroCode Timezone",
    rows: [
      {
        City: "Milton",
        Country: "United States",
        Region: "Washington",
        lat: "47.2513",
        lon: "-122.3149",
        Continent: "North America",
        MetroCode: "819",
        Timezone: "America/Los_Angeles",
      },
    ],
  },
  {
    name: "allfields=true: a part the record lacks (London has no metro code) is empty",
    source: "iplocation docs: all the information might not be available for each IP address, an event can have empty field values",
    events: [{ src_ip: "81.2.69.142" }],
    search: "* | iplocation allfields=t src_ip | table Continent MetroCode Timezone",
    rows: [{ Continent: "Europe", MetroCode: "", Timezone: "Europe/London" }],
  },
  {
    name: "prefix= goes before every name",
    source: "iplocation docs, prefix: prepends a string to each field name",
    events: [{ src_ip: "81.2.69.142" }],
    search: "* | iplocation prefix=geo_ src_ip | table geo_City geo_Country geo_Region geo_lat geo_lon City",
    rows: [{ geo_City: "London", geo_Country: "United Kingdom", geo_Region: "England", geo_lat: "51.5142", geo_lon: "-0.0931" }],
  },
  {
    name: "lang= picks the names' language",
    source: "iplocation docs, lang: render the resulting strings in different languages",
    events: [{ src_ip: "81.2.69.142" }],
    search: "* | iplocation lang=de src_ip | table City Country Region",
    rows: [{ City: "London", Country: "Vereinigtes Königreich", Region: "England" }],
  },
  {
    name: "lang=: a name missing in that language is empty, not the English one",
    source: "reading chosen (src/commands/iplocation.ts): no fallback to English, the field is empty as for a missing part",
    events: [{ src_ip: "216.160.83.56" }],
    search: "* | iplocation lang=de allfields=true src_ip | table City Country Region Continent lat",
    rows: [{ City: "", Country: "USA", Region: "", Continent: "Nordamerika", lat: "47.2513" }],
  },
  {
    name: "an address the database has no record for (an internal one) gets no fields",
    source: "iplocation docs: for IP addresses which do not have a location, such as internal addresses, no fields are added",
    events: [{ src_ip: "10.0.0.1" }, { src_ip: "8.8.8.8" }],
    search: "* | iplocation allfields=true src_ip | table src_ip City Country Region lat lon Continent MetroCode Timezone",
    rows: [{ src_ip: "8.8.8.8" }, { src_ip: "10.0.0.1" }],
  },
  {
    name: "a record without a city or a region: those fields are empty, the others filled",
    source: "iplocation docs: an event can have empty field values",
    events: [{ src_ip: "1.129.1.1" }],
    search: "* | iplocation src_ip | table City Country Region lat lon",
    rows: [{ City: "", Country: "Australia", Region: "", lat: "-33.494", lon: "143.2104" }],
  },
  {
    name: "IPv6 addresses",
    source: "iplocation docs: supports IPv4 and IPv6 addresses",
    events: [{ src_ip: "2001:db8:85a3::8a2e:370:7334" }],
    search: "* | iplocation src_ip | table City Country Region",
    rows: [{ City: "Berlin", Country: "Germany", Region: "Land Berlin" }],
  },
  {
    name: "a value that is not an IP address gets no fields",
    source: "iplocation docs (no location, no fields)",
    events: [{ src_ip: "not-an-ip" }, { src_ip: "81.2.69.300" }, { src_ip: "" }],
    search: "* | iplocation src_ip | table src_ip City",
    rows: [{ src_ip: "" }, { src_ip: "81.2.69.300" }, { src_ip: "not-an-ip" }],
  },
  {
    name: "a multivalue field is read from its first value",
    source: "reading chosen (src/commands/iplocation.ts), as fromjson reads one",
    events: [{ ips: "81.2.69.142,10.0.0.1" }, { ips: "10.0.0.1,81.2.69.142" }],
    search: '* | eval ips=split(ips, ",") | iplocation ips | table City',
    rows: [{}, { City: "London" }],
  },
  {
    name: "a row without the field gets no fields",
    source: "iplocation docs (no address, no location)",
    events: [{ other: "81.2.69.142" }],
    search: "* | iplocation src_ip | table other City",
    rows: [{ other: "81.2.69.142" }],
  },
  {
    name: "found: the fields are overwritten; not found: an existing field keeps its value",
    source: "inferred: iplocation sets the fields it adds, as eval does",
    events: [{ src_ip: "81.2.69.142", City: "old" }, { src_ip: "10.0.0.1", City: "kept" }],
    search: "* | iplocation src_ip | table src_ip City",
    rows: [{ src_ip: "10.0.0.1", City: "kept" }, { src_ip: "81.2.69.142", City: "London" }],
  },
  {
    name: "after a generating command",
    source: "iplocation is a streaming command",
    events: [],
    search: '| makeresults | eval ip="81.2.69.142" | iplocation ip | table ip City',
    rows: [{ ip: "81.2.69.142", City: "London" }],
  },
];

describe("iplocation with a database", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ran = await run(c.search, c.events, { geoip });
    expect(ran.result.diagnostics).toEqual([]);
    expect(ran.rows).toEqual(c.rows);
  });

  it("adds its fields to a fixed column list", async () => {
    const ran = await run("* | table src_ip | iplocation prefix=g_ src_ip", [{ src_ip: "81.2.69.142" }], { geoip });
    expect(ran.columns).toEqual(["src_ip", "g_City", "g_Country", "g_Region", "g_lat", "g_lon"]);
  });

  it("reads databases of every record size", async () => {
    for (const recordSize of [24, 28, 32] as const) {
      const file = writeCityDatabase(tmp, `city-${recordSize}.mmdb`, { recordSize });
      const ran = await run("* | iplocation src_ip | table City", [{ src_ip: "81.2.69.1" }], { geoip: file });
      expect(ran.rows).toEqual([{ City: "London" }]);
    }
  });
});

describe("iplocation errors", () => {
  it("without a database: refused before reading events, naming the command and --geoip", async () => {
    const search = "* | iplocation src_ip | table City";
    const { result, rows } = await run(search, [{ src_ip: "203.0.113.10" }]);
    expect(result.ok).toBe(false);
    expect(result.eventsRead).toBe(0);
    expect(rows).toEqual([]);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe("unsupported-argument");
    expect(d.message).toMatch(/'iplocation' command needs a GeoIP database/);
    expect(d.message).toMatch(/--geoip <file\.mmdb>/);
    expect(d.message).toMatch(/SPELUNK_GEOIP/);
    expect(search.slice(d.span!.start, d.span!.end)).toBe("iplocation src_ip");
  });

  it("a database that is missing or not a database: an input error naming the file", async () => {
    const missing = join(tmp, "nope.mmdb");
    let r = await run("* | iplocation src_ip", [{ src_ip: "81.2.69.142" }], { geoip: missing });
    expect(r.result.diagnostics[0]).toMatchObject({ code: "input-error", message: `cannot read the GeoIP database ${missing}: no such file` });
    expect(r.result.eventsRead).toBe(0);
    const junk = join(tmp, "junk.mmdb");
    writeFileSync(junk, "not a database");
    r = await run("* | iplocation src_ip", [{ src_ip: "81.2.69.142" }], { geoip: junk });
    expect(r.result.diagnostics[0]).toMatchObject({ code: "input-error", message: `${junk}: not a MaxMind DB file (no metadata marker in its last 128 KiB)` });
  });

  it("a corrupt record: an input error naming the file when an address reaches it", async () => {
    const bad = join(tmp, "bad-record.mmdb");
    writeFileSync(bad, writeMmdb([{ cidr: "81.2.69.0/24", record: raw(0x20, 0x02, 0x20, 0x00) }]));
    const r = await run("* | iplocation src_ip", [{ src_ip: "10.0.0.1" }, { src_ip: "81.2.69.142" }], { geoip: bad });
    expect(r.result.ok).toBe(false);
    expect(r.result.diagnostics[0]).toMatchObject({ code: "input-error" });
    expect(r.result.diagnostics[0]!.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: corrupt MaxMind DB data section: a pointer to a pointer`));
  });

  it("arguments are checked: one field, known options, Boolean allfields", async () => {
    const codeOf = async (search: string) => (await run(search, [], { geoip })).result.diagnostics[0]?.code;
    expect(await codeOf("* | iplocation")).toBe("bad-argument");
    expect(await codeOf("* | iplocation a b")).toBe("bad-argument");
    expect(await codeOf("* | iplocation allfields=maybe a")).toBe("bad-argument");
    expect(await codeOf("* | iplocation fields=x a")).toBe("unsupported-argument");
  });
});
