// A reader for MaxMind DB files (.mmdb: GeoLite2-City and the like), written from the public format
// specification, version 2.0 (https://maxmind.github.io/MaxMind-DB/). A file is a binary search tree
// over the bits of an address, 16 zero bytes, a data section of typed values, then a metadata marker
// and a metadata map. The whole file is one Buffer in memory.
//
// Safety: a file is data from outside, so nothing in it is trusted. Every read is checked against the
// end of its section, a pointer may not point to a pointer (as the spec says), nesting is bounded, and
// so is the number of values one record may decode to (pointers can share a value many times over:
// without a bound a small file could describe an exponentially large record). Any problem is an
// MmdbError naming the file, never a crash or a loop without end. Maps decode to `Map`s, so a key such
// as `__proto__` is ordinary data.
import type { Address } from "../values/ip.js";

export type MmdbValue = string | number | bigint | boolean | Uint8Array | readonly MmdbValue[] | MmdbMap;
export type MmdbMap = ReadonlyMap<string, MmdbValue>;

export class MmdbError extends Error {
  override readonly name = "MmdbError";
}

export interface MmdbMetadata {
  readonly nodeCount: number;
  readonly recordSize: 24 | 28 | 32;
  readonly ipVersion: 4 | 6;
  readonly databaseType: string;
  readonly languages: readonly string[];
  /** The whole metadata map, as stored. */
  readonly map: MmdbMap;
}

const MARKER = Buffer.from("abcdef4d61784d696e642e636f6d", "hex"); // "\xAB\xCD\xEFMaxMind.com"
/** The metadata, marker included, is at most 128 KiB: the marker is searched for there only. */
const METADATA_MAX = 128 * 1024;
const SEPARATOR = 16;
/** libmaxminddb's bound on nesting; a pointer cycle reaches it at once. */
const MAX_DEPTH = 512;
/** Values one decode may produce: a City record has a few hundred. */
const MAX_VALUES = 100_000;
/** Decoded records kept by data offset (many addresses share a record); the cache is emptied when full. */
const RECORD_CACHE = 4096;

const enum Type {
  Extended = 0,
  Pointer = 1,
  String = 2,
  Double = 3,
  Bytes = 4,
  Uint16 = 5,
  Uint32 = 6,
  Map = 7,
  Int32 = 8,
  Uint64 = 9,
  Uint128 = 10,
  Array = 11,
  DataCache = 12,
  EndMarker = 13,
  Boolean = 14,
  Float = 15,
}

/** Decodes values of one section (the data section or the metadata) of `buf`, `start` to `end`. */
class Decoder {
  private pos = 0;
  private budget = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
    private readonly what: string,
  ) {}

  /** The value at `offset` from the start of the section. */
  decode(offset: number): MmdbValue {
    if (!(offset >= 0 && offset < this.end - this.start)) this.fail(`offset ${offset} is outside the section`);
    this.pos = this.start + offset;
    this.budget = MAX_VALUES;
    return this.value(0);
  }

  private fail(problem: string): never {
    throw new MmdbError(`corrupt ${this.what}: ${problem} (at byte ${this.pos} of the file)`);
  }

  /** Advance past `n` bytes and return where they start. */
  private take(n: number): number {
    if (n > this.end - this.pos) this.fail("a value runs past the end of its section (the file may be truncated)");
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** An unsigned big-endian integer of `n` bytes (n <= 6; 0 bytes is 0). */
  private uint(n: number): number {
    const at = this.take(n);
    return n === 0 ? 0 : this.buf.readUIntBE(at, n);
  }

  private value(depth: number): MmdbValue {
    if (depth > MAX_DEPTH) this.fail(`values nested more than ${MAX_DEPTH} deep (a pointer cycle?)`);
    if (--this.budget < 0) this.fail(`a record of more than ${MAX_VALUES} values`);
    const ctrl = this.uint(1);
    let type = ctrl >> 5;
    if (type === Type.Pointer) return this.pointer(ctrl, depth);
    if (type === Type.Extended) {
      type = 7 + this.uint(1);
      if (type <= Type.Map || type > Type.Float) this.fail(`unknown extended type ${type}`);
    }
    const size = this.size(ctrl);
    switch (type as Type) {
      case Type.String: {
        const at = this.take(size);
        return this.buf.toString("utf8", at, at + size);
      }
      case Type.Double:
        if (size !== 8) this.fail(`a double of ${size} bytes`);
        return this.buf.readDoubleBE(this.take(8));
      case Type.Float:
        if (size !== 4) this.fail(`a float of ${size} bytes`);
        return this.buf.readFloatBE(this.take(4));
      case Type.Bytes: {
        const at = this.take(size);
        return new Uint8Array(this.buf.subarray(at, at + size)); // a copy, not a view of the file
      }
      case Type.Uint16:
        return this.uint(this.width(size, 2, "uint16"));
      case Type.Uint32:
        return this.uint(this.width(size, 4, "uint32"));
      case Type.Int32:
        // Two's complement when all four bytes are there; a shorter int32 has no sign bit (as libmaxminddb reads it).
        return size === 4 ? this.buf.readInt32BE(this.take(4)) : this.uint(this.width(size, 4, "int32"));
      case Type.Uint64:
        return this.big(this.width(size, 8, "uint64"));
      case Type.Uint128:
        return this.big(this.width(size, 16, "uint128"));
      case Type.Boolean:
        if (size > 1) this.fail(`a boolean of size ${size}`);
        return size === 1;
      case Type.Map: {
        const map = new Map<string, MmdbValue>();
        for (let i = 0; i < size; i++) {
          const key = this.value(depth + 1);
          if (typeof key !== "string") this.fail("a map key that is not a string");
          map.set(key, this.value(depth + 1));
        }
        return map;
      }
      case Type.Array: {
        const out: MmdbValue[] = [];
        for (let i = 0; i < size; i++) out.push(this.value(depth + 1));
        return out;
      }
      case Type.DataCache:
        return this.fail("a data cache container where a value was expected (only pointers into it are values)");
      case Type.EndMarker:
        return this.fail("the end marker where a value was expected");
      default:
        return this.fail(`unknown type ${type}`);
    }
  }

  private width(size: number, max: number, name: string): number {
    if (size > max) this.fail(`a ${name} of ${size} bytes`);
    return size;
  }

  private big(n: number): bigint {
    const at = this.take(n);
    let v = 0n;
    for (let i = at; i < at + n; i++) v = (v << 8n) | BigInt(this.buf[i]!);
    return v;
  }

  /** The payload size of a control byte: 0-28 as is, 29-31 followed by 1-3 bytes of more. */
  private size(ctrl: number): number {
    const s = ctrl & 0x1f;
    if (s < 29) return s;
    const more = this.uint(s - 28);
    return s === 29 ? 29 + more : s === 30 ? 285 + more : 65821 + more;
  }

  /** A pointer's target, decoded where it is; then back after the pointer. Control byte 001SSVVV. */
  private pointer(ctrl: number, depth: number): MmdbValue {
    const ss = (ctrl >> 3) & 3;
    const vvv = ctrl & 7;
    const next = this.uint(ss + 1);
    const target = ss === 0 ? vvv * 2 ** 8 + next : ss === 1 ? vvv * 2 ** 16 + next + 2048 : ss === 2 ? vvv * 2 ** 24 + next + 526336 : next;
    const back = this.pos;
    if (target >= this.end - this.start) this.fail(`a pointer to offset ${target}, past the end of the section`);
    this.pos = this.start + target;
    if (this.buf[this.pos]! >> 5 === Type.Pointer) this.fail("a pointer to a pointer");
    const v = this.value(depth + 1);
    this.pos = back;
    return v;
  }
}

/** A metadata entry that must be a whole number. */
function whole(map: MmdbMap, key: string, fail: (problem: string) => never): number {
  const v = map.get(key);
  const n = typeof v === "bigint" && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) return fail(`'${key}' is missing or not a whole number`);
  return n;
}

function readMetadata(buf: Buffer, at: number, fail: (problem: string) => never): MmdbMetadata {
  let map: MmdbValue;
  try {
    map = new Decoder(buf, at, buf.length, "MaxMind DB metadata").decode(0);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!(map instanceof Map)) return fail("the metadata is not a map");
  const major = whole(map, "binary_format_major_version", fail);
  if (major !== 2) fail(`binary format version ${major} (this reader knows version 2)`);
  const recordSize = whole(map, "record_size", fail);
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) fail(`record_size ${recordSize} (expected 24, 28 or 32)`);
  const ipVersion = whole(map, "ip_version", fail);
  if (ipVersion !== 4 && ipVersion !== 6) fail(`ip_version ${ipVersion} (expected 4 or 6)`);
  const type = map.get("database_type");
  const languages = map.get("languages");
  return {
    nodeCount: whole(map, "node_count", fail),
    recordSize,
    ipVersion,
    databaseType: typeof type === "string" ? type : "",
    languages: Array.isArray(languages) ? languages.filter((l): l is string => typeof l === "string") : [],
    map,
  };
}

export class MmdbReader {
  readonly metadata: MmdbMetadata;
  private readonly data: Decoder;
  private readonly nodeBytes: number;
  /** Where IPv4 lookups start in an IPv6 tree: the node (or record) 96 zero bits down. */
  private readonly ipv4Start: number;
  private readonly records = new Map<number, MmdbValue>();

  /** `file` names the database in error messages. Throws an MmdbError for a file that is not a valid database. */
  constructor(
    private readonly buf: Buffer,
    readonly file: string,
  ) {
    const tailStart = Math.max(0, buf.length - METADATA_MAX);
    const found = buf.subarray(tailStart).lastIndexOf(MARKER);
    if (found < 0) throw new MmdbError(`${file}: not a MaxMind DB file (no metadata marker in its last 128 KiB)`);
    const marker = tailStart + found;
    const fail = (problem: string): never => {
      throw new MmdbError(`${file}: invalid MaxMind DB metadata: ${problem}`);
    };
    this.metadata = readMetadata(buf, marker + MARKER.length, fail);
    const { nodeCount, recordSize } = this.metadata;
    this.nodeBytes = recordSize / 4;
    const treeSize = nodeCount * this.nodeBytes;
    if (treeSize + SEPARATOR > marker) fail(`node_count ${nodeCount} makes a search tree larger than the file (the file may be truncated)`);
    this.data = new Decoder(buf, treeSize + SEPARATOR, marker, "MaxMind DB data section");
    let node = 0;
    if (this.metadata.ipVersion === 6) for (let i = 0; i < 96 && node < nodeCount; i++) node = this.record(node, 0);
    this.ipv4Start = node;
  }

  /** The record stored for an address, or null when the database has none for it. */
  lookup(address: Address): MmdbValue | null {
    const { nodeCount, ipVersion } = this.metadata;
    if (address.v6 && ipVersion === 4) return null;
    const bits = address.v6 ? 128 : 32;
    let node = address.v6 || ipVersion === 4 ? 0 : this.ipv4Start;
    for (let i = 0; i < bits && node < nodeCount; i++) node = this.record(node, Number((address.value >> BigInt(bits - 1 - i)) & 1n) as 0 | 1);
    if (node < nodeCount) throw new MmdbError(`${this.file}: corrupt MaxMind DB search tree: deeper than the ${bits} bits of an address`);
    if (node === nodeCount) return null;
    return this.recordAt(node - nodeCount - SEPARATOR);
  }

  private recordAt(offset: number): MmdbValue {
    let v = this.records.get(offset);
    if (v === undefined) {
      try {
        v = this.data.decode(offset);
      } catch (e) {
        if (e instanceof MmdbError) throw new MmdbError(`${this.file}: ${e.message}`);
        throw e;
      }
      if (this.records.size >= RECORD_CACHE) this.records.clear();
      this.records.set(offset, v);
    }
    return v;
  }

  /** The left (0) or right (1) record of a node. */
  private record(node: number, side: 0 | 1): number {
    const b = this.buf;
    const at = node * this.nodeBytes;
    switch (this.metadata.recordSize) {
      case 24:
        return b.readUIntBE(at + side * 3, 3);
      case 28:
        // 7 bytes: left's low 24 bits, a byte holding left's high nibble then right's, right's low 24 bits.
        return side === 0 ? (b[at + 3]! >> 4) * 2 ** 24 + b.readUIntBE(at, 3) : (b[at + 3]! & 0x0f) * 2 ** 24 + b.readUIntBE(at + 4, 3);
      case 32:
        return b.readUInt32BE(at + side * 4);
    }
  }
}
