// timechart (Splunk Search Reference "timechart"): `timechart span=<span> [options] <agg>... [BY <field>
// [tc-options]]`. One output row per time bin, oldest first, with _time the bin's start; one column
// per aggregation, or per aggregation and split-by value (charting.ts).
// - span= is required. Splunk picks the default span from the search's time range (Usage, "Default
//   time spans"), which spelunk does not know; bins= and minspan= only shape that automatic span, so
//   they are accepted and, with span= given, ignored, as Splunk ignores bins when span is given ("If you
//   specify both bins and span, span is used").
// - The bins run from the first to the last bin that has rows (fixedrange=false behaviour): the default
//   fixedrange=true stretches them to the search's earliest and latest times, so fixedrange=true is
//   refused when written; so is partial=false (only the first and last bins of that range are partial).
// - cont=true (the default) fills the bins between with 0 for counts, nothing for other aggregations
//   (what the aggregation gives over no rows); cont=false leaves them out.
// - Split-by values that start with an underscore are prefixed with VALUE (Usage, "Prepending VALUE").
// - Options for bins written after the BY field bin the split-by field (Usage, "Split-by fields"),
//   which spelunk does not do: refused.
// Rows without a numeric _time are not charted (inferred: they have no bin). Splunk's hidden _span and
// _spandays fields are not added.
import { SplError } from "../diagnostics.js";
import { MapRow, type Row } from "../events/row.js";
import type { GenericArg, GenericCommand } from "../syntax/ast.js";
import type { FieldValue } from "../values/value.js";
import { badArgument, boolOption, readArgs, type OptionArg } from "./args.js";
import { planBin } from "./bin.js";
import { cellAggregator, parseChartClause, pivotSplit, pivotUnsplit, seriesOf, seriesOptions, type Cells, type Contribution } from "./charting.js";
import type { ColumnSpec, CommandPlanner, PlanContext, Sink } from "./types.js";

const OPTIONS = ["span", "bins", "minspan", "aligntime", "cont", "fixedrange", "partial", "limit", "useother", "usenull", "nullstr", "otherstr", "sep", "format", "dedup_splitvals"];

/** Options that shape the time bins: written after BY they would bin the split-by field instead. */
const BIN_OPTIONS = ["span", "bins", "minspan", "aligntime"];

/**
 * The bin start of a time, through the bin command's own planner (`bin _time span=<span>
 * [aligntime=...]`), so that spans, units, alignment and time zones are bin's. bin.ts exports only
 * planBin; exporting its span parser and time binner would replace this adapter.
 */
function binAdapter(command: GenericCommand, span: OptionArg, align: OptionArg | undefined, ctx: PlanContext): (t: number) => number {
  const args: GenericArg[] = [
    { kind: "word", text: "_time", span: command.nameSpan },
    { kind: "word", text: `span=${span.value}`, span: span.span },
  ];
  if (align) args.push({ kind: "word", text: `aligntime=${align.value}`, span: align.span });
  const plan = planBin({ kind: "generic", name: "bin", args, span: command.span, nameSpan: command.nameSpan }, ctx);
  const sink = plan.make({ push: () => undefined, finish: () => undefined });
  return (t) => {
    const row = new MapRow(new Map([["_time", t]]));
    sink.push(row);
    const v = row.get("_time");
    return typeof v === "number" ? v : t;
  };
}

/**
 * The start of the bin after `cur`. Bins of seconds, minutes and hours all have one length, and the
 * previous step is tried first; days (daylight saving) and months vary, so otherwise the next boundary
 * is searched for: doubling until a time leaves the bin, then halving the interval (times are doubles,
 * so this ends when the interval can no longer be halved), and the bin of the time just past the
 * boundary is the next bin.
 */
function nextBin(bin: (t: number) => number, cur: number, step: number | null): number {
  if (step !== null && step > 0) {
    const guess = cur + step;
    if (bin(guess) === guess && bin(guess - step / 2) === cur) return guess;
  }
  let lo = cur;
  let d = 1e-6;
  while (bin(cur + d) === cur && d < 1e12) {
    lo = cur + d;
    d *= 2;
  }
  let hi = cur + d;
  for (;;) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (bin(mid) === cur) lo = mid;
    else hi = mid;
  }
  return bin(hi);
}

function rowTime(row: Row): number | null {
  const t = row.get("_time");
  if (typeof t === "number") return t;
  if (typeof t === "string" && t.trim() !== "" && Number.isFinite(Number(t))) return Number(t);
  return null;
}

/** Values that start with an underscore would name hidden columns: Splunk prefixes them with VALUE. */
function visibleName(series: string): string {
  return series.startsWith("_") ? `VALUE${series}` : series;
}

export const planTimechart: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, OPTIONS);
  const clause = parseChartClause(args.positional, ctx, command, false);
  const extra = clause.by[1];
  if (extra) throw badArgument("timechart takes one split-by field", extra.span);
  const splitBy = clause.by[0]?.name ?? null;
  for (const name of BIN_OPTIONS) {
    const o = args.options.get(name);
    if (o && clause.bySpan && o.span.start > clause.bySpan.start)
      throw new SplError("unsupported-argument", `'${o.key}' after the split-by field bins the split-by field, which spelunk does not support: write it before the aggregation`, o.span);
  }
  const span = args.options.get("span");
  if (!span)
    throw badArgument(
      "timechart needs span= (for example span=1h): Splunk chooses the default span from the search's time range, which spelunk does not know",
      args.options.get("bins")?.span ?? args.options.get("minspan")?.span ?? command.nameSpan,
    );
  const fixedrange = args.options.get("fixedrange");
  if (boolOption(fixedrange, false))
    throw new SplError("unsupported-argument", "fixedrange=true stretches the bins to the search's time range, which spelunk does not know: the bins run from the first to the last event (fixedrange=false)", fixedrange!.span);
  const partial = args.options.get("partial");
  if (!boolOption(partial, true))
    throw new SplError("unsupported-argument", "partial=false needs the search's time range, which spelunk does not know", partial!.span);
  const cont = boolOption(args.options.get("cont"), true);
  const series = seriesOptions(args.options);
  const bin = binAdapter(command, span, args.options.get("aligntime"), ctx);
  const agg = cellAggregator(clause.aggregations, ctx, command.span);
  // The columns depend on the split-by values found: known once the rows have been seen.
  let found: string[] | null = null;
  return {
    name: "timechart",
    span: command.span,
    streaming: false,
    make(next: Sink): Sink {
      const bins = new Map<number, Cells>();
      let seq = 0;
      return {
        push(row) {
          const t = rowTime(row);
          if (t === null) return;
          const keys = splitBy === null ? [""] : seriesOf(row, splitBy, series).map(visibleName);
          if (keys.length === 0) return;
          const start = bin(t);
          let cells = bins.get(start);
          if (!cells) {
            cells = new Map();
            bins.set(start, cells);
          }
          const c = { row, seq: seq++ };
          for (const k of keys) {
            const list = cells.get(k);
            if (list) list.push(c);
            else cells.set(k, [c]);
          }
        },
        finish() {
          const starts = [...bins.keys()].sort((a, b) => a - b);
          const all: number[] = [];
          if (cont && starts.length > 0) {
            const last = starts[starts.length - 1]!;
            let step: number | null = null;
            for (let cur = starts[0]!; cur <= last; ) {
              all.push(cur);
              const nxt = nextBin(bin, cur, step);
              step = nxt - cur;
              cur = nxt;
            }
          } else all.push(...starts);
          const groups = all.map((s): Cells => bins.get(s) ?? new Map<string, Contribution[]>());
          const pivot = splitBy === null ? pivotUnsplit(groups, agg) : pivotSplit(groups, agg, series);
          found = ["_time", ...pivot.columns];
          all.forEach((start, i) => {
            const fields = new Map<string, FieldValue>([["_time", start]]);
            for (const [k, v] of pivot.values[i]!) fields.set(k, v);
            next.push(new MapRow(fields));
          });
          bins.clear();
          next.finish();
        },
      };
    },
    columns(): ColumnSpec {
      const names = found ?? (splitBy === null ? ["_time", ...agg.names] : ["_time"]);
      const spec = names.map((name) => ({ name, wildcard: false }));
      return found === null && splitBy !== null ? [...spec, { name: "*", wildcard: true }] : spec;
    },
  };
};
