// makeresults (Search Reference: makeresults): a generating command that makes `count` results (default
// 1), each holding only _time, the search's start time (--now). annotate=true adds host, source,
// sourcetype and splunk_server.
import { MapRow } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import type { FieldValue } from "../values/value.js";
import { badArgument, boolOption, intOption, readArgs } from "./args.js";
import type { CommandPlanner } from "./types.js";

export const planMakeresults: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["count", "annotate"]);
  const extra = args.positional[0];
  if (extra) throw badArgument(`makeresults takes only count= and annotate=, found '${extra.text}'`, extra.span);
  const count = intOption(args.options.get("count"), 1, 1);
  const annotate = boolOption(args.options.get("annotate"), false);
  const now = Math.floor(ctx.eval.now);
  return {
    name: "makeresults",
    span: command.span,
    streaming: false,
    generating: true,
    make: (next) => ({
      push() {
        // A generating command ignores rows pushed into it: it starts the pipeline.
      },
      finish() {
        for (let i = 0; i < count; i++) {
          const fields = new Map<string, FieldValue>([["_time", now]]);
          if (annotate) {
            fields.set("host", "spelunk");
            fields.set("source", "makeresults");
            fields.set("sourcetype", "makeresults");
            fields.set("splunk_server", "spelunk");
          }
          next.push(new MapRow(fields));
        }
        next.finish();
      },
    }),
    columns: () => null,
  };
};
