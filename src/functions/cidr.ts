// CIDR matching for cidrmatch(): IPv4 and IPv6 (Comparison and Conditional functions page: "The
// cidrmatch function supports IPv4 and IPv6 addresses and subnets that use CIDR notation").
// Addresses are BigInts of 32 or 128 bits; an IPv4 address never matches an IPv6 subnet or the reverse.

export interface Cidr {
  readonly v6: boolean;
  readonly base: bigint;
  readonly bits: number;
}

interface Address {
  readonly v6: boolean;
  readonly value: bigint;
}

function parseIpv4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

/** Eight 16-bit groups, `::` for a run of zero groups, an optional dotted IPv4 tail. */
function parseIpv6(s: string): bigint | null {
  if (!s.includes(":")) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (text: string): bigint[] | null => {
    if (text === "") return [];
    const out: bigint[] = [];
    const parts = text.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIpv4(p);
        if (v4 === null) return null;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(BigInt(parseInt(p, 16)));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let n = 0n;
  for (const g of [...head, ...Array<bigint>(missing).fill(0n), ...tail]) n = (n << 16n) | g;
  return n;
}

function parseAddress(s: string): Address | null {
  const v4 = parseIpv4(s);
  if (v4 !== null) return { v6: false, value: v4 };
  const v6 = parseIpv6(s);
  return v6 === null ? null : { v6: true, value: v6 };
}

/** `10.0.0.0/8` or `2001:db8::/32`; null when the text is not a subnet in CIDR notation. */
export function parseAnyCidr(text: string): Cidr | null {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return null;
  const addr = parseAddress(text.slice(0, slash).trim());
  const bitsText = text.slice(slash + 1).trim();
  if (addr === null || !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (addr.v6 ? 128 : 32)) return null;
  return { v6: addr.v6, base: addr.value, bits };
}

export function inCidr(ip: string, cidr: Cidr): boolean {
  const addr = parseAddress(ip.trim());
  if (addr === null || addr.v6 !== cidr.v6) return false;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.bits);
  return addr.value >> shift === cidr.base >> shift;
}
