// How a lookup matches, from its transforms.conf settings (Knowledge Manager manual, "Add field
// matching rules to your lookup configuration"; transforms.conf.spec; spl-semantics.md 7.11):
// - match_type: a comma-separated list of WILDCARD(<field>), CIDR(<field>) or EXACT(<field>); fields
//   not listed match exactly. In WILDCARD fields the table's `*` matches any run of characters; in
//   CIDR fields the table holds IPv4/IPv6 networks (or single addresses);
// - case_sensitive_match: default true;
// - max_matches: 1-1000, the first N matching rows in file order for each input value; default 1000
//   for a lookup without time_field (transforms.conf.spec and spl-semantics.md 7.11; the Knowledge
//   Manager page says 100: the spec is the reference here);
// - min_matches (default 0) and default_match (default empty): when fewer rows match, default_match
//   fills in until min_matches is reached.
// Settings that change matching in ways spelunk does not implement (time-based lookups, filter,
// external lookups) are refused, never ignored.
import { SplError } from "../diagnostics.js";

export interface MatchRules {
  readonly wildcard: ReadonlySet<string>;
  readonly cidr: ReadonlySet<string>;
  readonly caseSensitive: boolean;
  readonly minMatches: number;
  readonly maxMatches: number;
  readonly defaultMatch: string;
}

export const DEFAULT_MAX_MATCHES = 1000;

const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ["time_field", "time-based lookups (time_field)"],
  ["filter", "lookup filters (filter)"],
  ["external_cmd", "external lookups (external_cmd)"],
  ["external_type", "external lookups (external_type)"],
]);

function settingError(message: string): SplError {
  return new SplError("bad-argument", message, null);
}

function parseBool(key: string, text: string): boolean {
  const v = text.trim().toLowerCase();
  if (["true", "t", "1", "yes", "y"].includes(v)) return true;
  if (["false", "f", "0", "no", "n"].includes(v)) return false;
  throw settingError(`invalid ${key} '${text}': expected true or false`);
}

function parseWhole(key: string, text: string, min: number, max: number): number {
  const v = text.trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw settingError(`invalid ${key} '${text}': expected a whole number from ${min} to ${max}`);
  return Number(v);
}

const MATCH_TYPE = /^(WILDCARD|CIDR|EXACT)\s*\(\s*([^()]*?)\s*\)$/i;

function parseMatchType(text: string): { wildcard: Set<string>; cidr: Set<string> } {
  const wildcard = new Set<string>();
  const cidr = new Set<string>();
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const m = MATCH_TYPE.exec(item);
    if (!m || m[2] === "") throw settingError(`invalid match_type '${item}': expected WILDCARD(<field>), CIDR(<field>) or EXACT(<field>)`);
    const kind = m[1]!.toUpperCase();
    if (kind === "WILDCARD") wildcard.add(m[2]!);
    else if (kind === "CIDR") cidr.add(m[2]!);
  }
  for (const f of wildcard) if (cidr.has(f)) throw settingError(`invalid match_type: field '${f}' cannot be both WILDCARD and CIDR`);
  return { wildcard, cidr };
}

/** The match rules of a lookup's settings; throws a bad-argument SplError (no span) on a bad value. */
export function matchRules(settings: ReadonlyMap<string, string>): MatchRules {
  for (const [key, what] of UNSUPPORTED) if (settings.has(key)) throw new SplError("unsupported-argument", `${what} are not supported by spelunk yet`, null);
  const types = parseMatchType(settings.get("match_type") ?? "");
  const max = settings.get("max_matches");
  const min = settings.get("min_matches");
  const cs = settings.get("case_sensitive_match");
  return {
    ...types,
    caseSensitive: cs === undefined ? true : parseBool("case_sensitive_match", cs),
    maxMatches: max === undefined ? DEFAULT_MAX_MATCHES : parseWhole("max_matches", max, 1, 1000),
    minMatches: min === undefined ? 0 : parseWhole("min_matches", min, 0, 1000),
    defaultMatch: settings.get("default_match") ?? "",
  };
}
