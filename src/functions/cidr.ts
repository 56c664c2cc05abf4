// CIDR matching for cidrmatch(): IPv4 and IPv6 (Comparison and Conditional functions page: "The
// cidrmatch function supports IPv4 and IPv6 addresses and subnets that use CIDR notation").
// Addresses are BigInts of 32 or 128 bits; an IPv4 address never matches an IPv6 subnet or the reverse.
import { parseAddress } from "../values/ip.js";

export interface Cidr {
  readonly v6: boolean;
  readonly base: bigint;
  readonly bits: number;
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
