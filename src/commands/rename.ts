// rename (spl-semantics.md section 3): pairs apply left to right (3.6); wildcards on both sides must
// match in number (3.2); renaming onto an existing field replaces it (3.8); renaming a missing field
// onto an existing one empties the target (3.7, the rename reference's "Renaming a field that does not
// exist").
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { RenameCommand } from "../syntax/ast.js";
import type { FieldValue } from "../values/value.js";
import { fillWildcards, wildcardCaptures } from "./fieldlist.js";
import type { ColumnEntry, ColumnSpec, CommandPlanner } from "./types.js";

interface Pair {
  readonly from: string;
  readonly to: string;
  readonly wildcard: boolean;
}

function countStars(s: string): number {
  return s.split("*").length - 1;
}

/** One plain pair. A missing source still writes its (absent) value: an existing target is wiped. */
function renameOne(row: Row, from: string, to: string): void {
  if (from === to) return;
  const v = row.get(from);
  row.set(from, undefined);
  row.set(to, v);
}

/**
 * One wildcard pair. The fields to move are chosen, and their values read, before any is written, so
 * that `rename * AS old_*` moves `a` and an existing `old_a` each once, not `a` twice.
 */
function renameMatching(row: Row, pair: Pair): void {
  const moves: Array<{ from: string; to: string; value: FieldValue | undefined }> = [];
  for (const name of row.names()) {
    const caps = wildcardCaptures(pair.from, name);
    if (caps) moves.push({ from: name, to: fillWildcards(pair.to, caps), value: row.get(name) });
  }
  for (const m of moves) if (m.from !== m.to) row.set(m.from, undefined);
  for (const m of moves) if (m.from !== m.to) row.set(m.to, m.value);
}

/** A result column after one pair. A wildcard column renamed by a wildcard pair stays a pattern: the
 * pair's captures of it may hold `*` (`userIdentity.user*` under `userIdentity.* AS ui_*` is `ui_user*`). */
function renameColumn(c: ColumnEntry, pair: Pair): ColumnEntry {
  if (c.wildcard) {
    if (!pair.wildcard) return c;
    const caps = wildcardCaptures(pair.from, c.name);
    return caps ? { name: fillWildcards(pair.to, caps), wildcard: true } : c;
  }
  if (!pair.wildcard) return c.name === pair.from ? { name: pair.to, wildcard: false } : c;
  const caps = wildcardCaptures(pair.from, c.name);
  return caps ? { name: fillWildcards(pair.to, caps), wildcard: false } : c;
}

export const planRename: CommandPlanner<RenameCommand> = (command) => {
  const seen = new Set<string>();
  for (const p of command.pairs) {
    if (countStars(p.from) !== countStars(p.to))
      throw new SplError("bad-argument", `Wildcard mismatch: '${p.from}' as '${p.to}'`, p.span);
    // 3.5: one field cannot be renamed to two names in the same command.
    if (seen.has(p.from)) throw new SplError("bad-argument", `Field '${p.from}' cannot be renamed twice in one rename`, p.span);
    seen.add(p.from);
  }
  const pairs: Pair[] = command.pairs.map((p) => ({ from: p.from, to: p.to, wildcard: p.from.includes("*") }));
  return {
    name: "rename",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        for (const p of pairs) {
          if (p.wildcard) renameMatching(row, p);
          else renameOne(row, p.from, p.to);
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns(input: ColumnSpec): ColumnSpec {
      if (input === null) return null;
      let cols: readonly ColumnEntry[] = input;
      for (const p of pairs) cols = cols.map((c) => renameColumn(c, p));
      return cols;
    },
  };
};
