// where (spl-semantics.md 5): keeps the rows whose eval expression is true; null and false drop the row.
import { compileExpr } from "../functions/compile.js";
import { truth } from "../functions/operators.js";
import type { WhereCommand } from "../syntax/ast.js";
import { sameColumns, streamingFilter, type CommandPlanner } from "./types.js";

export const planWhere: CommandPlanner<WhereCommand> = (command, ctx) => {
  const fn = compileExpr(command.expr, ctx.eval);
  return {
    name: "where",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: streamingFilter((row) => truth(fn(row)) === true),
    columns: sameColumns,
  };
};
