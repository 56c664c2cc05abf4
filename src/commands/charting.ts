// Shared by chart and timechart (Splunk Search Reference "chart", "timechart"): the aggregation clause
// (`<agg> [AS name] [, <agg> ...] [OVER <field>] [BY <field> [<field>]]`), the column split (limit,
// useother/otherstr, usenull/nullstr, dedup_splitvals, sep/format) and the pivot of grouped rows into
// one output row per group and one column per aggregation and split value.
//
// Aggregations run through the stats planner itself (src/commands/stats.ts), one stats operator per
// cell of the table, so that every function, eval(...) argument and error is exactly stats'. stats.ts
// exports only its planner; an export of its per-group aggregation (planAggregations/newGroup/results)
// would let the cells use accumulators directly instead of this adapter.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { Aggregation, GenericCommand, Span, StatsCommand } from "../syntax/ast.js";
import { compareStrings, toNumber, toText, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, parseEvalAt, type OptionArg, type PositionalArg } from "./args.js";
import { isCall, piecesOf, type Piece } from "./rowcommands-util.js";
import { planStats } from "./stats.js";
import type { PlanContext } from "./types.js";

// ---------------------------------------------------------------- the aggregation clause

export interface SplitField {
  readonly name: string;
  readonly span: Span;
}

export interface ChartClause {
  readonly aggregations: readonly Aggregation[];
  /** The field after OVER (chart only). */
  readonly over: SplitField | null;
  /** The fields after BY, in order. */
  readonly by: readonly SplitField[];
  /** Where the BY keyword is: options written after it belong to the split-by field (timechart docs). */
  readonly bySpan: Span | null;
}

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyword(p: Piece | undefined, word: string): boolean {
  return p !== undefined && !p.quoted && p.arg.kind === "word" && p.text.toLowerCase() === word;
}

function fieldPiece(p: Piece, what: string): SplitField {
  if (p.arg.kind !== "word" && p.arg.kind !== "quoted") throw badArgument(`${what}: expected a field name`, p.span);
  return { name: p.text, span: p.span };
}

/** The argument inside `f(...)`: nothing, a field, or eval(<expression>). */
function aggregationArgument(group: Piece, ctx: PlanContext): Aggregation["argument"] {
  const inner = group.arg.kind === "parens" ? group.arg.args : [];
  const [first, second, extra] = inner;
  if (first === undefined) return null;
  if (first.kind === "word" && first.text.toLowerCase() === "eval" && second?.kind === "parens" && second.span.start === first.span.end && extra === undefined)
    return { kind: "eval", expr: parseEvalAt(ctx, { start: second.span.start + 1, end: second.span.end - 1 }) };
  if ((first.kind === "word" || first.kind === "quoted") && second === undefined) return { kind: "field", name: first.text };
  throw badArgument("Expected a field name or eval(<expression>) in the aggregation's parentheses", group.span);
}

/**
 * Read the aggregation clause from a command's positional arguments. `command` names the command in
 * messages; `allowOver` is true for chart.
 */
export function parseChartClause(positional: readonly PositionalArg[], ctx: PlanContext, command: GenericCommand, allowOver: boolean): ChartClause {
  const pieces = piecesOf(positional);
  const aggregations: Aggregation[] = [];
  let over: SplitField | null = null;
  const by: SplitField[] = [];
  let bySpan: Span | null = null;
  let i = 0;
  for (; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (keyword(p, "by") || keyword(p, "over")) break;
    if (keyword(p, "where")) throw new SplError("unsupported-argument", `The where clause of '${command.name}' is not supported by spelunk yet`, p.span);
    if (p.quoted || p.arg.kind !== "word" || !FUNCTION_NAME.test(p.text)) throw badArgument(`${command.name}: expected an aggregation such as count or avg(<field>)`, p.span);
    const next = pieces[i + 1];
    const call = isCall(p, next) ? next : null;
    if (p.text.toLowerCase() === "eval" && call)
      throw new SplError("unsupported-argument", `Eval expressions over aggregations (${command.name} eval(...)) are not supported by spelunk yet`, { start: p.span.start, end: call.span.end });
    if (call) i++;
    let end = (call ?? p).span.end;
    let as: string | null = null;
    if (keyword(pieces[i + 1], "as")) {
      const name = pieces[i + 2];
      if (!name || name.arg.kind === "parens" || name.arg.kind === "subsearch") throw badArgument("Expected a field name after AS", pieces[i + 1]!.span);
      as = name.text;
      end = name.span.end;
      i += 2;
    }
    aggregations.push({
      kind: "aggregation",
      func: p.text.toLowerCase(),
      argument: call ? aggregationArgument(call, ctx) : null,
      as,
      text: ctx.source.slice(p.span.start, (call ?? p).span.end),
      span: { start: p.span.start, end },
    });
  }
  if (allowOver && keyword(pieces[i], "over")) {
    const field = pieces[i + 1];
    if (!field || keyword(field, "by")) throw badArgument("Expected a field name after OVER", pieces[i]!.span);
    over = fieldPiece(field, command.name);
    i += 2;
  }
  if (keyword(pieces[i], "by")) {
    bySpan = pieces[i]!.span;
    for (i++; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (keyword(p, "where")) throw new SplError("unsupported-argument", `The where clause of '${command.name}' is not supported by spelunk yet`, p.span);
      by.push(fieldPiece(p, command.name));
    }
    if (by.length === 0) throw badArgument("Expected a field name after BY", bySpan);
  }
  if (i < pieces.length) throw badArgument(`${command.name}: unexpected '${pieces[i]!.text}'`, pieces[i]!.span);
  if (aggregations.length === 0) throw badArgument(`The '${command.name}' command needs an aggregation such as count or avg(<field>)`, command.span);
  return { aggregations, over, by, bySpan };
}

// ---------------------------------------------------------------- aggregating one cell (stats adapter)

/** Aggregates the rows of one table cell. */
export interface CellAggregator {
  /** Output names in order: `AS` names, or the aggregations as written (`count`, `dc(user)`). */
  readonly names: readonly string[];
  /** The aggregations over rows given in arrival order; over no rows, what stats gives for nothing
   * (count and dc 0, others null), which is what an empty cell of chart and timechart shows ("bins
   * that have no values will display with a count of 0 or null values", chart docs, cont). */
  aggregate(rows: readonly Row[]): Array<FieldValue | null>;
}

export function cellAggregator(aggregations: readonly Aggregation[], ctx: PlanContext, span: Span): CellAggregator {
  const command: StatsCommand = { kind: "stats", variant: "stats", options: [], aggregations, by: [], span };
  const plan = planStats(command, ctx);
  const names = aggregations.map((a) => a.as ?? a.text);
  return {
    names,
    aggregate(rows) {
      const out: { row: Row | null } = { row: null };
      const sink = plan.make({ push: (r) => void (out.row = r), finish: () => undefined });
      for (const r of rows) sink.push(r);
      sink.finish();
      return names.map((n) => out.row?.get(n) ?? null);
    },
  };
}

// ---------------------------------------------------------------- the column split

export interface SeriesOptions {
  /** 0 keeps every value. */
  readonly limit: number;
  readonly bottom: boolean;
  readonly useother: boolean;
  readonly otherstr: string;
  readonly usenull: boolean;
  readonly nullstr: string;
  readonly dedup: boolean;
  /** Column names with several aggregations: `$AGG$` and `$VAL$` replaced. */
  readonly format: string;
}

/** limit=(top|bottom)<int> (chart and timechart docs; default top10). */
function limitOption(o: OptionArg | undefined): { limit: number; bottom: boolean } {
  if (!o) return { limit: 10, bottom: false };
  const m = /^(top|bottom)?\s*(\d+)$/i.exec(o.value);
  if (!m) throw badArgument(`Invalid value '${o.value}' for option 'limit': expected <int>, top<int> or bottom<int>`, o.span);
  return { limit: Number(m[2]), bottom: m[1]?.toLowerCase() === "bottom" };
}

/** The split options with the defaults both pages give: top10, useother=true OTHER, usenull=true
 * NULL, sep ": " ("equivalent to setting format to $AGG$<sep>$VAL$"). */
export function seriesOptions(options: ReadonlyMap<string, OptionArg>): SeriesOptions {
  const sep = options.get("sep")?.value ?? ": ";
  return {
    ...limitOption(options.get("limit")),
    useother: boolOption(options.get("useother"), true),
    otherstr: options.get("otherstr")?.value ?? "OTHER",
    usenull: boolOption(options.get("usenull"), true),
    nullstr: options.get("nullstr")?.value ?? "NULL",
    dedup: boolOption(options.get("dedup_splitvals"), false),
    format: options.get("format")?.value ?? `$AGG$${sep}$VAL$`,
  };
}

/** The split values a row contributes to: each value of a multivalue field (once each with
 * dedup_splitvals), or the null series when it has none and usenull is on. */
export function seriesOf(row: Row, field: string, opts: SeriesOptions): string[] {
  const values = valuesOf(row.get(field)).map(toText);
  if (values.length === 0) return opts.usenull ? [opts.nullstr] : [];
  return opts.dedup ? [...new Set(values)] : values;
}

/** A row that reached the command, with its arrival position (OTHER merges several cells' rows). */
export interface Contribution {
  readonly row: Row;
  readonly seq: number;
}

/** The rows of one output row (a time bin, a row-split value), by split value ("" when unsplit). */
export type Cells = Map<string, Contribution[]>;

export interface Pivot {
  /** Output columns after the group's own (_time or the row-split field). */
  readonly columns: readonly string[];
  /** One map of column values per group, in the order the groups were given. */
  readonly values: ReadonlyArray<ReadonlyMap<string, FieldValue>>;
}

function numberOf(v: FieldValue | null): number {
  if (v === null || Array.isArray(v)) return 0;
  return toNumber(v as Scalar) ?? 0;
}

/** Each cell's results, computed once: the limit scores them and the table shows them. */
function cellResults(groups: readonly Cells[], agg: CellAggregator): Array<Map<string, Array<FieldValue | null>>> {
  return groups.map((cells) => new Map([...cells].map(([series, rows]) => [series, agg.aggregate(rows.map((c) => c.row))])));
}

/**
 * The split values kept by the limit: scored by the sum of their results with one aggregation, by
 * how many rows they have with several (timechart docs, limit), highest first (lowest with bottom),
 * ties to the lexicographically first ("Ties in scoring are broken lexicographically"). The kept values
 * come out in lexicographic order, as the docs' result tables show.
 */
function keptSeries(groups: readonly Cells[], results: ReturnType<typeof cellResults>, single: boolean, opts: SeriesOptions): { kept: string[]; dropped: Set<string> } {
  const score = new Map<string, number>();
  groups.forEach((cells, i) => {
    for (const [series, rows] of cells) {
      const add = single ? numberOf(results[i]!.get(series)?.[0] ?? null) : rows.length;
      score.set(series, (score.get(series) ?? 0) + add);
    }
  });
  const ranked = [...score.keys()].sort((a, b) => {
    const d = opts.bottom ? score.get(a)! - score.get(b)! : score.get(b)! - score.get(a)!;
    return d !== 0 ? d : compareStrings(a, b);
  });
  const n = opts.limit === 0 ? ranked.length : Math.min(opts.limit, ranked.length);
  return { kept: ranked.slice(0, n).sort(compareStrings), dropped: new Set(ranked.slice(n)) };
}

function columnName(agg: string, series: string, opts: SeriesOptions, several: boolean): string {
  return several ? opts.format.replaceAll("$AGG$", agg).replaceAll("$VAL$", series) : series;
}

/** Without a column split: the aggregations over each group's rows. */
export function pivotUnsplit(groups: readonly Cells[], agg: CellAggregator): Pivot {
  const values = groups.map((cells) => {
    const rows = [...cells.values()].flat().sort((a, b) => a.seq - b.seq).map((c) => c.row);
    const out = new Map<string, FieldValue>();
    agg.aggregate(rows).forEach((v, i) => {
      if (v !== null) out.set(agg.names[i]!, v);
    });
    return out;
  });
  return { columns: agg.names, values };
}

/** With a column split: one column per aggregation and kept split value, then OTHER. */
export function pivotSplit(groups: readonly Cells[], agg: CellAggregator, opts: SeriesOptions): Pivot {
  const results = cellResults(groups, agg);
  const empty = agg.aggregate([]);
  const { kept, dropped } = keptSeries(groups, results, agg.names.length === 1, opts);
  const withOther = opts.useother && dropped.size > 0;
  const series = withOther ? [...kept, opts.otherstr] : kept;
  const several = agg.names.length > 1;
  const columns = agg.names.flatMap((name) => series.map((s) => columnName(name, s, opts, several)));
  const values = groups.map((cells, g) => {
    const out = new Map<string, FieldValue>();
    const set = (s: string, cell: Array<FieldValue | null>): void =>
      cell.forEach((v, i) => {
        if (v !== null) out.set(columnName(agg.names[i]!, s, opts, several), v);
      });
    for (const s of kept) set(s, results[g]!.get(s) ?? empty);
    if (withOther) {
      const rows = [...cells].filter(([s]) => dropped.has(s)).flatMap(([, c]) => c);
      set(opts.otherstr, agg.aggregate(rows.sort((a, b) => a.seq - b.seq).map((c) => c.row)));
    }
    return out;
  });
  return { columns, values };
}
