// mvexpand (spl-semantics.md 7.9, Example 7.H; Search Reference "mvexpand", S38):
// `mvexpand <field> [limit=N]`. One row per value of the field (the first N values with limit=, 0 for
// all), every other field copied, _raw and _time included. A row without the field is dropped, as
// Splunk does (Splunk Answers 330237, "Why does mvexpand X remove events with X=NULL?").
import { SplError } from "../diagnostics.js";
import { MapRow } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { isMulti } from "../values/value.js";
import { intOption, readArgs } from "./args.js";
import { copyRow, oneField } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner } from "./types.js";

export const planMvexpand: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["limit"]);
  const field = oneField(args.positional, "mvexpand", command.span);
  if (field.name.includes("*")) throw new SplError("unsupported-argument", "mvexpand does not take a wildcard field name", field.span);
  const limit = intOption(args.options.get("limit"), 0);
  return {
    name: "mvexpand",
    span: command.span,
    streaming: true,
    // Each row is changed on its own (types.ts, orderSensitive).
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        const v = row.get(field.name);
        if (v === undefined) return;
        if (!isMulti(v)) {
          next.push(row);
          return;
        }
        const n = limit === 0 ? v.length : Math.min(limit, v.length);
        const fields = copyRow(row).fields;
        for (let i = 0; i < n; i++) {
          const copy = new MapRow(new Map(fields));
          copy.set(field.name, v[i]!);
          next.push(copy);
        }
      },
      finish() {
        next.finish();
      },
    }),
    columns: sameColumns,
  };
};
