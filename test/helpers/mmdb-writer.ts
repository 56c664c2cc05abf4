// A small MaxMind DB writer, for tests only: it builds .mmdb files (the format of
// https://maxmind.github.io/MaxMind-DB/) from a few networks and records, so that the reader and
// iplocation can be tested without a real GeoLite2 database.
//
// Values: a string, a boolean, an array, a Map or a plain object (a map; own keys, `__proto__` too when
// it is an own key), a number (a double when fractional, else a uint32, or an int32 when negative), a
// bigint (a uint64, or a uint128 when it needs more), a Uint8Array (bytes), a Typed value for another
// type, or Raw bytes written as they are (for corrupt data).
import { parseAddress } from "../../src/values/ip.js";

export class Typed {
  constructor(
    readonly type: "double" | "float" | "uint16" | "uint32" | "int32" | "uint64" | "uint128",
    readonly value: number | bigint,
  ) {}
}
export class Raw {
  constructor(readonly bytes: readonly number[]) {}
}
export type WValue = string | number | bigint | boolean | Uint8Array | Typed | Raw | readonly WValue[] | ReadonlyMap<string, WValue> | { readonly [key: string]: WValue };

export const typed = (type: Typed["type"], value: number | bigint): Typed => new Typed(type, value);
export const raw = (...bytes: number[]): Raw => new Raw(bytes);

export interface Network {
  /** `81.2.69.0/24`, `2001:db8::/32`. */
  readonly cidr: string;
  /** Networks given the same record object share one copy of it in the data section. */
  readonly record: WValue;
}

export interface WriterOptions {
  readonly ipVersion?: 4 | 6;
  readonly recordSize?: 24 | 28 | 32;
  /** Repeated strings (map keys and values of 3 bytes or more) are written once and pointed to. */
  readonly pointers?: boolean;
  /** Every pointer in its 4-byte form (control byte 001 11 xxx). */
  readonly widePointers?: boolean;
  /** Unused bytes at the start of the data section, so that later offsets need longer pointers. */
  readonly padding?: number;
  readonly databaseType?: string;
  readonly languages?: readonly string[];
  /** Metadata entries to add or replace (undefined: leave the entry out). */
  readonly metadata?: Readonly<Record<string, WValue | undefined>>;
}

export const MARKER = Buffer.from("abcdef4d61784d696e642e636f6d", "hex");

const TYPES = { pointer: 1, string: 2, double: 3, bytes: 4, uint16: 5, uint32: 6, map: 7, int32: 8, uint64: 9, uint128: 10, array: 11 } as const;

/** Encodes values into one section; with `pointers`, repeated strings become pointers. */
class Section {
  readonly bytes: number[] = [];
  private readonly strings = new Map<string, number>();
  /** `base`: the offset of the section's first byte (after padding written separately). */
  constructor(
    private readonly options: WriterOptions = {},
    private readonly base = 0,
  ) {}

  /** Append bytes (a loop: spreading a long array into push() would overflow the stack). */
  append(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i]!);
  }

  private control(type: number, size: number): void {
    const extended = type > 7;
    const first = extended ? 0 : type << 5;
    // Sizes of 29 and more: 29, 30 or 31 in the control byte and the rest in 1, 2 or 3 bytes after it.
    const [bits, extra] = size < 29 ? [size, []] : size < 285 ? [29, be(BigInt(size - 29), 1)] : size < 65821 ? [30, be(BigInt(size - 285), 2)] : [31, be(BigInt(size - 65821), 3)];
    this.bytes.push(first | bits);
    if (extended) this.bytes.push(type - 7);
    this.bytes.push(...extra);
  }

  pointer(offset: number): void {
    const p = TYPES.pointer << 5;
    if (this.options.widePointers || offset >= 526336 + 2 ** 27) this.bytes.push(p | (3 << 3), ...be(BigInt(offset), 4));
    else if (offset >= 526336) {
      const v = offset - 526336;
      this.bytes.push(p | (2 << 3) | (v >> 24), ...be(BigInt(v & 0xffffff), 3));
    } else if (offset >= 2048) {
      const v = offset - 2048;
      this.bytes.push(p | (1 << 3) | (v >> 16), ...be(BigInt(v & 0xffff), 2));
    } else this.bytes.push(p | (offset >> 8), offset & 0xff);
  }

  /** Write a value; returns its offset. */
  write(v: WValue): number {
    const at = this.base + this.bytes.length;
    if (typeof v === "string") this.string(v);
    else if (typeof v === "boolean") this.bytes.push(0 | (v ? 1 : 0), 14 - 7);
    else if (typeof v === "number") this.number(Number.isInteger(v) ? (v < 0 ? "int32" : "uint32") : "double", v);
    else if (typeof v === "bigint") this.number(v < 2n ** 64n ? "uint64" : "uint128", v);
    else if (v instanceof Uint8Array) {
      this.control(TYPES.bytes, v.length);
      this.append(v);
    } else if (Array.isArray(v)) {
      this.control(TYPES.array, v.length);
      for (const x of v as readonly WValue[]) this.write(x);
    } else if (v instanceof Map) {
      this.control(TYPES.map, v.size);
      for (const [k, x] of v as ReadonlyMap<string, WValue>) {
        this.string(k);
        this.write(x);
      }
    } else if (v instanceof Raw) this.append(v.bytes);
    else if (v instanceof Typed) this.number(v.type, v.value);
    else this.write(new Map(Object.entries(v as Record<string, WValue>)));
    return at;
  }

  private string(s: string): void {
    const seen = this.strings.get(s);
    if (seen !== undefined) return this.pointer(seen);
    const bytes = Buffer.from(s, "utf8");
    if (this.options.pointers && bytes.length >= 3) this.strings.set(s, this.base + this.bytes.length);
    this.control(TYPES.string, bytes.length);
    this.append(bytes);
  }

  private number(type: Typed["type"], v: number | bigint): void {
    const b = Buffer.alloc(8);
    if (type === "double") {
      b.writeDoubleBE(Number(v));
      this.control(TYPES.double, 8);
      this.bytes.push(...b);
    } else if (type === "float") {
      b.writeFloatBE(Number(v));
      this.bytes.push(4, 15 - 7, ...b.subarray(0, 4));
    } else if (type === "int32") {
      b.writeInt32BE(Number(v));
      this.control(TYPES.int32, 4);
      this.bytes.push(...b.subarray(0, 4));
    } else {
      // Unsigned integers in as few bytes as they need (0 in none), as MaxMind's writers store them.
      const bytes = minimal(BigInt(v));
      this.control(TYPES[type], bytes.length);
      this.bytes.push(...bytes);
    }
  }
}

function be(v: bigint, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

function minimal(v: bigint): number[] {
  const out: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return out;
}

type Slot = { node: Node } | { data: WValue } | null;
interface Node {
  id: number;
  children: [Slot, Slot];
}

/** Build a .mmdb file. Networks are inserted widest first, so that a narrower one splits a wider one. */
export function writeMmdb(networks: readonly Network[], options: WriterOptions = {}): Buffer {
  const ipVersion = options.ipVersion ?? 6;
  const nodes: Node[] = [];
  const newNode = (left: Slot = null, right: Slot = null): Node => {
    const n: Node = { id: nodes.length, children: [left, right] };
    nodes.push(n);
    return n;
  };
  const root = newNode();
  const sorted = networks.map((n) => ({ ...n, ...parseNetwork(n.cidr, ipVersion) })).sort((a, b) => a.bits - b.bits);
  for (const net of sorted) {
    let node = root;
    for (let i = 0; i < net.bits; i++) {
      const side = Number((net.value >> BigInt(net.width - 1 - i)) & 1n) as 0 | 1;
      if (i === net.bits - 1) {
        node.children[side] = { data: net.record };
        break;
      }
      const slot = node.children[side];
      if (slot && "node" in slot) node = slot.node;
      else node = (node.children[side] = { node: newNode(slot, slot) }).node;
    }
  }

  const padding = options.padding ?? 0;
  const data = new Section(options, padding);
  const offsets = new Map<WValue, number>();
  const nodeCount = nodes.length;
  const recordValue = (slot: Slot): number => {
    if (slot === null) return nodeCount;
    if ("node" in slot) return slot.node.id;
    let offset = offsets.get(slot.data);
    if (offset === undefined) offsets.set(slot.data, (offset = data.write(slot.data)));
    return nodeCount + 16 + offset;
  };
  const recordSize = options.recordSize ?? 28;
  const tree: number[] = [];
  for (const n of nodes) {
    const [l, r] = n.children.map(recordValue) as [number, number];
    if (Math.max(l, r) >= 2 ** recordSize) throw new Error(`a record value of ${Math.max(l, r)} does not fit in ${recordSize} bits`);
    if (recordSize === 24) tree.push(...be(BigInt(l), 3), ...be(BigInt(r), 3));
    else if (recordSize === 32) tree.push(...be(BigInt(l), 4), ...be(BigInt(r), 4));
    else tree.push(...be(BigInt(l & 0xffffff), 3), ((l >> 24) << 4) | (r >> 24), ...be(BigInt(r & 0xffffff), 3));
  }

  const entries: Record<string, WValue | undefined> = {
    node_count: typed("uint32", nodeCount),
    record_size: typed("uint16", recordSize),
    ip_version: typed("uint16", ipVersion),
    database_type: options.databaseType ?? "GeoLite2-City",
    languages: [...(options.languages ?? ["en", "de"])],
    binary_format_major_version: typed("uint16", 2),
    binary_format_minor_version: typed("uint16", 0),
    build_epoch: typed("uint64", 1700000000n),
    description: { en: "spelunk test database" },
    ...options.metadata,
  };
  const meta = new Section();
  meta.write(new Map(Object.entries(entries).filter((e): e is [string, WValue] => e[1] !== undefined)));
  return Buffer.concat([Buffer.from(tree), Buffer.alloc(16 + padding), Buffer.from(data.bytes), MARKER, Buffer.from(meta.bytes)]);
}

/** A network's first address and prefix length, as bits of the tree (IPv4 under ::/96 in an IPv6 tree). */
function parseNetwork(cidr: string, ipVersion: 4 | 6): { value: bigint; bits: number; width: number } {
  const [ip, len] = cidr.split("/");
  const addr = parseAddress(ip!);
  if (!addr || len === undefined) throw new Error(`not a network: ${cidr}`);
  const bits = Number(len);
  if (addr.v6 && ipVersion === 4) throw new Error(`an IPv6 network in an IPv4 tree: ${cidr}`);
  if (!addr.v6 && ipVersion === 6) return { value: addr.value, bits: 96 + bits, width: 128 };
  return { value: addr.value, bits, width: addr.v6 ? 128 : 32 };
}
