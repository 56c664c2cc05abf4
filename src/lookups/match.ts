// Finding the rows of a lookup table that match one set of input values, in file order (max_matches
// takes "the first <integer> entries, in file order", Knowledge Manager manual). A row matches when every
// input field matches: exactly, or by the table's wildcard pattern (WILDCARD), or by the table's network
// (CIDR); case-insensitively when case_sensitive_match is false (settings.ts).
//
// Tables can be large (security_content's dynamic_dns_providers_default.csv has tens of thousands of
// WILDCARD rows), so each field keeps an index of its literal values; only wildcard and CIDR cells are
// tested one by one. Matchers are built once per table and set of input fields and kept with the table.
import type { LookupTable } from "../commands/types.js";
import { ipInCidr, parseAnyCidr, type Cidr } from "../values/match.js";
import type { MatchRules } from "./settings.js";

export interface LookupMatcher {
  /** Indexes of the matching rows, ascending, at most `limit` of them. `keys` follows the input fields. */
  match(keys: readonly string[], limit: number): number[];
}

interface FieldMatcher {
  /** Candidate rows for the key (ascending), or null when this field cannot narrow the search. */
  candidates(key: string): readonly number[] | null;
  test(row: number, key: string): boolean;
}

/** A `*`-only wildcard pattern as its literal parts: matched without a RegExp, because a large table
 * would otherwise compile one RegExp per row (tens of thousands) on first use. */
interface Glob {
  readonly parts: readonly string[];
}

function globMatches(g: Glob, text: string): boolean {
  const parts = g.parts;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first)) return false;
  let pos = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const at = text.indexOf(parts[k]!, pos);
    if (at < 0) return false;
    pos = at + parts[k]!.length;
  }
  // The last part must end the text, after everything matched so far.
  return text.length - last.length >= pos && text.endsWith(last);
}

function indexCells(cells: readonly string[], include: (i: number) => boolean, norm: (s: string) => string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    if (!include(i)) return;
    const key = norm(cell);
    const list = index.get(key);
    if (list) list.push(i);
    else index.set(key, [i]);
  });
  return index;
}

function exactField(cells: readonly string[], norm: (s: string) => string): FieldMatcher {
  const index = indexCells(cells, () => true, norm);
  const normed = cells.map(norm);
  return {
    candidates: (key) => index.get(norm(key)) ?? [],
    test: (row, key) => normed[row] === norm(key),
  };
}

/** WILDCARD(field): `*` in a table cell matches any run of characters (including none). */
function wildcardField(cells: readonly string[], norm: (s: string) => string): FieldMatcher {
  const globs: Array<Glob | null> = cells.map((c) => (c.includes("*") ? { parts: norm(c).split("*") } : null));
  const wildRows = globs.flatMap((g, i) => (g ? [i] : []));
  const literal = indexCells(cells, (i) => globs[i] === null, norm);
  const normed = cells.map(norm);
  return {
    candidates(key) {
      const k = norm(key);
      const exact = literal.get(k) ?? [];
      const wild = wildRows.filter((i) => globMatches(globs[i]!, k));
      if (wild.length === 0) return exact;
      return [...exact, ...wild].sort((a, b) => a - b);
    },
    test(row, key) {
      const g = globs[row];
      return g ? globMatches(g, norm(key)) : normed[row] === norm(key);
    },
  };
}

/** CIDR(field): a table cell is a network (`10.0.0.0/8`, `2001:db8::/32`) or one address; a cell that
 * is neither matches its own text exactly. */
function cidrField(cells: readonly string[], norm: (s: string) => string): FieldMatcher {
  const nets: Array<Cidr | null> = cells.map((c) => {
    const t = c.trim();
    return parseAnyCidr(t) ?? parseAnyCidr(t + (t.includes(":") ? "/128" : "/32"));
  });
  const normed = cells.map(norm);
  return {
    candidates: () => null,
    test: (row, key) => {
      const net = nets[row];
      return net ? ipInCidr(key.trim(), net) : normed[row] === norm(key);
    },
  };
}

function buildMatcher(table: LookupTable, rules: MatchRules, inputs: readonly string[]): LookupMatcher {
  const norm = rules.caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const fields = inputs.map((f) => {
    const cells = table.rows.map((r) => r.get(f) ?? "");
    if (rules.cidr.has(f)) return cidrField(cells, norm);
    if (rules.wildcard.has(f)) return wildcardField(cells, norm);
    return exactField(cells, norm);
  });
  const all = table.rows.map((_r, i) => i);
  return {
    match(keys, limit) {
      // Narrow by the first field that can, then test the others row by row.
      let from: readonly number[] | null = null;
      let by = -1;
      for (let k = 0; k < fields.length && from === null; k++) {
        from = fields[k]!.candidates(keys[k]!);
        if (from !== null) by = k;
      }
      const out: number[] = [];
      for (const row of from ?? all) {
        if (out.length >= limit) break;
        if (fields.every((f, k) => k === by || f.test(row, keys[k]!))) out.push(row);
      }
      return out;
    },
  };
}

const cache = new WeakMap<LookupTable, Map<string, LookupMatcher>>();

/** The matcher for `inputs` (lookup table field names) under `rules`, built once per table. */
export function lookupMatcher(table: LookupTable, rules: MatchRules, inputs: readonly string[]): LookupMatcher {
  let byKey = cache.get(table);
  if (!byKey) {
    byKey = new Map();
    cache.set(table, byKey);
  }
  const key = JSON.stringify([inputs, rules.caseSensitive, [...rules.wildcard], [...rules.cidr]]);
  let m = byKey.get(key);
  if (!m) {
    m = buildMatcher(table, rules, inputs);
    byKey.set(key, m);
  }
  return m;
}
