// chart (Splunk Search Reference "chart"): `chart [options] <agg>... [OVER <row-split> [BY
// <column-split>] | BY <row-split> [<column-split>]]`. One output row per row-split value, in byte
// order as stats sorts its groups (spl-semantics.md 10.3); one column per aggregation, or per
// aggregation and column-split value (charting.ts: limit, OTHER, NULL, sep/format). Without a split it
// is one row, as stats without BY.
// - Rows missing the row-split field are left out, as stats by leaves them out (10.4); a multivalue
//   row-split field puts the row under each value (7.1).
// - Numeric splits are not discretized: the docs' examples (Extended example 6: magnitudes 3.5, 3.6...)
//   show raw values; bins=, span=, start=, end= and the where clause are not supported, and are errors.
import { MapRow, type Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { compareStrings, toText, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, readArgs } from "./args.js";
import { cellAggregator, parseChartClause, pivotSplit, pivotUnsplit, seriesOf, seriesOptions, type Cells, type Contribution } from "./charting.js";
import type { ColumnSpec, CommandPlanner, Sink } from "./types.js";

const OPTIONS = ["limit", "useother", "usenull", "nullstr", "otherstr", "sep", "format", "dedup_splitvals"];

interface Group {
  readonly value: Scalar;
  readonly cells: Cells;
}

export const planChart: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, OPTIONS);
  const clause = parseChartClause(args.positional, ctx, command, true);
  const limit = clause.over ? 1 : 2;
  const extra = clause.by[limit];
  if (extra) throw badArgument(clause.over ? "chart takes one BY field after OVER" : "chart takes at most two BY fields: the row split and the column split", extra.span);
  const rowField = clause.over?.name ?? clause.by[0]?.name ?? null;
  const columnField = (clause.over ? clause.by[0] : clause.by[1])?.name ?? null;
  const series = seriesOptions(args.options);
  const agg = cellAggregator(clause.aggregations, ctx, command.span);
  let found: string[] | null = null;
  return {
    name: "chart",
    span: command.span,
    streaming: false,
    make(next: Sink): Sink {
      const groups = new Map<string, Group>();
      let seq = 0;
      const add = (key: string, value: Scalar, k: string, c: Contribution): void => {
        let g = groups.get(key);
        if (!g) {
          g = { value, cells: new Map() };
          groups.set(key, g);
        }
        const list = g.cells.get(k);
        if (list) list.push(c);
        else g.cells.set(k, [c]);
      };
      return {
        push(row: Row) {
          const c = { row, seq: seq++ };
          const keys = columnField === null ? [""] : seriesOf(row, columnField, series);
          if (rowField === null) {
            for (const k of keys) add("", "", k, c);
            return;
          }
          for (const v of valuesOf(row.get(rowField))) for (const k of keys) add(toText(v), v, k, c);
        },
        finish() {
          // Without a split there is one row even over no rows (stats count gives count=0, 7.1).
          if (rowField === null && groups.size === 0) groups.set("", { value: "", cells: new Map() });
          const sorted = [...groups].sort(([a], [b]) => compareStrings(a, b)).map(([, g]) => g);
          const cells = sorted.map((g) => g.cells);
          const pivot = columnField === null ? pivotUnsplit(cells, agg) : pivotSplit(cells, agg, series);
          found = rowField === null ? [...pivot.columns] : [rowField, ...pivot.columns];
          sorted.forEach((g, i) => {
            const fields = new Map<string, FieldValue>();
            if (rowField !== null) fields.set(rowField, g.value);
            for (const [k, v] of pivot.values[i]!) fields.set(k, v);
            next.push(new MapRow(fields));
          });
          groups.clear();
          next.finish();
        },
      };
    },
    columns(): ColumnSpec {
      const names = found ?? (columnField === null ? [...(rowField === null ? [] : [rowField]), ...agg.names] : [rowField!]);
      const spec = names.map((name) => ({ name, wildcard: false }));
      return found === null && columnField !== null ? [...spec, { name: "*", wildcard: true }] : spec;
    },
  };
};
