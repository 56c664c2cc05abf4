// fillnull (spl-semantics.md 7.6, Example 7.H, 10.4; Search Reference "fillnull", S38):
// `fillnull [value=<string>] [<field> ...]`, value 0 by default. With fields, each is set on every row
// that lacks it, so it streams. Without, every field that at least one row has is filled where missing:
// that needs every row first. An empty string is a value, not null, and is left alone (7.6 [inferred],
// Q19).
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { fieldNames, readArgs } from "./args.js";
import { blocking, withColumns } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner } from "./types.js";

export const DEFAULT_FILL_VALUE = "0";

function fill(row: Row, fields: Iterable<string>, value: string): void {
  for (const f of fields) if (row.get(f) === undefined) row.set(f, value);
}

export const planFillnull: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["value"]);
  const value = args.options.get("value")?.value ?? DEFAULT_FILL_VALUE;
  const fields = fieldNames(args.positional);
  // The Search Reference gives fillnull no wildcard form; refuse rather than guess.
  const wild = fields.find((f) => f.name.includes("*"));
  if (wild) throw new SplError("unsupported-argument", "fillnull does not take wildcard field names", wild.span);
  const names = [...new Set(fields.map((f) => f.name))];

  if (names.length > 0)
    return {
      name: "fillnull",
      span: command.span,
      streaming: true,
      // Each row is filled on its own (types.ts, orderSensitive).
      orderSensitive: false,
      make: (next) => ({
        push(row) {
          fill(row, names, value);
          next.push(row);
        },
        finish() {
          next.finish();
        },
      }),
      columns: (input) => withColumns(input, names),
    };

  return {
    name: "fillnull",
    span: command.span,
    streaming: false,
    make: blocking((rows, next) => {
      const all = new Set<string>();
      for (const row of rows) for (const n of row.names()) all.add(n);
      for (const row of rows) {
        fill(row, all, value);
        next.push(row);
      }
    }),
    columns: sameColumns,
  };
};
