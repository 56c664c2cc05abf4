// Field-name patterns shared by rename, table and fields: `*` matches any run of characters. Field
// names are case-sensitive (1.5), so the patterns are too.
import { wildcardRegExp } from "../values/match.js";

export interface FieldPattern {
  readonly name: string;
  readonly wildcard: boolean;
  matches(field: string): boolean;
}

export function fieldPattern(name: string): FieldPattern {
  if (!name.includes("*")) return { name, wildcard: false, matches: (f) => f === name };
  const re = wildcardRegExp(name, true);
  return { name, wildcard: true, matches: (f) => re.test(f) };
}

// Compiled once per pattern: rename runs them against every field of every row.
const captureCache = new Map<string, RegExp>();

function captureRegExp(pattern: string): RegExp {
  let re = captureCache.get(pattern);
  if (!re) {
    const body = pattern
      .split("*")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
      .join("([\\s\\S]*)");
    re = new RegExp("^" + body + "$");
    if (captureCache.size > 1_000) captureCache.clear();
    captureCache.set(pattern, re);
  }
  return re;
}

/**
 * For a wildcard pattern, the texts its `*`s matched in `field` (null when it does not match). Each `*`
 * takes as much as it can, as a regular expression `(.*)` does (`*_*` on `a_b_c` captures `a_b`, `c`;
 * not documented).
 */
export function wildcardCaptures(pattern: string, field: string): string[] | null {
  const m = captureRegExp(pattern).exec(field);
  return m ? m.slice(1) : null;
}

/** Fill a target pattern's `*`s with captured texts, in order (rename, 3.2). */
export function fillWildcards(target: string, captures: readonly string[]): string {
  let i = 0;
  return target.replace(/\*/g, () => captures[i++] ?? "");
}
