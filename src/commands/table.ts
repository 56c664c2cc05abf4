// table (spl-semantics.md 6.1-6.3): only the listed fields, as columns in the order listed; wildcards
// expand to the fields that exist; everything else (including _raw and _time unless listed) is dropped.
import { MapRow } from "../events/row.js";
import type { TableCommand } from "../syntax/ast.js";
import type { FieldValue } from "../values/value.js";
import { fieldPattern } from "./fieldlist.js";
import type { CommandPlanner } from "./types.js";

export const planTable: CommandPlanner<TableCommand> = (command) => {
  const unique = new Map<string, ReturnType<typeof fieldPattern>>();
  for (const f of command.fields) if (!unique.has(f.name)) unique.set(f.name, fieldPattern(f.name));
  const patterns = Array.from(unique.values());
  const hasWildcard = patterns.some((p) => p.wildcard);
  return {
    name: "table",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        const out = new Map<string, FieldValue>();
        const names = hasWildcard ? row.names() : [];
        for (const p of patterns) {
          if (!p.wildcard) {
            const v = row.get(p.name);
            if (v !== undefined) out.set(p.name, v);
            continue;
          }
          for (const n of names) {
            if (!out.has(n) && p.matches(n)) out.set(n, row.get(n)!);
          }
        }
        next.push(new MapRow(out));
      },
      finish() {
        next.finish();
      },
    }),
    columns: () => patterns.map((p) => ({ name: p.name, wildcard: p.wildcard })),
  };
};
