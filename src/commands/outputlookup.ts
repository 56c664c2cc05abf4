// outputlookup (Search Reference "outputlookup" [S38]):
//   | outputlookup [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>] [max=<int>]
//                  (<filename> | <tablename>)
// Writes the results to a lookup table (a `.csv`/`.csv.gz` file name, or a lookup definition: CSV or KV
// store collection) and passes them on unchanged. Not streaming: it holds the rows, writes the table
// after the last one, then passes them on in order.
// Where it writes: spelunk has no Splunk app folder, and never changes the lookup directories. The table
// is kept by the search's lookup resolver (LookupResolver.write) for the rest of the run, so that searches
// planned afterwards see it: the outer search of the subsearch that wrote it, later subsearches, and later
// searches given the same resolver. Lookup tables are resolved when a search is planned, so a `lookup` or
// `inputlookup` later in the same pipeline as the outputlookup reads the table as it was before.
// - Columns: every field the written rows have, in the order first seen (a `table a b c` before it gives
//   a, b, c). Reading chosen: internal fields (`_time`, `_raw`) are written like the others, as Splunk
//   writes the `_time` of `| makeresults | outputlookup x.csv`. A multivalue field is written as its
//   values joined by newlines, as Splunk writes it into a CSV cell. An absent field is an empty cell.
// - append=true (default false, S38): the rows are added after the table's rows. An existing table with
//   a header keeps it: only the fields in it are written (S38: "only emits the fields that are referenced
//   by that header"); a table that does not exist yet (or has no header) is created as without append.
//   A `.gz` file cannot be appended to (S38).
// - max=<int>: the most rows written (default: no limit, S38). All rows still pass on.
// - No results: override_if_empty=false (default true, S38) leaves the table as it was. Otherwise, with
//   append=true nothing is added; with create_empty=true (default, S38) the table becomes empty (a
//   zero-length file: no header, no rows); with create_empty=false it is removed (S38: "no file is
//   created. If the file previously existed, the file is deleted"), so that a later read of it fails. A KV
//   store collection is emptied instead (outputlookup does not remove collections).
// - Refused (unsupported-argument): key_field, allow_updates, createinapp, create_context, output_format.
// - With no lookups configured (PlanContext.lookups null) it is an error at the table name, as lookup's is.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import { requireLookup } from "../lookups/require.js";
import { checkLookupName, isCsvFileName } from "../lookups/names.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { toText, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, intOption, readArgs } from "./args.js";
import { sameColumns, type CommandPlanner, type LookupResolver, type LookupTable } from "./types.js";

function at(e: unknown, span: Span): unknown {
  return e instanceof SplError ? new SplError(e.diagnostic.code, e.message, span) : e;
}

function cellText(v: FieldValue): string {
  return Array.isArray(v) ? v.map(toText).join("\n") : toText(v as Scalar);
}

/** The table `rows` make: fields in first-seen order (or `header`'s), cells as text, empty cells left out. */
function tableOf(rows: readonly Row[], header: readonly string[] | null): { fields: string[]; rows: Array<Map<string, string>> } {
  let fields: string[];
  if (header) fields = [...header];
  else {
    const seen = new Set<string>();
    for (const r of rows) for (const f of r.names()) seen.add(f);
    fields = Array.from(seen);
  }
  const out = rows.map((r) => {
    const cells = new Map<string, string>();
    for (const f of fields) {
      const v = r.get(f);
      if (v === undefined) continue;
      const t = cellText(v);
      if (t !== "") cells.set(f, t);
    }
    return cells;
  });
  return { fields, rows: out };
}

export const planOutputlookup: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["append", "create_empty", "override_if_empty", "max"]);
  const append = boolOption(args.options.get("append"), false);
  const createEmpty = boolOption(args.options.get("create_empty"), true);
  const overrideIfEmpty = boolOption(args.options.get("override_if_empty"), true);
  const maxOpt = args.options.get("max");
  const max = maxOpt ? intOption(maxOpt, 0, 0) : Infinity;
  const [nameArg, extra] = args.positional;
  if (!nameArg || nameArg.arg.kind === "parens" || nameArg.arg.kind === "subsearch")
    throw badArgument("The 'outputlookup' command needs a lookup table name (a .csv file or a lookup definition)", nameArg?.span ?? command.nameSpan);
  if (extra) throw badArgument(`The 'outputlookup' command takes one lookup table name; unexpected '${extra.text}'`, extra.span);
  const name = nameArg.text;
  const span = nameArg.span;
  if (!ctx.lookups)
    throw new SplError(
      "bad-argument",
      `Cannot write the lookup table '${name}': no lookups are configured (give a lookup directory with --lookups <dir>, or SearchOptions.lookups); spelunk keeps written tables in memory for the rest of the search`,
      span,
    );
  const resolver: LookupResolver = ctx.lookups;
  if (!resolver.write) throw new SplError("bad-argument", `Cannot write the lookup table '${name}': the configured lookups are read-only`, span);
  try {
    checkLookupName(name);
  } catch (e) {
    throw at(e, span);
  }
  if (append && /\.gz$/i.test(name)) throw badArgument(`The 'outputlookup' command cannot append to the compressed file '${name}'`, span);
  // A table name must be a known lookup definition (a file name may be a new file).
  if (!isCsvFileName(name)) requireLookup(ctx, name, span);

  const write = (table: LookupTable | null): void => {
    try {
      resolver.write!(name, table);
    } catch (e) {
      throw at(e, span);
    }
  };
  const existing = (): LookupTable | null => {
    try {
      return resolver.resolve(name);
    } catch (e) {
      throw at(e, span);
    }
  };

  return {
    name: "outputlookup",
    span: command.span,
    streaming: false,
    make: (next) => {
      const held: Row[] = [];
      return {
        push(row) {
          held.push(row);
        },
        finish() {
          if (held.length === 0) {
            if (overrideIfEmpty && !append) write(createEmpty ? { name, fields: [], rows: [], settings: new Map() } : null);
          } else {
            const rows = held.length > max ? held.slice(0, max) : held;
            const before = append ? existing() : null;
            const header = before && before.fields.length > 0 ? before.fields : null;
            const made = tableOf(rows, header);
            write({ name, fields: made.fields, rows: before ? [...before.rows, ...made.rows] : made.rows, settings: new Map() });
          }
          for (const row of held) next.push(row);
          held.length = 0;
          next.finish();
        },
      };
    },
    columns: sameColumns,
  };
};
