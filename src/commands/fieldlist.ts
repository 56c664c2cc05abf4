// Field-name patterns shared by rename, table and fields: `*` matches any run of characters.
import { wildcardRegExp } from "../values/match.js";

export interface FieldPattern {
  readonly name: string;
  readonly wildcard: boolean;
  matches(field: string): boolean;
}

export function fieldPattern(name: string): FieldPattern {
  if (!name.includes("*")) return { name, wildcard: false, matches: (f) => f === name };
  // Field names are case-sensitive (1.5), so the pattern is too.
  const re = wildcardRegExp(name, true);
  return { name, wildcard: true, matches: (f) => re.test(f) };
}

/** For a wildcard pattern, the texts its `*`s matched in `field` (null when it does not match). */
export function wildcardCaptures(pattern: string, field: string): string[] | null {
  const body = pattern
    .split("*")
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("([\\s\\S]*)");
  const m = new RegExp("^" + body + "$").exec(field);
  return m ? m.slice(1) : null;
}

/** Fill a target pattern's `*`s with captured texts, in order (rename, 3.2). */
export function fillWildcards(target: string, captures: readonly string[]): string {
  let i = 0;
  return target.replace(/\*/g, () => captures[i++] ?? "");
}
