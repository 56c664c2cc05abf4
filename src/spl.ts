// The path of a search, top to bottom: expand macros, parse, plan, run over events, return results and
// diagnostics. Everything a user can get wrong in the query stops the run before any event is read.
import { SplError, type Diagnostic } from "./diagnostics.js";
import { planCommand } from "./commands/index.js";
import type { ColumnSpec, CommandPlan, Sink } from "./commands/types.js";
import type { EventRow } from "./events/event.js";
import { DEFAULT_EXTRACTION_CUTOFF } from "./events/flatten.js";
import { ingestRecord, type SourceState } from "./events/ingest.js";
import { parseJson } from "./events/json.js";
import { readFile, resolveInputs, type InputProblem } from "./events/read.js";
import type { Row } from "./events/row.js";
import type { EvalContext } from "./functions/types.js";
import { loadKnowledge, type KnowledgeBase } from "./knowledge/index.js";
import { expandMacros } from "./macros/expand.js";
import type { SourceMap } from "./macros/sourcemap.js";
import { MacroTable } from "./macros/table.js";
import type { Query, Span } from "./syntax/ast.js";
import { parse } from "./syntax/parse.js";
import { resolveColumns } from "./columns.js";

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
}

export interface SearchResult {
  /** False when a diagnostic of severity error stopped the search. */
  readonly ok: boolean;
  readonly rows: readonly Row[];
  /** The result columns, in order. */
  readonly columns: readonly string[];
  /** Query problems, with spans in the user's text. */
  readonly diagnostics: readonly Diagnostic[];
  /** Input problems (bad lines, unreadable files, timestamp warnings). */
  readonly inputProblems: readonly InputProblem[];
  /** The query after macro expansion. */
  readonly expanded: string;
  readonly eventsRead: number;
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
  throw e;
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
    const plans = query.commands.map((command, i) => planCommand(command, { eval: ctx, first: i === 0 }));
    return { compiled: { text, expanded, query, plans, ctx, map: exp.map }, diagnostics: [], expanded };
  } catch (e) {
    return { compiled: null, diagnostics: [mapError(e, map)], expanded };
  }
}

/** Chain plans into one sink that ends in `out`. */
function chain(plans: readonly CommandPlan[], out: Sink): Sink {
  let sink = out;
  for (let i = plans.length - 1; i >= 0; i--) sink = plans[i]!.make(sink);
  return sink;
}

/**
 * Base search results come back newest first (10.1). Events with the same _time come in reverse input
 * order, the most recently indexed first (Q22: the reading chosen, see test/golden).
 */
function timeOrder(next: Sink): Sink & { seq: number } {
  const held: Array<{ row: Row; time: number; seq: number }> = [];
  const op = {
    seq: 0,
    push(row: Row) {
      const t = row.get("_time");
      held.push({ row, time: typeof t === "number" ? t : -Infinity, seq: op.seq++ });
    },
    finish() {
      held.sort((a, b) => b.time - a.time || b.seq - a.seq);
      for (const h of held) next.push(h.row);
      held.length = 0;
      next.finish();
    },
  };
  return op;
}

export async function runSearch(text: string, options: SearchOptions = {}): Promise<SearchResult> {
  const { compiled, diagnostics, expanded } = compileSearch(text, options);
  const empty = { rows: [], columns: [], inputProblems: [], expanded, eventsRead: 0 };
  if (!compiled) return { ok: false, diagnostics, ...empty };

  let knowledge: KnowledgeBase;
  try {
    knowledge = loadKnowledge(compiled.ctx, options.props ?? []);
  } catch (e) {
    return { ok: false, diagnostics: [{ code: "input-error", severity: "error", message: (e as Error).message, span: null }], ...empty };
  }

  const rows: Row[] = [];
  const collector: Sink = { push: (r) => rows.push(r), finish: () => {} };
  const plans = compiled.plans;
  // The base search filters events as they are read; its results are put in time order; the rest of
  // the pipeline then streams over them.
  const firstIsSearch = plans[0]?.name === "search" && compiled.query.commands[0]?.kind === "search";
  const rest = chain(firstIsSearch ? plans.slice(1) : plans, collector);
  const ordered = timeOrder(rest);
  const base = firstIsSearch ? plans[0]!.make(ordered) : ordered;

  const inputProblems: InputProblem[] = [];
  let eventsRead = 0;
  const ingestOpts = {
    knowledge,
    ...(options.sourcetype !== undefined ? { sourcetype: options.sourcetype } : {}),
    host: options.host ?? "spelunk",
    index: options.index ?? "main",
    extractionCutoff: options.extractionCutoff ?? DEFAULT_EXTRACTION_CUTOFF,
  };
  const onEvent = (e: EventRow) => {
    eventsRead++;
    base.push(e);
  };
  try {
    if (options.events) {
      const state: SourceState = { source: "inline", lastTime: null };
      options.events.forEach((obj, i) => {
        const json = JSON.stringify(obj);
        const r = ingestRecord(json, parseJson(json), state, ingestOpts, compiled.ctx.now);
        if (r.ok) onEvent(r.event);
        else inputProblems.push({ file: "inline", line: i + 1, message: r.message, severity: "error" });
      });
    }
    if (options.data) {
      const { files, missing } = resolveInputs(options.data);
      for (const m of missing) inputProblems.push({ file: m, line: null, message: "no such file or directory", severity: "error" });
      for (const file of files) {
        try {
          await readFile(file, { ...ingestOpts, now: compiled.ctx.now, onEvent, onProblem: (p) => inputProblems.push(p) });
        } catch (e) {
          if (e instanceof SplError) throw e;
          inputProblems.push({ file, line: null, message: `cannot read: ${(e as Error).message}`, severity: "error" });
        }
      }
    }
    base.finish();
  } catch (e) {
    if (e instanceof SplError) return { ok: false, diagnostics: [mapError(e, compiled.map)], ...empty, inputProblems, eventsRead };
    throw e;
  }

  let spec: ColumnSpec = null;
  for (const p of plans) spec = p.columns(spec);
  return { ok: true, rows, columns: resolveColumns(spec, rows), diagnostics: [], inputProblems, expanded, eventsRead };
}

export type { Span };
