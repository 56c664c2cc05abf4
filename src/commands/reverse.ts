// reverse (spl-semantics.md Example 10.A; Search Reference "reverse", S38): the rows in the opposite
// order. It takes no arguments.
import type { GenericCommand } from "../syntax/ast.js";
import { badArgument, readArgs } from "./args.js";
import { blocking } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner } from "./types.js";

export const planReverse: CommandPlanner<GenericCommand> = (command) => {
  const extra = readArgs(command, []).positional[0];
  if (extra) throw badArgument(`reverse takes no arguments, found '${extra.text}'`, extra.span);
  return {
    name: "reverse",
    span: command.span,
    streaming: false,
    make: blocking((rows, next) => {
      for (let i = rows.length - 1; i >= 0; i--) next.push(rows[i]!);
    }),
    columns: sameColumns,
  };
};
