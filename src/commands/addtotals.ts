// addtotals (Splunk Search Reference "addtotals"): `addtotals [row=<bool>] [col=<bool>]
// [labelfield=<field>] [label=<string>] [fieldname=<field>] [<field-list>]`.
// - row=true (default): each row gets fieldname (default Total) = the sum of its numeric fields, or of
//   the listed fields (wildcards allowed: `amount* *size*`).
// - col=true: after the last row, a summary row with the sum of each such field over all rows (the row
//   totals included, as the page's Example 5 shows), and labelfield=label (default Total) when
//   labelfield is given.
// Where the page is silent (inferred): without a field list, fields whose names start with an
// underscore (_time, _raw...) are not summed, nor is fieldname itself; a multivalue field is not a
// number; a row with no numeric field gets no total; a summary column with no numeric value is left
// empty.
import { MapRow, type Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { isMulti, toNumber, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, fieldNames, readArgs, type PositionalArg } from "./args.js";
import { fieldPattern } from "./fieldlist.js";
import { withColumns } from "./rowcommands-util.js";
import type { ColumnSpec, CommandPlanner, PlanContext, Sink } from "./types.js";

const OPTIONS = ["row", "col", "labelfield", "label", "fieldname"];

/** The field list. A name written with parentheses, such as stats' output `sum(quota)` (the page's
 * Example 4), arrives as a word and a parenthesised group written together: kept whole. */
function listedFields(positional: readonly PositionalArg[], ctx: PlanContext): string[] {
  const out: string[] = [];
  for (let i = 0; i < positional.length; i++) {
    const first = positional[i]!;
    if (first.arg.kind === "subsearch" || first.arg.kind === "brackets") throw badArgument("addtotals: expected a field name", first.span);
    let end = first.span.end;
    let joined = first.arg.kind === "parens";
    while (positional[i + 1]?.span.start === end && (joined || positional[i + 1]!.arg.kind === "parens")) {
      end = positional[++i]!.span.end;
      joined = true;
    }
    if (joined) out.push(ctx.source.slice(first.span.start, end));
    else out.push(...fieldNames([first]).map((f) => f.name));
  }
  return out;
}

function numeric(v: FieldValue | undefined): number | null {
  if (v === undefined || isMulti(v)) return null;
  return toNumber(v as Scalar);
}

export const planAddtotals: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, OPTIONS);
  const row = boolOption(args.options.get("row"), true);
  const col = boolOption(args.options.get("col"), false);
  const fieldname = args.options.get("fieldname")?.value ?? "Total";
  const labelfield = args.options.get("labelfield")?.value ?? null;
  const label = args.options.get("label")?.value ?? "Total";
  const patterns = listedFields(args.positional, ctx).map((name) => fieldPattern(name));
  const summed = (name: string): boolean => (patterns.length > 0 ? patterns.some((p) => p.matches(name)) : !name.startsWith("_"));

  const addRowTotal = (r: Row): void => {
    let sum = 0;
    let any = false;
    for (const name of r.names()) {
      if (name === fieldname || !summed(name)) continue;
      const n = numeric(r.get(name));
      if (n === null) continue;
      sum += n;
      any = true;
    }
    if (any) r.set(fieldname, sum);
  };

  return {
    name: "addtotals",
    span: command.span,
    // Column totals need every row; row totals go row by row ("distributable streaming, except when
    // used to calculate column totals").
    streaming: !col,
    ...(col ? {} : { orderSensitive: false }),
    make(next: Sink): Sink {
      // Column sums in the order the fields are first seen.
      const sums = new Map<string, number | null>();
      return {
        push(r) {
          if (row) addRowTotal(r);
          if (col)
            for (const name of r.names()) {
              if (!summed(name) && name !== fieldname) continue;
              const n = numeric(r.get(name));
              const prev = sums.get(name) ?? null;
              sums.set(name, n === null ? prev : (prev ?? 0) + n);
            }
          next.push(r);
        },
        finish() {
          if (col) {
            const fields = new Map<string, FieldValue>();
            for (const [name, sum] of sums) if (sum !== null) fields.set(name, sum);
            if (labelfield !== null) fields.set(labelfield, label);
            next.push(new MapRow(fields));
          }
          next.finish();
        },
      };
    },
    columns(input: ColumnSpec): ColumnSpec {
      return withColumns(input, [...(row ? [fieldname] : []), ...(col && labelfield !== null ? [labelfield] : [])]);
    },
  };
};
