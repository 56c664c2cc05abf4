// join, append and appendpipe (Search Reference pages of the same names): commands that combine the
// current results with a subsearch's results (join, append) or with a pipeline run over themselves
// (appendpipe).
import { SplError } from "../diagnostics.js";
import { MapRow, type Row } from "../events/row.js";
import type { GenericCommand, Subsearch } from "../syntax/ast.js";
import { compareStrings, formatNumber, valuesOf, type FieldValue } from "../values/value.js";
import { badArgument, boolOption, fieldNames, intOption, readArgs, type CommandArgs } from "./args.js";
import { planCommand } from "./index.js";
import { chain, hasStage, runStaged, type ColumnSpec, type CommandPlan, type CommandPlanner, type PlanContext, type Sink, type StageRunner } from "./types.js";

/** limits.conf [join] subsearch_maxout. */
const JOIN_MAXOUT = 50_000;

function theSubsearch(args: CommandArgs): Subsearch {
  const subs = args.positional.filter((p) => p.arg.kind === "subsearch");
  if (subs.length !== 1) throw badArgument(`The '${args.command.name}' command needs one [subsearch]`, args.command.span);
  return subs[0]!.arg as Subsearch;
}

function rowsOf(ctx: PlanContext, sub: Subsearch): readonly Row[] {
  // Planned here too, so that a problem inside the subsearch is found before anything runs.
  sub.commands.forEach((c, i) => planCommand(c, { ...ctx, first: i === 0 }));
  // While a query is only checked (no subsearch has run), the subsearch has no rows.
  return ctx.subsearches?.get(sub.span.start) ?? [];
}

function copyRow(row: Row): MapRow {
  const out = new Map<string, FieldValue>();
  for (const n of row.names()) out.set(n, row.get(n)!);
  return new MapRow(out);
}

function key(row: Row, fields: readonly string[]): string | null {
  const parts: string[] = [];
  for (const f of fields) {
    const v = row.get(f);
    if (v === undefined) return null;
    parts.push(
      valuesOf(v)
        .map((x) => (typeof x === "number" ? formatNumber(x) : x))
        .join("\u0001"),
    );
  }
  return parts.join("\u0000");
}

function unionColumns(input: ColumnSpec, rows: readonly Row[]): ColumnSpec {
  if (input === null) return null;
  const out = [...input];
  const names = new Set<string>();
  for (const r of rows) for (const n of r.names()) names.add(n);
  for (const n of [...names].sort(compareStrings)) if (!n.startsWith("_") && !out.some((c) => !c.wildcard && c.name === n)) out.push({ name: n, wildcard: false });
  return out;
}

export const planJoin: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["type", "max", "overwrite", "usetime", "earlier"]);
  const type = (args.options.get("type")?.value ?? "inner").toLowerCase();
  if (!["inner", "left", "outer"].includes(type)) throw badArgument(`join type=${type}: expected inner, left or outer`, args.options.get("type")!.span);
  if (args.options.has("usetime") || args.options.has("earlier"))
    throw new SplError("unsupported-argument", "join usetime= and earlier= are not supported by spelunk yet", (args.options.get("usetime") ?? args.options.get("earlier"))!.span);
  const max = intOption(args.options.get("max"), 1, 0);
  const overwrite = boolOption(args.options.get("overwrite"), true);
  const sub = theSubsearch(args);
  const fields = fieldNames(args.positional.filter((p) => p.arg.kind !== "subsearch")).map((f) => f.name);
  const subRows = rowsOf(ctx, sub).slice(0, JOIN_MAXOUT);
  // Without a field list, join on every field the two sides have in common (join docs).
  const joinFields = fields.length > 0 ? fields : null;
  const index = new Map<string, Row[]>();
  const indexFor = (names: readonly string[]) => {
    for (const r of subRows) {
      const k = key(r, names);
      if (k === null) continue;
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
  };
  if (joinFields) indexFor(joinFields);
  return {
    name: "join",
    span: command.span,
    streaming: true,
    make: (next: Sink): Sink => ({
      push(row) {
        let matches: readonly Row[];
        if (joinFields) {
          const k = key(row, joinFields);
          matches = k === null ? [] : (index.get(k) ?? []);
        } else {
          const common = (r: Row) => r.names().filter((n) => !n.startsWith("_") && row.get(n) !== undefined);
          matches = subRows.filter((r) => {
            const names = common(r);
            return names.length > 0 && key(r, names) === key(row, names);
          });
        }
        if (max > 0) matches = matches.slice(0, max);
        if (matches.length === 0) {
          if (type !== "inner") next.push(row);
          return;
        }
        matches.forEach((m, i) => {
          const out = i === matches.length - 1 ? row : copyRow(row);
          for (const n of m.names()) if (overwrite || out.get(n) === undefined) out.set(n, m.get(n));
          next.push(out);
        });
      },
      finish() {
        next.finish();
      },
    }),
    columns: (input) => unionColumns(input, subRows),
  };
};

export const planAppend: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, []);
  const sub = theSubsearch(args);
  const extra = args.positional.find((p) => p.arg.kind !== "subsearch");
  if (extra) throw badArgument(`append takes only a [subsearch], found '${extra.text}'`, extra.span);
  const subRows = rowsOf(ctx, sub);
  return {
    name: "append",
    span: command.span,
    streaming: false,
    make: (next: Sink): Sink => ({
      push(row) {
        next.push(row);
      },
      finish() {
        for (const r of subRows) next.push(copyRow(r));
        next.finish();
      },
    }),
    columns: (input) => unionColumns(input, subRows),
  };
};

export const planAppendpipe: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["run_in_preview"]);
  const sub = theSubsearch(args);
  const plans: CommandPlan[] = sub.commands.map((c) => planCommand(c, { ...ctx, first: false }));
  return {
    name: "appendpipe",
    span: command.span,
    streaming: false,
    make: (next: Sink): Sink => {
      const held: Row[] = [];
      return {
        push(row) {
          held.push(row);
        },
        finish() {
          // The subpipeline runs over copies of the results so far; its output follows them.
          const produced: Row[] = [];
          const sink = chain(plans, { push: (r) => produced.push(r), finish: () => {} });
          for (const r of held) sink.push(copyRow(r));
          sink.finish();
          for (const r of held) next.push(r);
          for (const r of produced) next.push(r);
          held.length = 0;
          next.finish();
        },
      };
    },
    columns(input) {
      let spec: ColumnSpec = input;
      for (const p of plans) spec = p.columns(spec);
      if (input === null || spec === null) return input;
      const out = [...input];
      for (const c of spec) if (!out.some((o) => o.name === c.name && o.wildcard === c.wildcard)) out.push(c);
      return out;
    },
    // A subpipeline with a stage (map) runs as a stage itself: the same, awaited.
    ...(hasStage(plans) ? { stage: async (rows: readonly Row[], run: StageRunner) => [...rows, ...(await runStaged(plans, rows.map(copyRow), run))] } : {}),
  };
};
