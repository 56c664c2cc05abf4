// Subsearches `[ ... ]` (Search Manual, "About subsearches"): a subsearch runs first, over the same
// events, and its results become part of the outer search. Inside a search expression the results
// become a search, as the `format` command writes them: `( ( a="1" AND b="2" ) OR ( a="3" ... ) )`,
// one group per result, a multivalue field as an OR of its values, and a field named `search` or
// `query` inserted as search text of its own. No results match nothing. Commands such as join and
// append take the result rows themselves.
import type { Row } from "../events/row.js";
import type { Command, GenericArg, SearchExpr, SearchValue, Span, Subsearch } from "../syntax/ast.js";
import { formatNumber, valuesOf } from "../values/value.js";

/** limits.conf [subsearch] maxout: a subsearch used as a search gives at most this many results. */
export const SUBSEARCH_MAXOUT = 10_000;

/** Results of the subsearches of a query, by the start offset of their `[`. */
export type SubsearchResults = ReadonlyMap<number, readonly Row[]>;

function collectArgs(args: readonly GenericArg[], out: Subsearch[]): void {
  for (const a of args) {
    if (a.kind === "subsearch") out.push(a);
    else if (a.kind === "parens") collectArgs(a.args, out);
  }
}

function collectExpr(e: SearchExpr, out: Subsearch[]): void {
  switch (e.kind) {
    case "and":
    case "or":
      for (const o of e.operands) collectExpr(o, out);
      return;
    case "not":
      collectExpr(e.operand, out);
      return;
    case "subsearch":
      out.push(e);
      return;
    default:
      return;
  }
}

/** Commands whose bracketed argument is a subsearch over the events (appendpipe's and foreach's
 * brackets are pipelines over the current results, not subsearches). */
const SUBSEARCH_COMMANDS = new Set(["join", "append", "appendcols"]);

/** The outermost subsearches of a pipeline, in text order (nested ones run inside their parent). */
export function collectSubsearches(commands: readonly Command[]): Subsearch[] {
  const out: Subsearch[] = [];
  for (const c of commands) {
    if (c.kind === "search" && c.expr) collectExpr(c.expr, out);
    else if (c.kind === "generic" && SUBSEARCH_COMMANDS.has(c.name)) collectArgs(c.args, out);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** The text inside a subsearch's brackets. */
export function subsearchText(source: string, sub: Subsearch): { text: string; offset: number } {
  return { text: source.slice(sub.span.start + 1, sub.span.end - 1), offset: sub.span.start + 1 };
}

function value(text: string, span: Span): SearchValue {
  return { kind: "value", text, quoted: true, modifier: null, span };
}

/**
 * The search a subsearch's results stand for. `parseSearch` parses the text of a `search`/`query` field.
 * Returns null when there are no results (nothing matches).
 */
export function resultsAsSearch(rows: readonly Row[], span: Span, parseSearch: (text: string) => SearchExpr | null): SearchExpr | null {
  const groups: SearchExpr[] = [];
  for (const row of rows.slice(0, SUBSEARCH_MAXOUT)) {
    const parts: SearchExpr[] = [];
    for (const name of row.names()) {
      if (name.startsWith("_")) continue;
      const values = valuesOf(row.get(name)).map((v) => (typeof v === "number" ? formatNumber(v) : v));
      if (values.length === 0) continue;
      if (name === "search" || name === "query") {
        for (const v of values) {
          const e = parseSearch(v);
          if (e) parts.push(e);
        }
        continue;
      }
      const alternatives: SearchExpr[] = values.map((v) => ({ kind: "compare", field: name, op: "=", value: value(v, span), span }));
      parts.push(alternatives.length === 1 ? alternatives[0]! : { kind: "or", operands: alternatives, span });
    }
    if (parts.length > 0) groups.push(parts.length === 1 ? parts[0]! : { kind: "and", operands: parts, span });
  }
  if (groups.length === 0) return null;
  return groups.length === 1 ? groups[0]! : { kind: "or", operands: groups, span };
}
