// rename (spl-semantics.md section 3): pairs apply left to right; wildcards on both sides must match in
// number; renaming a missing field onto an existing one empties the target (3.7, rename doc).
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { RenameCommand } from "../syntax/ast.js";
import { fillWildcards, wildcardCaptures } from "./fieldlist.js";
import type { ColumnSpec, CommandPlanner } from "./types.js";

function countStars(s: string): number {
  return s.split("*").length - 1;
}

function renameOne(row: Row, from: string, to: string): void {
  if (from === to) return;
  const v = row.get(from);
  row.set(from, undefined);
  row.set(to, v);
}

export const planRename: CommandPlanner<RenameCommand> = (command) => {
  const seen = new Set<string>();
  for (const p of command.pairs) {
    if (countStars(p.from) !== countStars(p.to))
      throw new SplError("bad-argument", `Wildcard mismatch: '${p.from}' as '${p.to}'`, p.span);
    if (seen.has(p.from)) throw new SplError("bad-argument", `Field '${p.from}' cannot be renamed twice in one rename`, p.span);
    seen.add(p.from);
  }
  const pairs = command.pairs.map((p) => ({ from: p.from, to: p.to, wildcard: p.from.includes("*") }));
  return {
    name: "rename",
    span: command.span,
    streaming: true,
    make: (next) => ({
      push(row) {
        for (const p of pairs) {
          if (!p.wildcard) {
            renameOne(row, p.from, p.to);
            continue;
          }
          for (const name of row.names()) {
            const caps = wildcardCaptures(p.from, name);
            if (caps) renameOne(row, name, fillWildcards(p.to, caps));
          }
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns(input: ColumnSpec): ColumnSpec {
      if (input === null) return null;
      let cols = [...input];
      for (const p of pairs) {
        cols = cols.map((c) => {
          if (c.wildcard) return c;
          const caps = p.wildcard ? wildcardCaptures(p.from, c.name) : c.name === p.from ? [] : null;
          return caps ? { name: p.wildcard ? fillWildcards(p.to, caps) : p.to, wildcard: false } : c;
        });
      }
      return cols;
    },
  };
};
