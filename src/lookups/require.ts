// How the lookup and inputlookup planners get their table: at plan time, so that an unknown name stops
// the search before any event is read, with the error at the name in the query. Splunk's own message
// for an unknown table is "The lookup table '<name>' does not exist or is not available."
import type { LookupTable, PlanContext } from "../commands/types.js";
import { SplError } from "../diagnostics.js";
import type { Span } from "../syntax/ast.js";
import { matchRules, type MatchRules } from "./settings.js";

function at(e: unknown, span: Span): unknown {
  return e instanceof SplError ? new SplError(e.diagnostic.code, e.message, span) : e;
}

export function requireLookup(ctx: PlanContext, name: string, span: Span): LookupTable {
  if (!ctx.lookups)
    throw new SplError(
      "bad-argument",
      `The lookup table '${name}' does not exist or is not available: no lookups are configured (give a lookup directory with --lookups <dir>, or SearchOptions.lookups)`,
      span,
    );
  let table: LookupTable | null;
  try {
    table = ctx.lookups.resolve(name);
  } catch (e) {
    throw at(e, span);
  }
  if (!table) throw new SplError("bad-argument", `The lookup table '${name}' does not exist or is not available`, span);
  return table;
}

/** The table's match rules, with a bad setting reported at the table's name in the query. */
export function rulesAt(table: LookupTable, span: Span): MatchRules {
  try {
    return matchRules(table.settings);
  } catch (e) {
    throw at(e instanceof SplError ? new SplError(e.diagnostic.code, `lookup '${table.name}': ${e.message}`, null) : e, span);
  }
}
