// Helpers for tests that run searches through the library API.
import { MacroTable, type MacroDefinition } from "../../src/macros/table.js";
import { toJsonRows } from "../../src/output/format.js";
import { runSearch, type SearchOptions, type SearchResult } from "../../src/spl.js";

/** A fixed search time for tests: 2024-01-15T10:00:00Z. */
export const TEST_NOW = 1705312800;

export type JsonRow = Record<string, string | string[]>;

export interface Ran {
  readonly result: SearchResult;
  /** Rows as Splunk's REST output gives them (strings, arrays for multivalue, absent fields left out). */
  readonly rows: JsonRow[];
  readonly columns: readonly string[];
}

/**
 * Run `search` over inline events (oldest first). Events without `_time` or `eventTime` get
 * _time = 1700000000 + position, so later events are newer, as the fact sheet's examples read.
 */
export async function run(search: string, events: readonly Record<string, unknown>[] = [], options: SearchOptions & { macroDefs?: MacroDefinition[] } = {}): Promise<Ran> {
  const timed = events.map((e, i) => ("_time" in e || "eventTime" in e ? e : { ...e, _time: 1700000000 + i }));
  const { macroDefs, ...rest } = options;
  const result = await runSearch(search, {
    now: TEST_NOW,
    tz: "UTC",
    events: timed,
    ...(macroDefs ? { macros: new MacroTable(macroDefs) } : {}),
    ...rest,
  });
  return { result, rows: toJsonRows(result.rows, result.columns, options.tz ?? "UTC").map((r) => ({ ...r })), columns: result.columns };
}
