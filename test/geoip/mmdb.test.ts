// The MaxMind DB reader against databases built by the test writer (test/helpers/mmdb-writer.ts): the
// search tree in every record size, IPv4 in IPv6 and IPv4 trees, every data type, pointers of every
// width, and corrupt or truncated files, which must give an error naming the file, never a crash or a
// hang.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MmdbError, MmdbReader, type MmdbValue } from "../../src/geoip/mmdb.js";
import { openGeoDatabase } from "../../src/geoip/open.js";
import { parseAddress } from "../../src/values/ip.js";
import { MARKER, raw, typed, writeMmdb, type Network, type WriterOptions } from "../helpers/mmdb-writer.js";

const tmp = mkdtempSync(join(tmpdir(), "spelunk-mmdb-"));

function lookup(reader: MmdbReader, ip: string): MmdbValue | null {
  const a = parseAddress(ip);
  if (!a) throw new Error(`bad test address ${ip}`);
  return reader.lookup(a);
}

const reader = (networks: readonly Network[], options: WriterOptions = {}) => new MmdbReader(writeMmdb(networks, options), "test.mmdb");

const networks: Network[] = [
  { cidr: "1.0.0.0/8", record: "one-wide" },
  { cidr: "1.2.3.0/24", record: "one-narrow" },
  { cidr: "1.2.3.128/25", record: "one-narrower" },
  { cidr: "203.0.113.7/32", record: "host" },
  { cidr: "2001:db8::/32", record: "doc-v6" },
  { cidr: "2001:db8:1::/48", record: "doc-v6-narrow" },
];

describe.each([24, 28, 32] as const)("the search tree, record size %i", (recordSize) => {
  const r = reader(networks, { recordSize });

  it("reads the metadata", () => {
    expect(r.metadata).toMatchObject({ recordSize, ipVersion: 6, databaseType: "GeoLite2-City", languages: ["en", "de"] });
    expect(r.metadata.map.get("build_epoch")).toBe(1700000000n);
  });

  it("finds IPv4 addresses under ::/96, the narrowest network first", () => {
    expect(lookup(r, "1.200.0.1")).toBe("one-wide");
    expect(lookup(r, "1.2.3.4")).toBe("one-narrow");
    expect(lookup(r, "1.2.3.200")).toBe("one-narrower");
    expect(lookup(r, "203.0.113.7")).toBe("host");
    expect(lookup(r, "0:0:0:0:0:0:102:304")).toBe("one-narrow");
  });

  it("finds IPv6 addresses", () => {
    expect(lookup(r, "2001:db8:ffff::1")).toBe("doc-v6");
    expect(lookup(r, "2001:db8:1:2::3")).toBe("doc-v6-narrow");
  });

  it("gives null for an address in no network", () => {
    expect(lookup(r, "10.0.0.1")).toBeNull();
    expect(lookup(r, "203.0.113.8")).toBeNull();
    expect(lookup(r, "2001:db9::1")).toBeNull();
    expect(lookup(r, "::1")).toBeNull();
  });
});

describe("record values above 2^24", () => {
  // 16 MiB of padding before the data: records then use the high nibble (28 bits) or byte (32 bits).
  it.each([28, 32] as const)("are read whole in %i-bit records", (recordSize) => {
    const r = reader(networks, { recordSize, padding: 2 ** 24 });
    expect(lookup(r, "1.2.3.200")).toBe("one-narrower");
    expect(lookup(r, "2001:db8:1::1")).toBe("doc-v6-narrow");
  });
});

describe("an IPv4 tree", () => {
  const r = reader(networks.filter((n) => !n.cidr.includes(":")), { ipVersion: 4, recordSize: 24 });
  it("finds IPv4 addresses from its root, and no IPv6 address", () => {
    expect(r.metadata.ipVersion).toBe(4);
    expect(lookup(r, "1.2.3.4")).toBe("one-narrow");
    expect(lookup(r, "9.9.9.9")).toBeNull();
    expect(lookup(r, "2001:db8::1")).toBeNull();
  });
});

describe("an IPv6 tree whose ::/96 subtree is one record", () => {
  it("gives that record for every IPv4 address", () => {
    const r = reader([{ cidr: "::/64", record: "all-low" }]);
    expect(lookup(r, "8.8.8.8")).toBe("all-low");
  });
});

describe("data types", () => {
  const record = {
    string: "Zürich",
    empty: "",
    long: "x".repeat(300),
    longer: "y".repeat(70_000),
    double: 51.5142,
    negativeDouble: typed("double", -0.0931),
    float: typed("float", 1.5),
    uint16: typed("uint16", 819),
    uint16zero: typed("uint16", 0),
    uint32: typed("uint32", 4294967295),
    int32: typed("int32", -17),
    int32positive: typed("int32", 17),
    uint64: typed("uint64", 18446744073709551615n),
    uint128: typed("uint128", 2n ** 127n + 5n),
    bytes: new Uint8Array([0, 1, 254, 255]),
    yes: true,
    no: false,
    array: ["a", 1, ["nested", { k: "v" }], []],
    nested: { city: { names: { en: "London", de: "London" } }, empty: {} },
    ...JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}'),
  };

  const expected: MmdbValue = new Map<string, MmdbValue>([
    ["string", "Zürich"],
    ["empty", ""],
    ["long", "x".repeat(300)],
    ["longer", "y".repeat(70_000)],
    ["double", 51.5142],
    ["negativeDouble", -0.0931],
    ["float", 1.5],
    ["uint16", 819],
    ["uint16zero", 0],
    ["uint32", 4294967295],
    ["int32", -17],
    ["int32positive", 17],
    ["uint64", 18446744073709551615n],
    ["uint128", 2n ** 127n + 5n],
    ["bytes", new Uint8Array([0, 1, 254, 255])],
    ["yes", true],
    ["no", false],
    ["array", ["a", 1, ["nested", new Map([["k", "v"]])], []]],
    [
      "nested",
      new Map<string, MmdbValue>([
        ["city", new Map([["names", new Map([["en", "London"], ["de", "London"]])]])],
        ["empty", new Map()],
      ]),
    ],
    ["__proto__", new Map([["polluted", "yes"]])],
    ["constructor", "c"],
  ]);

  // Padding moves the data past the offsets that 1-, 2- and 3-byte pointers reach.
  it.each([
    ["no pointers", {}],
    ["11-bit pointers", { pointers: true }],
    ["19-bit pointers", { pointers: true, padding: 3000 }],
    ["27-bit pointers", { pointers: true, padding: 600_000 }],
    ["32-bit pointers", { pointers: true, widePointers: true }],
  ] as const)("decodes every type (%s)", (_name, options) => {
    const twice = { first: record, again: { ...record } };
    const r = reader([{ cidr: "81.2.69.0/24", record: twice }], options);
    expect(lookup(r, "81.2.69.160")).toEqual(new Map([["first", expected], ["again", expected]]));
  });

  it("keeps keys such as __proto__ as data: no object's prototype changes", () => {
    const r = reader([{ cidr: "81.2.69.0/24", record }]);
    const v = lookup(r, "81.2.69.1") as ReadonlyMap<string, MmdbValue>;
    expect(v).toBeInstanceOf(Map);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("shares one record between networks and gives equal values each time", () => {
    const shared = { city: "Milton" };
    const r = reader([
      { cidr: "216.160.83.0/24", record: shared },
      { cidr: "216.160.84.0/24", record: shared },
    ]);
    expect(lookup(r, "216.160.83.56")).toEqual(new Map([["city", "Milton"]]));
    expect(lookup(r, "216.160.84.1")).toEqual(lookup(r, "216.160.83.1"));
  });
});

/** A database whose one record (for 1.2.3.4) is these bytes, as they are. */
const rawRecord = (...bytes: number[]) => new MmdbReader(writeMmdb([{ cidr: "1.2.3.4/32", record: raw(...bytes) }]), "bad.mmdb");

describe("corrupt and truncated files", () => {
  const good = writeMmdb(networks);

  it("a file without the metadata marker", () => {
    expect(() => new MmdbReader(Buffer.from("not a database"), "x.mmdb")).toThrow(/^x\.mmdb: not a MaxMind DB file/);
    expect(() => new MmdbReader(Buffer.alloc(0), "empty.mmdb")).toThrow(MmdbError);
  });

  it("truncated anywhere: an error naming the file or a database that still answers, never a crash", () => {
    for (let n = 0; n < good.length; n++) {
      const cut = good.subarray(0, n);
      try {
        const r = new MmdbReader(cut, "cut.mmdb");
        for (const ip of ["1.2.3.4", "2001:db8::1", "10.0.0.1"]) lookup(r, ip);
      } catch (e) {
        expect(e).toBeInstanceOf(MmdbError);
        expect((e as Error).message).toMatch(/^cut\.mmdb: /);
      }
    }
  });

  it("every byte flipped: an error naming the file or an answer, never a crash or a hang", () => {
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 0xff;
      try {
        const r = new MmdbReader(bad, "flipped.mmdb");
        for (const ip of ["1.2.3.4", "1.2.3.200", "2001:db8:1::1"]) lookup(r, ip);
      } catch (e) {
        expect(e).toBeInstanceOf(MmdbError);
        expect((e as Error).message).toMatch(/^flipped\.mmdb: /);
      }
    }
  });

  it("a search tree larger than the file", () => {
    expect(() => reader(networks, { metadata: { node_count: typed("uint32", 1_000_000) } })).toThrow(/test\.mmdb: invalid MaxMind DB metadata: node_count 1000000 makes a search tree larger than the file/);
  });

  it("metadata without node_count, or with an unknown record size, ip version or format version", () => {
    expect(() => reader(networks, { metadata: { node_count: undefined } })).toThrow(/'node_count' is missing/);
    expect(() => reader(networks, { metadata: { record_size: typed("uint16", 20) } })).toThrow(/record_size 20/);
    expect(() => reader(networks, { metadata: { ip_version: typed("uint16", 5) } })).toThrow(/ip_version 5/);
    expect(() => reader(networks, { metadata: { binary_format_major_version: typed("uint16", 3) } })).toThrow(/binary format version 3/);
  });

  it("a record pointer past the data section", () => {
    // The root's left record (the first 4 bytes of the file) made a data pointer far past the end.
    const bytes = writeMmdb([{ cidr: "0.0.0.0/1", record: "x" }], { recordSize: 32 });
    bytes.writeUInt32BE(0xfffffff0, 0);
    const r = new MmdbReader(bytes, "far.mmdb");
    expect(() => lookup(r, "1.2.3.4")).toThrow(/^far\.mmdb: corrupt MaxMind DB data section: offset \d+ is outside the section/);
  });

  it("a pointer cycle (a map holding a pointer to itself)", () => {
    // map of 1 pair, key "a", value: pointer to offset 0 (the map).
    expect(() => lookup(rawRecord(0xe1, 0x41, 0x61, 0x20, 0x00), "1.2.3.4")).toThrow(/^bad\.mmdb: corrupt MaxMind DB data section: values nested more than 512 deep/);
  });

  it("a pointer to a pointer", () => {
    expect(() => lookup(rawRecord(0x20, 0x02, 0x20, 0x00), "1.2.3.4")).toThrow(/a pointer to a pointer/);
  });

  it("pointers that share a value exponentially often stop at the bound on a record's values", () => {
    // Level i (6 bytes at offset 6i): an array of two pointers to level i + 1; 40 levels would be 2^40 values.
    const bytes: number[] = [];
    for (let i = 0; i < 40; i++) bytes.push(0x02, 0x04, 0x20, 6 * (i + 1), 0x20, 6 * (i + 1));
    bytes.push(0x41, 0x78);
    const started = Date.now();
    expect(() => lookup(rawRecord(...bytes), "1.2.3.4")).toThrow(/a record of more than 100000 values/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ["a data cache container", [0x00, 0x05], /a data cache container/],
    ["the end marker", [0x00, 0x06], /the end marker/],
    ["an unknown extended type", [0x00, 0x09], /unknown extended type 16/],
    ["a map key that is not a string", [0xe1, 0xc1, 0x01, 0x41, 0x61], /a map key that is not a string/],
    ["a double of 4 bytes", [0x64, 0, 0, 0, 0], /a double of 4 bytes/],
    ["a float of 8 bytes", [0x08, 0x08, 0, 0, 0, 0, 0, 0, 0, 0], /a float of 8 bytes/],
    ["a uint16 of 3 bytes", [0xa3, 1, 2, 3], /a uint16 of 3 bytes/],
    ["a boolean of size 2", [0x02, 0x07], /a boolean of size 2/],
    ["a string longer than the section", [0x5f, 0xff, 0xff, 0xff], /runs past the end of its section/],
  ] as const)("%s", (_name, bytes, message) => {
    expect(() => lookup(rawRecord(...bytes), "1.2.3.4")).toThrow(message);
  });

  it("the last marker counts, even when the data holds another one", () => {
    const r = reader([{ cidr: "1.2.3.4/32", record: new Uint8Array(MARKER) }]);
    expect(lookup(r, "1.2.3.4")).toEqual(new Uint8Array(MARKER));
  });
});

describe("openGeoDatabase", () => {
  it("reads a file once and gives the same reader for the same path", () => {
    const file = join(tmp, "city.mmdb");
    writeFileSync(file, writeMmdb(networks));
    const a = openGeoDatabase(file);
    expect(openGeoDatabase(file)).toBe(a);
    expect(lookup(a, "1.2.3.4")).toBe("one-narrow");
  });

  it("names the file when it is missing, a directory, or not a database", () => {
    expect(() => openGeoDatabase(join(tmp, "missing.mmdb"))).toThrow(/^cannot read the GeoIP database .*missing\.mmdb: no such file$/);
    expect(() => openGeoDatabase(tmp)).toThrow(/a directory, not a file/);
    const junk = join(tmp, "junk.mmdb");
    writeFileSync(junk, "hello");
    expect(() => openGeoDatabase(junk)).toThrow(new RegExp(`^${junk.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not a MaxMind DB file`));
  });
});
