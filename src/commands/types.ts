// What a command becomes after planning: a factory of operators plus how it changes the result columns.
import type { Row } from "../events/row.js";
import type { EvalContext } from "../functions/types.js";
import type { Command, Span } from "../syntax/ast.js";

/** Receives rows in order; `finish` is called once after the last row. */
export interface Sink {
  push(row: Row): void;
  finish(): void;
}

/** A result column: a field name, or a wildcard pattern resolved against the rows at render time. */
export interface ColumnEntry {
  readonly name: string;
  readonly wildcard: boolean;
}

/** The columns a result set shows; null means "whatever fields the rows have". */
export type ColumnSpec = readonly ColumnEntry[] | null;

export interface PlanContext {
  readonly eval: EvalContext;
  /** True for the first command of the query (the base search). */
  readonly first: boolean;
}

export interface CommandPlan {
  readonly name: string;
  readonly span: Span;
  /** Streaming commands handle each row on its own and keep the order; others see all rows first. */
  readonly streaming: boolean;
  /** Build the operator that feeds `next`. */
  make(next: Sink): Sink;
  /** The columns after this command, given the columns before it. */
  columns(input: ColumnSpec): ColumnSpec;
}

export type CommandPlanner<C extends Command = Command> = (command: C, ctx: PlanContext) => CommandPlan;

/** A streaming operator from a per-row function that returns false to drop the row. */
export function streamingFilter(keep: (row: Row) => boolean): (next: Sink) => Sink {
  return (next) => ({
    push(row) {
      if (keep(row)) next.push(row);
    },
    finish() {
      next.finish();
    },
  });
}

export const sameColumns = (input: ColumnSpec): ColumnSpec => input;
