// stats, eventstats and streamstats (spl-semantics.md 7.1, 7.2; Splunk Search Reference: stats,
// eventstats, streamstats). The aggregation functions are the table in src/aggregations.
import type { Accumulator, AggregationInput, AggregationSpec } from "../aggregations/types.js";
import { makeAccumulator, resolveAggregation } from "../aggregations/table.js";
import { SplError } from "../diagnostics.js";
import { MapRow, type Row } from "../events/row.js";
import { compileExpr } from "../functions/compile.js";
import type { StatsCommand } from "../syntax/ast.js";
import { compareStrings, formatNumber, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { boolOption, intOption, type OptionArg } from "./args.js";
import { fillWildcards, wildcardCaptures } from "./fieldlist.js";
import { addColumns, type CommandPlan, type CommandPlanner, type PlanContext, type Sink } from "./types.js";

interface PlannedAggregation {
  readonly resolved: { spec: AggregationSpec; param?: number };
  readonly hasArgument: boolean;
  readonly output: string;
  /** The values a row contributes. */
  readonly values: (row: Row) => readonly Scalar[];
  /** For `values(a.*)`: the field pattern, and the output name of each matching field (`values(a.x)`,
   * or the AS name with its `*`s filled in). One aggregate per matching field. */
  readonly wildcard: { readonly pattern: string; outputFor(field: string): string } | null;
}

const NO_VALUES: readonly Scalar[] = [];

const ORDER_SENSITIVE = new Set(["first", "last", "list", "mode", "earliest", "latest", "sum", "sumsq", "avg", "mean", "stdev", "stdevp", "var", "varp", "rate"]);

function planAggregations(command: StatsCommand, ctx: PlanContext): PlannedAggregation[] {
  return command.aggregations.map((agg) => {
    const resolved = resolveAggregation(agg.func);
    if (!resolved) throw new SplError("unsupported-function", `The '${agg.func}' aggregation function is unsupported or undefined.`, agg.span);
    const { spec } = resolved;
    if (spec.argument === "required" && !agg.argument)
      throw new SplError("bad-argument", `The '${agg.func}' aggregation function needs a field: ${agg.func}(<field>)`, agg.span);
    if (spec.argument === "none" && agg.argument)
      throw new SplError("bad-argument", `The '${agg.func}' aggregation function takes no field`, agg.span);
    let values: (row: Row) => readonly Scalar[];
    const arg = agg.argument;
    if (!arg) values = () => NO_VALUES;
    else if (arg.kind === "field") {
      if (arg.name.includes("*")) {
        const pattern = arg.name;
        const target = agg.as ?? `${agg.func}(${pattern})`;
        if (agg.as !== null && agg.as.includes("*") && countStars(agg.as) !== countStars(pattern))
          throw new SplError("bad-argument", `Wildcard mismatch: '${agg.text}' AS '${agg.as}'`, agg.span);
        const outputFor = (field: string) => (agg.as !== null && !agg.as.includes("*") ? agg.as : fillWildcards(target, wildcardCaptures(pattern, field) ?? []));
        return { resolved, hasArgument: true, output: target, values: () => NO_VALUES, wildcard: { pattern, outputFor } };
      }
      const name = arg.name;
      values = (row) => valuesOf(row.get(name));
    } else {
      // eval(<expression>) inside an aggregation: a true condition counts ("True"), false or null does
      // not, so that count(eval(status="404")) counts the matching rows (Search Reference: stats).
      const fn = compileExpr(arg.expr, ctx.eval);
      values = (row) => {
        const v = fn(row);
        if (v === null || v === false) return NO_VALUES;
        if (v === true) return ["True"];
        return valuesOf(v);
      };
    }
    return { resolved, hasArgument: arg !== null, output: agg.as ?? agg.text, values, wildcard: null };
  });
}

function optionMap(command: StatsCommand, allowed: readonly string[]): Map<string, OptionArg> {
  const out = new Map<string, OptionArg>();
  for (const o of command.options) {
    if (!allowed.includes(o.name))
      throw new SplError("unsupported-argument", `The '${command.variant}' command does not support the option '${o.name}' (spelunk supports: ${allowed.join(", ") || "none"})`, o.span);
    out.set(o.name, { key: o.name, value: o.value, quoted: false, span: o.span });
  }
  return out;
}

function byFields(command: StatsCommand): string[] {
  return command.by.map((f) => {
    if (f.name.includes("*")) throw new SplError("unsupported-argument", `Wildcard by-fields (${f.name}) are not supported by spelunk yet`, f.span);
    return f.name;
  });
}

function text(v: Scalar): string {
  return typeof v === "number" ? formatNumber(v) : v;
}

/**
 * The groups a row belongs to: one per combination of its by-field values (a multivalue by-field puts
 * the row in each value's group, 7.1); none when a by-field is missing (the row is dropped, 7.1).
 */
function groupKeys(row: Row, by: readonly string[]): Scalar[][] {
  let combos: Scalar[][] = [[]];
  for (const f of by) {
    const vs = valuesOf(row.get(f));
    if (vs.length === 0) return [];
    const next: Scalar[][] = [];
    for (const c of combos) for (const v of vs) next.push([...c, v]);
    combos = next;
  }
  return combos;
}

function keyString(keys: readonly Scalar[]): string {
  return keys.map(text).join("\u0000");
}

function rowTime(row: Row): number | null {
  const t = row.get("_time");
  return typeof t === "number" ? t : typeof t === "string" && t !== "" && !Number.isNaN(Number(t)) ? Number(t) : null;
}

interface Group {
  readonly keys: readonly Scalar[];
  readonly accumulators: Accumulator[];
  /** Per wildcard aggregation (by index): one accumulator per matching field. */
  readonly perField: Map<number, Map<string, Accumulator>>;
}

function newGroup(keys: readonly Scalar[], aggs: readonly PlannedAggregation[]): Group {
  return { keys, accumulators: aggs.map((a) => makeAccumulator(a.resolved, a.hasArgument)), perField: new Map() };
}

function countStars(s: string): number {
  return s.split("*").length - 1;
}

/** Feed a row's matching fields to a wildcard aggregation's per-field accumulators. */
function addWildcard(group: Group, index: number, agg: PlannedAggregation, row: Row, time: number | null, seq: number): void {
  const w = agg.wildcard!;
  let fields = group.perField.get(index);
  if (!fields) {
    fields = new Map();
    group.perField.set(index, fields);
  }
  for (const name of row.names()) {
    if (name.startsWith("_") || wildcardCaptures(w.pattern, name) === null) continue;
    let acc = fields.get(name);
    if (!acc) {
      acc = makeAccumulator(agg.resolved, true);
      fields.set(name, acc);
    }
    acc.add({ values: valuesOf(row.get(name)), time, seq });
  }
}

function inputsOf(row: Row, aggs: readonly PlannedAggregation[], time: number | null, seq: number): AggregationInput[] {
  return aggs.map((a) => ({ values: a.values(row), time, seq }));
}

function addInputs(group: Group, inputs: readonly AggregationInput[]): void {
  for (let i = 0; i < inputs.length; i++) group.accumulators[i]!.add(inputs[i]!);
}

function addRow(group: Group, row: Row, aggs: readonly PlannedAggregation[], time: number | null, seq: number): void {
  addInputs(group, inputsOf(row, aggs, time, seq));
  aggs.forEach((a, i) => {
    if (a.wildcard) addWildcard(group, i, a, row, time, seq);
  });
}

function results(group: Group, aggs: readonly PlannedAggregation[]): Array<[string, FieldValue | null]> {
  const out: Array<[string, FieldValue | null]> = [];
  aggs.forEach((a, i) => {
    if (!a.wildcard) {
      out.push([a.output, group.accumulators[i]!.result()]);
      return;
    }
    const fields = group.perField.get(i);
    if (!fields) return;
    for (const name of [...fields.keys()].sort(compareStrings)) out.push([a.wildcard.outputFor(name), fields.get(name)!.result()]);
  });
  return out;
}

/** eventstats and streamstats keep per-row state that wildcard aggregations do not fit yet. */
function refuseWildcards(command: StatsCommand, aggs: readonly PlannedAggregation[]): void {
  const i = aggs.findIndex((a) => a.wildcard !== null);
  if (i >= 0) throw new SplError("unsupported-argument", `Wildcard fields in ${command.variant} aggregations are not supported by spelunk yet`, command.aggregations[i]!.span);
}


function compareKeys(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareStrings(text(a[i]!), text(b[i]!));
    if (c !== 0) return c;
  }
  return 0;
}

function planStatsCommand(command: StatsCommand, ctx: PlanContext): CommandPlan {
  optionMap(command, []);
  const aggs = planAggregations(command, ctx);
  const by = byFields(command);
  return {
    name: "stats",
    span: command.span,
    streaming: false,
    // count, dc, values, min, max... do not depend on arrival order; first, last, list, mode and the
    // floating-point sums (whose last bits depend on the order of addition) do.
    orderSensitive: command.aggregations.some((a) => ORDER_SENSITIVE.has(a.func.replace(/\d+(\.\d+)?$/, ""))),
    make(next: Sink): Sink {
      const groups = new Map<string, Group>();
      let seq = 0;
      return {
        push(row) {
          const time = rowTime(row);
          const s = seq++;
          for (const keys of groupKeys(row, by)) {
            const k = keyString(keys);
            let g = groups.get(k);
            if (!g) {
              g = newGroup(keys, aggs);
              groups.set(k, g);
            }
            addRow(g, row, aggs, time, s);
          }
        },
        finish() {
          // Without a by clause there is always one result row (stats count over nothing is 0, 7.1).
          if (by.length === 0 && groups.size === 0) groups.set("", newGroup([], aggs));
          // Rows come out sorted by the by-field values, in byte order (10.3, Example 10.C, Q23).
          const sorted = [...groups.values()].sort((a, b) => compareKeys(a.keys, b.keys));
          for (const g of sorted) {
            const out = new Map<string, FieldValue>();
            by.forEach((f, i) => out.set(f, g.keys[i]!));
            for (const [name, v] of results(g, aggs)) {
              if (v === null) out.delete(name);
              else out.set(name, v);
            }
            next.push(new MapRow(out));
          }
          groups.clear();
          next.finish();
        },
      };
    },
    columns: () => [...by.map((name) => ({ name, wildcard: false })), ...aggs.map((a) => ({ name: a.output, wildcard: a.wildcard !== null }))],
  };
}

function planEventstats(command: StatsCommand, ctx: PlanContext): CommandPlan {
  optionMap(command, []);
  const aggs = planAggregations(command, ctx);
  refuseWildcards(command, aggs);
  const by = byFields(command);
  return {
    name: "eventstats",
    span: command.span,
    streaming: false,
    make(next: Sink): Sink {
      const held: Array<{ row: Row; key: string | null }> = [];
      const groups = new Map<string, Group>();
      return {
        push(row) {
          const time = rowTime(row);
          const combos = groupKeys(row, by);
          for (const keys of combos) {
            const k = keyString(keys);
            let g = groups.get(k);
            if (!g) {
              g = newGroup(keys, aggs);
              groups.set(k, g);
            }
            addRow(g, row, aggs, time, held.length);
          }
          // A row in several groups (a multivalue by-field) takes its first group's results.
          held.push({ row, key: combos[0] ? keyString(combos[0]) : null });
        },
        finish() {
          if (by.length === 0 && groups.size === 0) groups.set("", newGroup([], aggs));
          const cache = new Map<string, Array<[string, FieldValue | null]>>();
          for (const { row, key } of held) {
            // Rows missing a by-field get no aggregate (7.2).
            if (key === null) {
              next.push(row);
              continue;
            }
            let r = cache.get(key);
            if (!r) {
              r = results(groups.get(key)!, aggs);
              cache.set(key, r);
            }
            for (const [name, v] of r) row.set(name, v);
            next.push(row);
          }
          held.length = 0;
          next.finish();
        },
      };
    },
    columns: (input) => addColumns(input, aggs.map((a) => a.output)),
  };
}

function planStreamstats(command: StatsCommand, ctx: PlanContext): CommandPlan {
  const options = optionMap(command, ["window", "current", "global", "reset_on_change"]);
  const window = intOption(options.get("window"), 0);
  const current = boolOption(options.get("current"), true);
  const global = boolOption(options.get("global"), true);
  const resetOnChange = boolOption(options.get("reset_on_change"), false);
  const aggs = planAggregations(command, ctx);
  refuseWildcards(command, aggs);
  const by = byFields(command);
  return {
    name: "streamstats",
    span: command.span,
    streaming: true,
    make(next: Sink): Sink {
      const groups = new Map<string, Group>();
      // With window=N: the last N rows (over all groups when global=true, per group otherwise).
      const windows = new Map<string, Array<{ key: string; inputs: AggregationInput[] }>>();
      let seq = 0;
      let previousKey: string | null = null;
      return {
        push(row) {
          const time = rowTime(row);
          const s = seq++;
          const combos = groupKeys(row, by);
          if (combos.length === 0) {
            next.push(row);
            return;
          }
          const keys = combos[0]!;
          const key = keyString(keys);
          if (resetOnChange && previousKey !== null && key !== previousKey) {
            groups.clear();
            windows.clear();
          }
          previousKey = key;
          let r: Array<[string, FieldValue | null]>;
          if (window > 0) {
            const wkey = global ? "" : key;
            let w = windows.get(wkey);
            if (!w) {
              w = [];
              windows.set(wkey, w);
            }
            const entry = { key, inputs: inputsOf(row, aggs, time, s) };
            if (current) {
              w.push(entry);
              if (w.length > window) w.shift();
            }
            const g = newGroup(keys, aggs);
            for (const e of w) if (e.key === key) addInputs(g, e.inputs);
            r = results(g, aggs);
            if (!current) {
              w.push(entry);
              if (w.length > window) w.shift();
            }
          } else {
            let g = groups.get(key);
            if (!g) {
              g = newGroup(keys, aggs);
              groups.set(key, g);
            }
            if (current) addRow(g, row, aggs, time, s);
            r = results(g, aggs);
            if (!current) addRow(g, row, aggs, time, s);
          }
          for (const [name, v] of r) row.set(name, v);
          next.push(row);
        },
        finish() {
          next.finish();
        },
      };
    },
    columns: (input) => addColumns(input, aggs.map((a) => a.output)),
  };
}

export const planStats: CommandPlanner<StatsCommand> = (command, ctx) => {
  switch (command.variant) {
    case "stats":
      return planStatsCommand(command, ctx);
    case "eventstats":
      return planEventstats(command, ctx);
    case "streamstats":
      return planStreamstats(command, ctx);
  }
};
