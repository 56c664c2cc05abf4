// tail (spl-semantics.md 7.5, Example 7.I; Search Reference "tail", S38): `tail [N]`, the last N rows
// (default 10) "returned in reverse order" (last row first). Only N rows are held at a time.
import type { Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { badArgument, readArgs } from "./args.js";
import { countOf } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner, type Sink } from "./types.js";

export const DEFAULT_TAIL_COUNT = 10;

export const planTail: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, []);
  const [first, extra] = args.positional;
  const count = first ? countOf(first) : DEFAULT_TAIL_COUNT;
  if (count === null) throw badArgument(`tail takes a count, found '${first!.text}'`, first!.span);
  if (extra) throw badArgument(`tail takes one count, found '${extra.text}'`, extra.span);
  return {
    name: "tail",
    span: command.span,
    streaming: false,
    make: (next: Sink): Sink => {
      // A ring of the last `count` rows: `start` is the oldest.
      const ring: Row[] = [];
      let start = 0;
      return {
        push(row) {
          if (count === 0) return;
          if (ring.length < count) ring.push(row);
          else {
            ring[start] = row;
            start = (start + 1) % count;
          }
        },
        finish() {
          for (let i = ring.length - 1; i >= 0; i--) next.push(ring[(start + i) % ring.length]!);
          ring.length = 0;
          next.finish();
        },
      };
    },
    columns: sameColumns,
  };
};
