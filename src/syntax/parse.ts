// Text (already macro-expanded) to AST. A failed match becomes a `syntax-error` SplError whose span
// is the rightmost position the grammar reached, with Ohm's expectation list as the message.
import { SplError } from "../diagnostics.js";
import type { Query } from "./ast.js";
import { splGrammar } from "./grammar.js";
import { astSemantics } from "./toAst.js";

export function parse(text: string): Query {
  const match = splGrammar().match(text, "Query");
  if (match.failed()) {
    const pos = match.getRightmostFailurePosition();
    const found = pos >= text.length ? "end of query" : JSON.stringify(text.slice(pos, pos + 12).split(/\s/)[0] || text[pos]);
    throw new SplError("syntax-error", `Syntax error: expected ${match.getExpectedText()}; found ${found}`, {
      start: pos,
      end: Math.min(text.length, pos + 1),
    });
  }
  return astSemantics()(match)["ast"]() as Query;
}

/** Parse a lone eval expression (props.conf EVAL-* calculated fields, macro validation). */
export function parseEvalExpression(text: string): import("./ast.js").EvalExpr {
  const match = splGrammar().match(text, "EvalExpr");
  if (match.failed()) {
    const pos = match.getRightmostFailurePosition();
    throw new SplError("syntax-error", `Syntax error in eval expression: expected ${match.getExpectedText()}`, {
      start: pos,
      end: Math.min(text.length, pos + 1),
    });
  }
  return astSemantics()(match)["ast"]() as import("./ast.js").EvalExpr;
}
