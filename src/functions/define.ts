// Helpers to declare eval functions compactly.
import { SplError } from "../diagnostics.js";
import type { EvalCall } from "../syntax/ast.js";
import { RegexError, compilePcre } from "../values/regex.js";
import type { EvalValue } from "../values/value.js";
import type { Compiled, EvalContext, FunctionSpec } from "./types.js";

/** A function whose arguments are all evaluated first (most of them). */
export function strict(
  name: string,
  minArgs: number,
  maxArgs: number,
  fn: (args: EvalValue[], ctx: EvalContext) => EvalValue,
  options: { boolean?: boolean } = {},
): FunctionSpec {
  return {
    name,
    minArgs,
    maxArgs,
    boolean: options.boolean ?? false,
    compile(args: readonly Compiled[], ctx: EvalContext): Compiled {
      if (args.length === 1) {
        const a = args[0]!;
        return (row) => fn([a(row)], ctx);
      }
      if (args.length === 2) {
        const a = args[0]!;
        const b = args[1]!;
        return (row) => fn([a(row), b(row)], ctx);
      }
      return (row) => fn(args.map((a) => a(row)), ctx);
    },
  };
}

/** A function that builds its own closure (lazy arguments, compile-time work). */
export function custom(
  name: string,
  minArgs: number,
  maxArgs: number,
  compile: (args: readonly Compiled[], ctx: EvalContext, call: EvalCall) => Compiled,
  options: { boolean?: boolean } = {},
): FunctionSpec {
  return { name, minArgs, maxArgs, boolean: options.boolean ?? false, compile };
}

/** Compile a regular expression given as a string literal argument, reporting errors at the call. */
export function literalRegex(call: EvalCall, index: number, global = false): RegExp | null {
  const arg = call.args[index];
  if (!arg || arg.kind !== "string") return null;
  try {
    return compilePcre(arg.value, global);
  } catch (e) {
    if (e instanceof RegexError) throw new SplError("bad-argument", e.message, arg.span);
    throw e;
  }
}

/** Compile a regular expression computed at run time; a bad one gives null. */
export function runtimeRegex(pattern: string, global = false): RegExp | null {
  try {
    return compilePcre(pattern, global);
  } catch {
    return null;
  }
}
