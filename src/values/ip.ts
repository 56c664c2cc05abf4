// IP addresses as BigInts of 32 (IPv4) or 128 (IPv6) bits: cidrmatch compares them, iplocation walks a
// GeoIP database's tree with their bits.

export interface Address {
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

/** A dotted-quad IPv4 or an IPv6 address (`::` and a dotted IPv4 tail allowed); null otherwise. */
export function parseAddress(s: string): Address | null {
  const v4 = parseIpv4(s);
  if (v4 !== null) return { v6: false, value: v4 };
  const v6 = parseIpv6(s);
  return v6 === null ? null : { v6: true, value: v6 };
}
