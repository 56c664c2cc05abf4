// dedup (spl-semantics.md 7.3, Example 7.D; Search Reference "dedup", S38):
// `dedup [N] <fields> [keepevents=] [keepempty=] [consecutive=] [sortby <clause>]`.
// Keeps the first N rows (default 1) of each combination of values in search order; rows missing any of
// the fields are dropped unless keepempty=true (which keeps every such row); consecutive=true only
// removes duplicates that follow each other; keepevents=true keeps duplicates but removes the fields
// from them; sortby sorts the rows dedup keeps (7.3), without sort's 10000-row limit.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { isMulti, toText, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, readArgs, type PositionalArg } from "./args.js";
import { countOf, parseSortClause, piecesOf, sortRows, type SortKey } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner, type Sink } from "./types.js";

/**
 * The identity of a row's values, or null when a field is missing. A multivalue field is one value made
 * of all its values in order (Q25: the reading chosen; the dedup page says multivalue fields must match
 * all values to be deduplicated). Values compare as text, case-sensitively.
 */
function combination(row: Row, fields: readonly string[]): string | null {
  const parts: Array<string | string[]> = [];
  for (const f of fields) {
    const v: FieldValue | undefined = row.get(f);
    if (v === undefined) return null;
    parts.push(isMulti(v) ? v.map((x: Scalar) => toText(x)) : toText(v as Scalar));
  }
  return JSON.stringify(parts);
}

/** Splits `[N] fields... [sortby clause]`. */
function readFields(positional: readonly PositionalArg[], command: GenericCommand): { count: number; fields: string[]; sortby: SortKey[] | null } {
  let rest = positional;
  const count = countOf(rest[0]);
  if (count !== null) {
    if (count < 1) throw badArgument("dedup's count must be greater than 0", rest[0]!.span);
    rest = rest.slice(1);
  }
  const at = rest.findIndex((a) => !a.quoted && a.arg.kind === "word" && a.text.toLowerCase() === "sortby");
  const fieldArgs = at < 0 ? rest : rest.slice(0, at);
  const fields: string[] = [];
  for (const p of piecesOf(fieldArgs)) {
    if (p.arg.kind === "parens" || p.arg.kind === "subsearch") throw badArgument("dedup: expected a field name", p.span);
    if (!p.quoted && p.text.includes("*")) throw new SplError("unsupported-argument", "dedup does not take wildcard field names", p.span);
    fields.push(p.text);
  }
  if (fields.length === 0) throw badArgument("dedup needs at least one field", command.span);
  let sortby: SortKey[] | null = null;
  if (at >= 0) {
    sortby = parseSortClause(rest.slice(at + 1), "dedup sortby");
    if (sortby.length === 0) throw badArgument("sortby needs at least one field to sort by", rest[at]!.span);
  }
  return { count: count ?? 1, fields, sortby };
}

export const planDedup: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["keepevents", "keepempty", "consecutive"]);
  const { count, fields, sortby } = readFields(args.positional, command);
  const keepEvents = boolOption(args.options.get("keepevents"), false);
  const keepEmpty = boolOption(args.options.get("keepempty"), false);
  const consecutive = boolOption(args.options.get("consecutive"), false);

  /** The deduplicating step; `emit` receives the rows kept, in order. With consecutive=true a row
   * missing a field neither counts in a run nor breaks it (not documented). */
  const dedupe = (emit: (row: Row) => void) => {
    const seen = new Map<string, number>();
    let runKey: string | null = null;
    let runLength = 0;
    return (row: Row) => {
      const key = combination(row, fields);
      if (key === null) {
        if (keepEmpty) emit(row);
        return;
      }
      let kept: number;
      if (consecutive) {
        runLength = key === runKey ? runLength + 1 : 1;
        runKey = key;
        kept = runLength;
      } else {
        kept = (seen.get(key) ?? 0) + 1;
        seen.set(key, kept);
      }
      if (kept <= count) emit(row);
      else if (keepEvents) {
        for (const f of fields) row.set(f, null);
        emit(row);
      }
    };
  };

  return {
    name: "dedup",
    span: command.span,
    // Without sortby each row is decided as it comes, in order.
    streaming: sortby === null,
    make: (next: Sink): Sink => {
      const held: Row[] = [];
      const step = dedupe(sortby ? (row) => held.push(row) : (row) => next.push(row));
      return {
        push: step,
        finish() {
          if (sortby) for (const row of sortRows(held, sortby)) next.push(row);
          held.length = 0;
          next.finish();
        },
      };
    },
    columns: sameColumns,
  };
};
