// inputlookup (Search Reference "inputlookup" [S38]; spl-semantics.md 7.11):
//   | inputlookup [append=<bool>] [start=<int>] [max=<int>] (<filename> | <tablename>) [WHERE <search>]
// A generating command: its operator makes the table's rows when finish() is called, so that it can
// start a pipeline with nothing pushed into it (src/spl.ts runs a first command marked `generating`
// without reading events). Rows come in file order, with the table's fields; an empty cell is an absent
// field. The columns are the table's fields in header order.
// - start: the 0-based offset of the first row read (default 0); max: the most rows read (default
//   1000000000). Reading chosen: both count rows read from the file, before WHERE filters them ("the
//   maximum number of events to be read from the file", S38).
// - WHERE: a search expression, with the search command's semantics (spl-semantics.md section 1).
// - append=true: rows pushed in pass through, and the table's rows follow them. Without it, inputlookup
//   must be the first command, as in Splunk. strict= is not supported (spelunk always fails on a lookup
//   error, which is strict=true).
import { SplError } from "../diagnostics.js";
import { MapRow } from "../events/row.js";
import { requireLookup } from "../lookups/require.js";
import type { GenericCommand, SearchExpr } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import type { FieldValue } from "../values/value.js";
import { badArgument, boolOption, intOption, readArgs, shiftSpans } from "./args.js";
import { compileSearch, type RowPredicate } from "./search.js";
import type { ColumnSpec, CommandPlanner, PlanContext } from "./types.js";

const SEARCH_PREFIX = "search ";

/** The search expression written in the query between `start` and `end`, spans in the query's text. */
function parseSearchAt(ctx: PlanContext, start: number, end: number): SearchExpr | null {
  const by = start - SEARCH_PREFIX.length;
  try {
    const query = parse(SEARCH_PREFIX + ctx.source.slice(start, end));
    const first = query.commands[0];
    return first?.kind === "search" && query.commands.length === 1 ? shiftSpans(first.expr, by) : null;
  } catch (e) {
    if (e instanceof SplError && e.diagnostic.span) {
      const s = e.diagnostic.span;
      throw new SplError(e.diagnostic.code, e.message, { start: s.start + by, end: s.end + by });
    }
    throw e;
  }
}

export const planInputlookup: CommandPlanner<GenericCommand> = (command, ctx) => {
  // Everything after WHERE is a search expression, not options or names.
  const whereAt = command.args.findIndex((a) => a.kind === "word" && a.text.toLowerCase() === "where");
  const head = whereAt < 0 ? command : { ...command, args: command.args.slice(0, whereAt) };
  const args = readArgs(head, ["append", "start", "max"]);
  const append = boolOption(args.options.get("append"), false);
  const start = intOption(args.options.get("start"), 0, 0);
  const max = intOption(args.options.get("max"), 1_000_000_000, 0);
  const [nameArg, extra] = args.positional;
  if (!nameArg || nameArg.arg.kind === "parens" || nameArg.arg.kind === "subsearch")
    throw badArgument("The 'inputlookup' command needs a lookup table name (a .csv file or a lookup definition)", nameArg?.span ?? command.nameSpan);
  if (extra) throw badArgument(`The 'inputlookup' command takes one lookup table name; unexpected '${extra.text}'`, extra.span);
  if (!ctx.first && !append)
    throw badArgument("The 'inputlookup' command must be the first command of a search (use append=true to add its rows to the results)", command.nameSpan);
  const table = requireLookup(ctx, nameArg.text, nameArg.span);

  let keep: RowPredicate = () => true;
  if (whereAt >= 0) {
    const where = command.args[whereAt]!;
    const expr = where.span.end < command.span.end ? parseSearchAt(ctx, where.span.end, command.span.end) : null;
    if (!expr) throw badArgument("expected a search expression after WHERE", where.span);
    keep = compileSearch(expr, ctx.eval);
  }

  const fields = table.fields;
  const columns: ColumnSpec = fields.map((name) => ({ name, wildcard: false }));
  return {
    name: "inputlookup",
    span: command.span,
    streaming: false,
    generating: true,
    make: (next) => ({
      push(row) {
        // Only with append=true can rows come in (a first command gets none): they go first.
        next.push(row);
      },
      finish() {
        const end = Math.min(table.rows.length, start + max);
        for (let i = start; i < end; i++) {
          const cells = table.rows[i]!;
          const out = new Map<string, FieldValue>();
          for (const f of fields) {
            const v = cells.get(f);
            if (v !== undefined && v !== "") out.set(f, v);
          }
          const row = new MapRow(out);
          if (keep(row)) next.push(row);
        }
        next.finish();
      },
    }),
    columns(input: ColumnSpec): ColumnSpec {
      if (ctx.first) return columns;
      if (input === null) return null;
      return [...input, ...columns.filter((c) => !input.some((i) => !i.wildcard && i.name === c.name))];
    },
  };
};
