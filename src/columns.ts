// Result columns. A table (or stats) fixes the columns; otherwise they are the fields the rows have:
// _time first, then other fields in byte order, _raw last (Splunk's events view puts _time and _raw
// around the fields; the order of the others is alphabetical, Q14 reading).
import type { ColumnSpec } from "./commands/types.js";
import type { Row } from "./events/row.js";
import { fieldPattern } from "./commands/fieldlist.js";

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function resolveColumns(spec: ColumnSpec, rows: readonly Row[]): string[] {
  let union: string[] | null = null;
  return columnsOf(spec, () => {
    if (union) return union;
    const seen = new Set<string>();
    for (const r of rows) for (const n of r.names()) seen.add(n);
    union = Array.from(seen);
    return union;
  });
}

/**
 * The field names of rows seen one at a time, for columns when the rows are not kept (runSearch's
 * onRow): a spec is only known once the pipeline has finished (chart and timechart choose their
 * columns from the data), so every row's names are noted.
 */
export class FieldNameTracker {
  private readonly seen = new Set<string>();
  add(row: Row): void {
    for (const n of row.names()) this.seen.add(n);
  }
  columns(spec: ColumnSpec): string[] {
    const names = Array.from(this.seen);
    return columnsOf(spec, () => names);
  }
}

/** The columns of `spec`, with `allNames` giving every field the rows have when it is needed. */
function columnsOf(spec: ColumnSpec, allNames: () => string[]): string[] {
  if (spec === null) {
    const names = allNames();
    const middle = names.filter((n) => n !== "_time" && n !== "_raw").sort(byteOrder);
    return [...(names.includes("_time") ? ["_time"] : []), ...middle, ...(names.includes("_raw") ? ["_raw"] : [])];
  }
  const out: string[] = [];
  const placed = new Set<string>();
  for (const c of spec) {
    if (!c.wildcard) {
      if (!placed.has(c.name)) {
        out.push(c.name);
        placed.add(c.name);
      }
      continue;
    }
    const pattern = fieldPattern(c.name);
    for (const n of allNames().filter((x) => pattern.matches(x)).sort(byteOrder)) {
      if (!placed.has(n)) {
        out.push(n);
        placed.add(n);
      }
    }
  }
  return out;
}
