// eval (spl-semantics.md 4.2): assignments run left to right; a later one sees the earlier results; a
// null result removes the field; a Boolean cannot be stored in a field (4.1).
import { SplError } from "../diagnostics.js";
import { compileExpr, isBooleanExpr } from "../functions/compile.js";
import type { EvalCommand } from "../syntax/ast.js";
import { addColumns, streamingMap, type CommandPlanner } from "./types.js";

export const planEval: CommandPlanner<EvalCommand> = (command, ctx) => {
  const steps = command.assignments.map((a) => {
    if (isBooleanExpr(a.expr))
      throw new SplError("bad-argument", `Fields cannot be assigned a boolean result. Instead, try if([bool expr], [expr], [expr]). (field '${a.field}')`, a.expr.span);
    return { field: a.field, fn: compileExpr(a.expr, ctx.eval), span: a.span };
  });
  return {
    name: "eval",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: streamingMap((row) => {
      for (const s of steps) {
        const v = s.fn(row);
        if (typeof v === "boolean") throw new SplError("runtime-error", `Fields cannot be assigned a boolean result (field '${s.field}')`, s.span);
        row.set(s.field, v);
      }
    }),
    columns: (input) => addColumns(input, steps.map((s) => s.field)),
  };
};
