// sort (spl-semantics.md 7.4, Example 7.E; Search Reference "sort", S36): `sort [N | limit=N] <clause>`.
// Rows are ordered stably by the keys, missing values last either way, and only the first N sorted rows
// are kept: N is 10000 unless written ("If no number is specified, the default limit of 10000 is used.
// If the number 0 is specified, all of the results are returned").
import type { GenericCommand } from "../syntax/ast.js";
import { badArgument, intOption, readArgs } from "./args.js";
import { blocking, countOf, parseSortClause, sortRows } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner } from "./types.js";

export const DEFAULT_SORT_LIMIT = 10000;

export const planSort: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["limit"]);
  const limitOption = args.options.get("limit");
  const count = countOf(args.positional[0]);
  if (count !== null && limitOption) throw badArgument("sort takes a count or limit=, not both", limitOption.span);
  const clause = count === null ? args.positional : args.positional.slice(1);
  const keys = parseSortClause(clause, "sort");
  if (keys.length === 0) throw badArgument("sort needs at least one field to sort by", command.span);
  const limit = count ?? intOption(limitOption, DEFAULT_SORT_LIMIT);
  return {
    name: "sort",
    span: command.span,
    streaming: false,
    make: blocking((rows, next) => {
      const sorted = sortRows(rows, keys);
      const n = limit === 0 ? sorted.length : Math.min(limit, sorted.length);
      for (let i = 0; i < n; i++) next.push(sorted[i]!);
    }),
    columns: sameColumns,
  };
};
