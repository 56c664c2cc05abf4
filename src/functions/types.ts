// Types shared by the eval compiler and the function table.
import type { Row } from "../events/row.js";
import type { EvalCall } from "../syntax/ast.js";
import type { EvalValue } from "../values/value.js";

/** A compiled eval expression: evaluates against one row. */
export type Compiled = (row: Row) => EvalValue;

/** What a running search provides to functions that need more than their arguments. */
export interface EvalContext {
  /** now(): the search's start time, epoch seconds (pinnable with --now). */
  readonly now: number;
  /** Time zone used for rendering and strftime/strptime, an IANA name. */
  readonly tz: string;
}

export interface FunctionSpec {
  readonly name: string;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** True for functions that return a Boolean (they cannot be assigned to a field, 4.1). */
  readonly boolean?: boolean;
  /** Build the function's closure from its compiled arguments. */
  compile(args: readonly Compiled[], ctx: EvalContext, call: EvalCall): Compiled;
}
