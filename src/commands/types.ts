// What a command becomes after planning: a factory of operators plus how it changes the result columns.
import type { Row } from "../events/row.js";
import type { EvalContext } from "../functions/types.js";
import type { Command, Span } from "../syntax/ast.js";
import type { SubsearchResults } from "./subsearch.js";

/** Receives rows in order; `finish` is called once after the last row. */
export interface Sink {
  push(row: Row): void;
  finish(): void;
}

/** A result column: a field name, or a wildcard pattern resolved against the rows at render time. */
export interface ColumnEntry {
  readonly name: string;
  readonly wildcard: boolean;
}

/** The columns a result set shows; null means "whatever fields the rows have". */
export type ColumnSpec = readonly ColumnEntry[] | null;

export interface PlanContext {
  readonly eval: EvalContext;
  /** True for the first command of the query (the base search). */
  readonly first: boolean;
  /** The (macro-expanded) query text that spans point into: commands parsed loosely re-parse parts of it
   * (an eval expression in parentheses, say) with `parseEvalAt` (src/commands/args.ts). */
  readonly source: string;
  /** Lookup tables by name (src/lookups), when the caller configured any. */
  readonly lookups: LookupResolver | null;
  /** The path of the GeoIP database (.mmdb) for `iplocation`, when the caller configured one. */
  readonly geoip: string | null;
  /** The results of the query's subsearches, by the offset of their `[` (src/commands/subsearch.ts);
   * null while a query is only being checked, before its subsearches have run. */
  readonly subsearches: SubsearchResults | null;
}

/** Finds lookup tables by the names used in `lookup` and `inputlookup` (src/lookups implements it). */
export interface LookupResolver {
  /** The table's rows, or null when no lookup of that name is known. */
  resolve(name: string): LookupTable | null;
  /** Store `table` under `name` for the rest of the run (`outputlookup`), so that later `resolve`s of the
   * same name (and of names sharing its storage: a definition and its file) see it; null removes the
   * table (resolve then returns null). Throws a SplError for a name that cannot be written. Absent when
   * the resolver is read-only. */
  write?(name: string, table: LookupTable | null): void;
}

export interface LookupTable {
  readonly name: string;
  /** Column names in file order. */
  readonly fields: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyMap<string, string>>;
  /** transforms.conf-style settings: match_type WILDCARD(field)/CIDR(field), case_sensitive_match, ... */
  readonly settings: ReadonlyMap<string, string>;
}

export interface CommandPlan {
  readonly name: string;
  readonly span: Span;
  /** Streaming commands handle each row on its own and keep the order; others see all rows first. */
  readonly streaming: boolean;
  /** A generating command (`| makeresults`, `| inputlookup`) makes its own rows: when it starts the
   * query no events are read, and its operator produces its rows when `finish` is called. */
  readonly generating?: boolean;
  /** False when the command's output does not depend on the order its input rows arrive in (a filter
   * or a row-by-row change, or an aggregation such as count or dc). Then, if everything up to the
   * first blocking command is order-insensitive, the base search need not put events in time order
   * (and hold them to do so). Absent means true. */
  readonly orderSensitive?: boolean;
  /** Build the operator that feeds `next`. */
  make(next: Sink): Sink;
  /** The columns after this command, given the columns before it. */
  columns(input: ColumnSpec): ColumnSpec;
  /**
   * A command that waits on searches of its own (map, and appendpipe around one) is a stage: it is
   * given all its input rows at once and answers with its output rows, and is not chained (`make`
   * is not called): runSearch runs the commands before it, then it, then the commands after it
   * (runStaged).
   */
  stage?(rows: readonly Row[], run: StageRunner): Promise<Row[]>;
}

/** What a stage may do besides its own work: run a search over the same events, and warn. */
export interface StageRunner {
  /** The result rows of `text` (macros expanded as in the query) over the query's events; a problem
   * in it stops the query, reported at `span` as being in `what`. */
  search(text: string, span: Span, what: string): Promise<Row[]>;
  warn(message: string, span: Span): void;
}

/** Whether some command of `plans` is a stage. */
export function hasStage(plans: readonly CommandPlan[]): boolean {
  return plans.some((p) => p.stage !== undefined);
}

/** Run `rows` through `plans`: chains of operators between the stages, each stage in turn. */
export async function runStaged(plans: readonly CommandPlan[], rows: readonly Row[], run: StageRunner): Promise<Row[]> {
  let current: readonly Row[] = rows;
  let i = 0;
  while (i < plans.length) {
    let j = i;
    while (j < plans.length && plans[j]!.stage === undefined) j++;
    if (j > i) {
      const out: Row[] = [];
      const sink = chain(plans.slice(i, j), { push: (r) => out.push(r), finish: () => {} });
      for (const r of current) sink.push(r);
      sink.finish();
      current = out;
    }
    if (j === plans.length) break;
    current = await plans[j]!.stage!(current, run);
    i = j + 1;
  }
  return current as Row[];
}

export type CommandPlanner<C extends Command = Command> = (command: C, ctx: PlanContext) => CommandPlan;

/** Chain plans into one sink that ends in `out`. */
export function chain(plans: readonly CommandPlan[], out: Sink): Sink {
  let sink = out;
  for (let i = plans.length - 1; i >= 0; i--) sink = plans[i]!.make(sink);
  return sink;
}

/** A streaming operator from a per-row function that returns false to drop the row. */
export function streamingFilter(keep: (row: Row) => boolean): (next: Sink) => Sink {
  return (next) => ({
    push(row) {
      if (keep(row)) next.push(row);
    },
    finish() {
      next.finish();
    },
  });
}

/** A streaming operator that changes each row in place (eval, rex, lookup...) and passes it on. */
export function streamingMap(apply: (row: Row) => void): (next: Sink) => Sink {
  return (next) => ({
    push(row) {
      apply(row);
      next.push(row);
    },
    finish() {
      next.finish();
    },
  });
}

export const sameColumns = (input: ColumnSpec): ColumnSpec => input;

/** A fixed column list with `names` added at the end (those not in it already); a dynamic one stays so. */
export function addColumns(input: ColumnSpec, names: Iterable<string>): ColumnSpec {
  if (input === null) return null;
  const out = [...input];
  for (const name of names) if (!out.some((c) => !c.wildcard && c.name === name)) out.push({ name, wildcard: false });
  return out;
}
