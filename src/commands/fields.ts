// fields (spl-semantics.md 6.4): `fields a b` keeps the listed fields plus _raw and _time unless those
// are named; `fields - a b` removes the listed fields. Wildcards allowed.
import type { Row } from "../events/row.js";
import type { FieldsCommand } from "../syntax/ast.js";
import { fieldPattern } from "./fieldlist.js";
import type { ColumnSpec, CommandPlanner } from "./types.js";

const KEPT_INTERNAL = ["_raw", "_time"];

export const planFields: CommandPlanner<FieldsCommand> = (command) => {
  const patterns = command.fields.map((f) => fieldPattern(f.name));
  const listed = (name: string) => patterns.some((p) => p.matches(name));
  const keep =
    command.mode === "-"
      ? (name: string) => !listed(name)
      : (name: string) => listed(name) || KEPT_INTERNAL.includes(name);
  return {
    name: "fields",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: (next) => ({
      push(row: Row) {
        for (const name of row.names()) if (!keep(name)) row.set(name, undefined);
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns(input: ColumnSpec): ColumnSpec {
      if (input === null) return null;
      return input.filter((c) => c.wildcard || keep(c.name));
    },
  };
};
