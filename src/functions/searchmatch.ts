// searchmatch("<search>"): the literal search string is parsed with the grammar's search-expression rule
// and compiled as the search command compiles it (Comparison and Conditional functions page: "returns
// TRUE if the event matches the search string").
import { compileSearch, type RowPredicate } from "../commands/search.js";
import { SplError } from "../diagnostics.js";
import type { SearchExpr, Span } from "../syntax/ast.js";
import { splGrammar } from "../syntax/grammar.js";
import { astSemantics } from "../syntax/toAst.js";
import type { EvalContext } from "./types.js";

/**
 * Compile the text of a search string. Problems (a syntax error, an unsupported construct such as a
 * subsearch) are `bad-argument` errors at `at`, the string literal in the user's query: the string's
 * own offsets are not positions in the query once escapes are resolved.
 */
export function compileSearchString(text: string, ctx: EvalContext, at: Span): RowPredicate {
  if (text.trim() === "") return () => true;
  const match = splGrammar().match(text, "SearchExpr");
  if (match.failed()) {
    throw new SplError("bad-argument", `Invalid search string in searchmatch(): expected ${match.getExpectedText()} at character ${match.getRightmostFailurePosition() + 1}`, at);
  }
  const expr = astSemantics()(match)["ast"]() as SearchExpr;
  try {
    return compileSearch(expr, ctx);
  } catch (e) {
    if (e instanceof SplError) throw new SplError("bad-argument", `In searchmatch(): ${e.diagnostic.message}`, at);
    throw e;
  }
}
