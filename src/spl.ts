// The path of a search, top to bottom: expand macros, parse, plan, run over events, return results and
// diagnostics. Everything a user can get wrong in the query stops the run before any event is read.
import { SplError, type Diagnostic } from "./diagnostics.js";
import { planCommand } from "./commands/index.js";
import { chain, hasStage, runStaged, type ColumnSpec, type CommandPlan, type LookupResolver, type Sink, type StageRunner } from "./commands/types.js";
import type { EventRow } from "./events/event.js";
import { DEFAULT_EXTRACTION_CUTOFF } from "./events/flatten.js";
import { ingestText, newSourceState } from "./events/ingest.js";
import type { ParallelScanOptions } from "./events/parallel.js";
import { readFile, resolveInputs, type InputProblem } from "./events/read.js";
import type { Row } from "./events/row.js";
import type { EvalContext } from "./functions/types.js";
import { loadKnowledge, type KnowledgeBase } from "./knowledge/index.js";
import { expandMacros } from "./macros/expand.js";
import type { SourceMap } from "./macros/sourcemap.js";
import { MacroTable } from "./macros/table.js";
import type { Query, Span } from "./syntax/ast.js";
import { parse } from "./syntax/parse.js";
import { FieldNameTracker, resolveColumns } from "./columns.js";
import { derivePrefilter } from "./commands/prefilter.js";
import { collectSubsearches, subsearchText, type SubsearchResults } from "./commands/subsearch.js";
import { timeOrder } from "./timeorder.js";

export interface SearchOptions {
  /** Macro definitions (none by default). */
  readonly macros?: MacroTable;
  /** The search's start time, epoch seconds: now() and relative times (default: the clock). */
  readonly now?: number;
  /** IANA time zone for rendering and time functions (default UTC). */
  readonly tz?: string;
  /** Event files, directories or globs; "-" is stdin. */
  readonly data?: readonly string[];
  /** Events given directly (library use): JSON-serialisable objects, one per event. */
  readonly events?: readonly unknown[];
  /** Every event gets this sourcetype (otherwise it is recognised). */
  readonly sourcetype?: string;
  /** Extra props.conf-like files (sourcetype knowledge). */
  readonly props?: readonly string[];
  /** limits.conf [spath] extraction_cutoff (default 5000 bytes). */
  readonly extractionCutoff?: number;
  readonly host?: string;
  readonly index?: string;
  /** Lookup tables for `lookup` and `inputlookup`. */
  readonly lookups?: LookupResolver;
  /** A MaxMind DB file (GeoLite2-City.mmdb or one laid out like it) for `iplocation`. The library reads
   * no environment variable: the CLI takes `--geoip` or SPELUNK_GEOIP and passes it here. */
  readonly geoip?: string;
  /** Stop at the first malformed input line (an input-error diagnostic) instead of reporting it and
   * going on. */
  readonly strict?: boolean;
  /** Skip input lines that cannot match the base search before parsing them (default true; the
   * results are the same either way: see src/commands/prefilter.ts). */
  readonly prefilter?: boolean;
  /** When the base search's results are put in time order, the rows held for it are written to
   * temporary files (under os.tmpdir(), removed at the end) past about 8 MiB of them; with this
   * option also every time this many are held. For tests: the results are the same either way. */
  readonly sortMemoryRows?: number;
  /** Large JSON Lines files with a selective prefilter are scanned on several threads
   * (src/events/parallel.ts): by default, files of 64 MiB and more, on the CPUs less one worker threads
   * (at most 3) and the reading thread; false: never. The results are the same either way. */
  readonly parallelScan?: ParallelScanOptions | false;
  /** Streaming results: each result row is given to this function as it comes out of the pipeline,
   * in result order, and not kept (`SearchResult.rows` is then empty), so that memory does not grow
   * with the number of results. `columns` are still given at the end (from the field names of the
   * rows seen, where the columns depend on them). Rows already given stay given when the search then
   * stops with an error diagnostic; an exception thrown by onRow ends the search and rejects
   * runSearch's promise with it. */
  readonly onRow?: (row: Row) => void;
}

export interface SearchResult {
  /** False when a diagnostic of severity error stopped the search. */
  readonly ok: boolean;
  /** The result rows (empty when SearchOptions.onRow was given). */
  readonly rows: readonly Row[];
  /** The result columns, in order. */
  readonly columns: readonly string[];
  /** Query problems, with spans in the user's text. */
  readonly diagnostics: readonly Diagnostic[];
  /** Input problems (bad lines, unreadable files, timestamp warnings). */
  readonly inputProblems: readonly InputProblem[];
  /** The query after macro expansion. */
  readonly expanded: string;
  /** Events parsed and given to the search. */
  readonly eventsRead: number;
  /** Input lines the prefilter skipped without parsing: they could not match the base search. */
  readonly linesSkipped: number;
}

export interface CompiledSearch {
  readonly text: string;
  readonly expanded: string;
  readonly query: Query;
  readonly plans: readonly CommandPlan[];
  readonly ctx: EvalContext;
  /** Maps spans of `expanded` back to `text`. */
  readonly map: SourceMap;
}

function mapError(e: unknown, map: SourceMap | null): Diagnostic {
  if (e instanceof SplError) {
    const d = e.diagnostic;
    return d.span && map ? { ...d, span: map.toOriginal(d.span) } : d;
  }
  // A query nested (NOT NOT NOT..., a+a+a+...) beyond what the recursive parser and evaluator can
  // hold: a diagnostic, never a crash (parse.ts refuses deep brackets earlier, with their position).
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return { code: "syntax-error", severity: "error", message: "The query is nested too deeply or chains too many operators for spelunk to handle", span: { start: 0, end: 0 } };
  throw e;
}

function planQuery(query: Query, ctx: EvalContext, expanded: string, options: SearchOptions, subsearches: SubsearchResults | null): CommandPlan[] {
  const lookups = options.lookups ?? null;
  const geoip = options.geoip ?? null;
  return query.commands.map((command, i) => planCommand(command, { eval: ctx, first: i === 0, source: expanded, lookups, geoip, subsearches }));
}

/**
 * Run the subsearches of a compiled query (over the same events) and plan it again with their results.
 * A problem inside a subsearch is reported at its place in the user's text.
 */
async function withSubsearches(compiled: CompiledSearch, options: SearchOptions): Promise<{ compiled: CompiledSearch } | { diagnostic: Diagnostic }> {
  const subs = collectSubsearches(compiled.query.commands);
  if (subs.length === 0) return { compiled };
  const results = new Map<number, readonly Row[]>();
  for (const sub of subs) {
    const { text, offset } = subsearchText(compiled.expanded, sub);
    const { macros: _expanded, onRow: _caller, ...rest } = options;
    const r = await runSearch(text, { ...rest, now: compiled.ctx.now });
    if (!r.ok) {
      const d = r.diagnostics[0]!;
      const span = d.span ? compiled.map.toOriginal({ start: d.span.start + offset, end: d.span.end + offset }) : null;
      return { diagnostic: { ...d, message: `in a subsearch: ${d.message}`, span } };
    }
    results.set(sub.span.start, r.rows);
  }
  try {
    return { compiled: { ...compiled, plans: planQuery(compiled.query, compiled.ctx, compiled.expanded, options, results) } };
  } catch (e) {
    return { diagnostic: mapError(e, compiled.map) };
  }
}

/** Expand, parse and plan. Throws nothing: problems come back as diagnostics. */
export function compileSearch(text: string, options: SearchOptions = {}): { compiled: CompiledSearch | null; diagnostics: Diagnostic[]; expanded: string } {
  const ctx: EvalContext = { now: options.now ?? Math.floor(Date.now() / 1000), tz: options.tz ?? "UTC" };
  let map: SourceMap | null = null;
  let expanded = text;
  try {
    const exp = expandMacros(text, options.macros ?? new MacroTable());
    map = exp.map;
    expanded = exp.text;
    const query = parse(expanded);
    const plans = planQuery(query, ctx, expanded, options, null);
    return { compiled: { text, expanded, query, plans, ctx, map: exp.map }, diagnostics: [], expanded };
  } catch (e) {
    return { compiled: null, diagnostics: [mapError(e, map)], expanded };
  }
}

/** The order-insensitive streaming commands at the start of `plans` (see timeOrder). */
function orderFreePrefix(plans: readonly CommandPlan[]): number {
  let n = 0;
  while (n < plans.length && plans[n]!.streaming && plans[n]!.orderSensitive === false && !plans[n]!.generating) n++;
  return n;
}

/** Whether the commands after the base search can see its results in any order (see orderSensitive). */
function needsTimeOrder(plans: readonly CommandPlan[]): boolean {
  for (const p of plans) {
    if (p.orderSensitive !== false) return true;
    if (!p.streaming) return false;
  }
  return true;
}

export async function runSearch(text: string, options: SearchOptions = {}): Promise<SearchResult> {
  const checked = compileSearch(text, options);
  const expanded = checked.expanded;
  const empty = { rows: [], columns: [], inputProblems: [], expanded, eventsRead: 0, linesSkipped: 0 };
  if (!checked.compiled) return { ok: false, diagnostics: checked.diagnostics, ...empty };
  const withSubs = await withSubsearches(checked.compiled, options);
  if ("diagnostic" in withSubs) return { ok: false, diagnostics: [withSubs.diagnostic], ...empty };
  const compiled = withSubs.compiled;

  let knowledge: KnowledgeBase;
  try {
    knowledge = loadKnowledge(compiled.ctx, options.props ?? []);
  } catch (e) {
    return { ok: false, diagnostics: [{ code: "input-error", severity: "error", message: (e as Error).message, span: null }], ...empty };
  }

  // The results are kept in `rows`, or handed to onRow as they come (then only their field names are
  // kept, for the columns).
  const plans = compiled.plans;
  const first = plans[0];
  const rows: Row[] = [];
  const onRow = options.onRow;
  const names = onRow ? new FieldNameTracker() : null;
  const collector: Sink = {
    push: onRow
      ? (r) => {
          names!.add(r);
          onRow(r);
        }
      : (r) => rows.push(r),
    finish: () => {},
  };
  const columns = (): string[] => {
    let spec: ColumnSpec = null;
    for (const p of plans) spec = p.columns(spec);
    return names ? names.columns(spec) : resolveColumns(spec, rows);
  };

  // Commands that run searches of their own (map) are stages (CommandPlan.stage): the commands before
  // the first stage run as usual into `held`, then the stages and the commands between them.
  const warnings: Diagnostic[] = [];
  const runner: StageRunner = {
    async search(text, span, what) {
      if (options.data?.includes("-"))
        throw new SplError("unsupported-command", `${what}: map searches the events again, and events read from standard input cannot be read again: give them as files`, span);
      const { onRow: _caller, ...rest } = options;
      const r = await runSearch(text, { ...rest, now: compiled.ctx.now });
      // Its input problems are the query's own, already reported (the same events, read again).
      if (!r.ok) {
        const d = r.diagnostics.find((x) => x.severity === "error") ?? r.diagnostics[0]!;
        throw new SplError(d.code, `in ${what} (${JSON.stringify(text)}): ${d.message}`, span);
      }
      for (const d of r.diagnostics) warnings.push({ ...d, message: `in ${what}: ${d.message}`, span });
      return [...r.rows];
    },
    warn(message, span) {
      warnings.push({ code: "limit", severity: "warning", message, span });
    },
  };
  const mappedWarnings = () => warnings.map((d) => (d.span ? { ...d, span: compiled.map.toOriginal(d.span) } : d));
  const stageAt = hasStage(plans) ? plans.findIndex((p, i) => i > 0 && p.stage !== undefined) : -1;
  const held: Row[] = [];
  const stages = async () => {
    for (const r of await runStaged(plans.slice(stageAt), held, runner)) collector.push(r);
  };

  // A query that starts with `|` has no base search: a generating command (`| makeresults`,
  // `| inputlookup`) makes the rows, and any other command runs over no rows at all, so that
  // `| stats count` gives count=0 as in Splunk. No events are read.
  const firstIsSearch = first?.name === "search" && compiled.query.commands[0]?.kind === "search";
  if (!firstIsSearch) {
    try {
      if (hasStage(plans)) for (const r of await runStaged(plans, [], runner)) collector.push(r);
      else chain(plans, collector).finish();
    } catch (e) {
      if (e instanceof SplError) return { ok: false, diagnostics: [mapError(e, compiled.map)], ...empty };
      throw e;
    }
    return { ok: true, rows, columns: columns(), diagnostics: mappedWarnings(), inputProblems: [], expanded, eventsRead: 0, linesSkipped: 0 };
  }

  // The base search filters events as they are read; its results are put in time order when the rest
  // of the pipeline depends on order; the rest then streams over them.
  const after = plans.slice(1, stageAt < 0 ? plans.length : stageAt);
  const tail: Sink = stageAt < 0 ? collector : { push: (r) => held.push(r), finish: () => {} };
  let sorter: ReturnType<typeof timeOrder> | null = null;
  if (needsTimeOrder(after)) {
    const n = orderFreePrefix(after);
    sorter = timeOrder(after.slice(0, n), chain(after.slice(n), tail), { knowledge, ...(options.sortMemoryRows !== undefined ? { maxRows: options.sortMemoryRows } : {}) });
  }
  const base = first!.make(sorter ?? chain(after, tail));

  const inputProblems: InputProblem[] = [];
  const firstCommand = compiled.query.commands[0];
  const prefilter = options.prefilter !== false && firstCommand?.kind === "search" ? derivePrefilter(firstCommand.expr, knowledge) : null;
  let eventsRead = 0;
  let linesSkipped = 0;
  const ingestOpts = {
    knowledge,
    ...(options.sourcetype !== undefined ? { sourcetype: options.sourcetype } : {}),
    host: options.host ?? "spelunk",
    index: options.index ?? "main",
    extractionCutoff: options.extractionCutoff ?? DEFAULT_EXTRACTION_CUTOFF,
  };
  const onProblem = (p: InputProblem) => {
    if (options.strict && p.severity === "error")
      throw new SplError("input-error", `${p.file}${p.line !== null ? `:${p.line}` : ""}: ${p.message} (stopped by --strict)`, null);
    inputProblems.push(p);
  };
  const onEvent = (e: EventRow) => {
    eventsRead++;
    base.push(e);
  };
  try {
    if (options.events) {
      const state = newSourceState("inline");
      options.events.forEach((obj, i) => {
        const r = ingestText(JSON.stringify(obj), state, ingestOpts, compiled.ctx.now);
        if (r.ok) onEvent(r.event);
        else onProblem({ file: "inline", line: i + 1, message: r.message, severity: "error" });
      });
    }
    if (options.data) {
      const { files, missing } = resolveInputs(options.data);
      for (const m of missing) onProblem({ file: m, line: null, message: "no such file or directory", severity: "error" });
      for (const file of files) {
        try {
          await readFile(file, {
            ...ingestOpts,
            now: compiled.ctx.now,
            prefilter,
            ...(options.parallelScan !== undefined ? { parallel: options.parallelScan } : {}),
            onEvent,
            onProblem,
            onSkipped: (n) => (linesSkipped += n),
          });
        } catch (e) {
          if (e instanceof SplError) throw e;
          onProblem({ file, line: null, message: `cannot read: ${(e as Error).message}`, severity: "error" });
        }
      }
    }
    base.finish();
    if (stageAt >= 0) await stages();
  } catch (e) {
    if (e instanceof SplError || e instanceof RangeError) return { ok: false, diagnostics: [mapError(e, compiled.map)], ...empty, inputProblems, eventsRead, linesSkipped };
    throw e;
  } finally {
    // The time sort's temporary files go whether the run ended or stopped.
    sorter?.close();
  }

  return { ok: true, rows, columns: columns(), diagnostics: mappedWarnings(), inputProblems, expanded, eventsRead, linesSkipped };
}

export type { Span };
