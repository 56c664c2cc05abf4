// Shared helpers for the macro tests: small inline macro tables and error capture.
import { SplError, type Diagnostic } from "../../src/diagnostics.js";
import { MacroTable, type MacroDefinition } from "../../src/macros/table.js";

/** A definition with defaults: no arguments, not eval-based, origin "test". */
export function def(
  name: string,
  definition: string,
  args: readonly string[] = [],
  extra: Partial<Pick<MacroDefinition, "iseval" | "validation" | "errormsg" | "origin">> = {},
): MacroDefinition {
  return { name, args, definition, iseval: false, origin: "test", ...extra };
}

export function table(...defs: MacroDefinition[]): MacroTable {
  return new MacroTable(defs);
}

/** The diagnostic thrown by `f` (fails the test if `f` returns or throws something else). */
export function diagnosticOf(f: () => unknown): Diagnostic {
  try {
    f();
  } catch (e) {
    if (e instanceof SplError) return e.diagnostic;
    throw e;
  }
  throw new Error("expected an SplError, but nothing was thrown");
}

/** The span of the first occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${needle} not in ${text}`);
  return { start, end: start + needle.length };
}
