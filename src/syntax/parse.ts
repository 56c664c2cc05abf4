// Text (already macro-expanded) to AST. A failed match becomes a `syntax-error` SplError whose span
// is the rightmost position the grammar reached, with Ohm's expectation list as the message.
import { SplError } from "../diagnostics.js";
import type { Query } from "./ast.js";
import { splGrammar } from "./grammar.js";
import { astSemantics } from "./toAst.js";

/** Deepest nesting of parentheses and brackets accepted: the parser is recursive, and a deeper query is
 * refused with a diagnostic instead of overflowing the stack. */
export const MAX_NESTING = 64;

/** Refuse text nested deeper than MAX_NESTING (outside quoted strings and ``` comments). */
function checkNesting(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "`" && text.startsWith("```", i)) {
      const end = text.indexOf("```", i + 3);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "(" || c === "[") {
      if (++depth > MAX_NESTING)
        throw new SplError("syntax-error", `Syntax error: parentheses and brackets nested more than ${MAX_NESTING} deep`, { start: i, end: i + 1 });
    } else if (c === ")" || c === "]") depth = Math.max(0, depth - 1);
  }
}

export function parse(text: string): Query {
  checkNesting(text);
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
  checkNesting(text);
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
