// head (spl-semantics.md 7.5, Example 7.I; Search Reference "head"):
// `head [N | (<eval-expression>)] [limit=N] [null=<bool>] [keeplast=<bool>]`.
// The first N rows (default 10). With an expression, rows are returned until it is false; a null result
// counts as false unless null=true; keeplast=true also returns the row that stopped it. "If both a
// numeric limit and an eval-expression are used, the smaller of the two constraints applies", and
// "using both the numeric limit and limit=<int> results in an error".
import { compileExpr, type Compiled } from "../functions/compile.js";
import { truth } from "../functions/operators.js";
import type { GenericCommand } from "../syntax/ast.js";
import { badArgument, boolOption, intOption, parseEvalAt, readArgs } from "./args.js";
import { countOf } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner, type Sink } from "./types.js";

export const DEFAULT_HEAD_COUNT = 10;

export const planHead: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["limit", "null", "keeplast"]);
  const limitOption = args.options.get("limit");
  let count: number | null = null;
  let condition: Compiled | null = null;
  for (const a of args.positional) {
    if (a.arg.kind === "parens" && condition === null) {
      condition = compileExpr(parseEvalAt(ctx, a.span), ctx.eval);
      continue;
    }
    const n = countOf(a);
    if (n === null || count !== null) throw badArgument(`head takes a count or a parenthesised eval expression, found '${ctx.source.slice(a.span.start, a.span.end)}'`, a.span);
    if (limitOption) throw badArgument("head takes a count or limit=, not both", limitOption.span);
    count = n;
  }
  const limit = count ?? intOption(limitOption, DEFAULT_HEAD_COUNT);
  const nullIsTrue = boolOption(args.options.get("null"), false);
  const keepLast = boolOption(args.options.get("keeplast"), false);

  return {
    name: "head",
    span: command.span,
    streaming: true,
    make: (next: Sink): Sink => {
      let taken = 0;
      let done = false;
      return {
        push(row) {
          if (done || taken >= limit) return;
          if (condition) {
            const t = truth(condition(row));
            if (t === false || (t === null && !nullIsTrue)) {
              done = true;
              if (!keepLast) return;
            }
          }
          taken++;
          next.push(row);
        },
        finish() {
          next.finish();
        },
      };
    },
    columns: sameColumns,
  };
};
