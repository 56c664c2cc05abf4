// The search command (spl-semantics.md section 1): the implied base search and `| search` later on.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { EvalContext } from "../functions/types.js";
import type { SearchCommand, SearchExpr, SearchValue } from "../syntax/ast.js";
import { ipInCidr, matchesPattern, parseAnyCidr, searchRelational, textContainsTerm, textContainsToken } from "../values/match.js";
import { parseTimeModifier } from "../values/time.js";
import { formatNumber, type FieldValue, type Scalar } from "../values/value.js";
import { astSemantics } from "../syntax/toAst.js";
import { splGrammar } from "../syntax/grammar.js";
import { planCommand } from "./index.js";
import { collectSubsearches, resultsAsSearch, type SubsearchResults } from "./subsearch.js";
import { sameColumns, streamingFilter, type CommandPlanner, type PlanContext } from "./types.js";

export type RowPredicate = (row: Row) => boolean;

function scalarText(v: Scalar): string {
  return typeof v === "number" ? formatNumber(v) : v;
}

function eachValue(v: FieldValue, test: (s: string) => boolean): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (test(scalarText(x))) return true;
    return false;
  }
  return test(scalarText(v as Scalar));
}

/** field=value for one value: wildcards, case rules, CIDR values for IP fields (1.6, 1.7, 1.17). A
 * CIDR value also matches its own text, as any value does. */
function valueMatcher(value: SearchValue): (s: string) => boolean {
  const caseSensitive = value.modifier === "CASE";
  const pattern = value.text;
  const cidr = parseAnyCidr(pattern);
  if (cidr) return (s) => ipInCidr(s, cidr) || matchesPattern(s, pattern, caseSensitive);
  return (s) => matchesPattern(s, pattern, caseSensitive);
}

/** A bare term or phrase: the raw text between term edges, or one whole token for TERM() (1.2, 1.3);
 * rows without _raw (after table/stats) match when any field value holds the term (the reading chosen
 * for Q3). */
function termPredicate(value: SearchValue): RowPredicate {
  const text = value.text;
  const caseSensitive = value.modifier === "CASE";
  if (text === "*") return () => true;
  const contains = value.modifier === "TERM" ? textContainsToken : textContainsTerm;
  const test = (s: string) => contains(s, text, caseSensitive);
  return (row) => {
    const raw = row.get("_raw");
    if (raw !== undefined) return eachValue(raw, test);
    for (const name of row.names()) {
      const v = row.get(name);
      if (v !== undefined && eachValue(v, test)) return true;
    }
    return false;
  };
}

function timeBound(field: "earliest" | "latest", value: SearchValue, ctx: EvalContext): RowPredicate {
  const t = parseTimeModifier(value.text, ctx.now, ctx.tz);
  if (t === null) throw new SplError("bad-argument", `Invalid value "${value.text}" for time term '${field}'`, value.span);
  return field === "earliest"
    ? (row) => {
        const time = row.get("_time");
        return typeof time === "number" && time >= t;
      }
    : (row) => {
        const time = row.get("_time");
        return typeof time === "number" && time < t;
      };
}

/** A search expression from text (a `search` or `query` field of subsearch results), or null. */
function parseSearchText(text: string): SearchExpr | null {
  const m = splGrammar().match(text, "SearchExpr");
  return m.succeeded() ? (astSemantics()(m)["ast"]() as SearchExpr) : null;
}

/**
 * Compile a search expression into a row predicate. `subsearches` holds the results of the query's
 * subsearches (null while a query is only checked: a subsearch then matches nothing).
 */
export function compileSearch(expr: SearchExpr, ctx: EvalContext, subsearches: SubsearchResults | null = null): RowPredicate {
  switch (expr.kind) {
    case "and": {
      const parts = expr.operands.map((e) => compileSearch(e, ctx, subsearches));
      return (row) => parts.every((p) => p(row));
    }
    case "or": {
      const parts = expr.operands.map((e) => compileSearch(e, ctx, subsearches));
      return (row) => parts.some((p) => p(row));
    }
    case "not": {
      const inner = compileSearch(expr.operand, ctx, subsearches);
      return (row) => !inner(row);
    }
    case "term":
      return termPredicate(expr.value);
    case "in": {
      const matchers = expr.values.map(valueMatcher);
      const field = expr.field;
      return (row) => {
        const v = row.get(field);
        return v !== undefined && eachValue(v, (s) => matchers.some((m) => m(s)));
      };
    }
    case "compare": {
      const field = expr.field;
      if ((field === "earliest" || field === "latest") && expr.op === "=") return timeBound(field, expr.value, ctx);
      if (expr.op === "=") {
        const m = valueMatcher(expr.value);
        return (row) => {
          const v = row.get(field);
          return v !== undefined && eachValue(v, m);
        };
      }
      if (expr.op === "!=") {
        // Only rows that have the field, and none of its values matches (1.12; multivalue: Q2).
        const m = valueMatcher(expr.value);
        return (row) => {
          const v = row.get(field);
          return v !== undefined && !eachValue(v, m);
        };
      }
      const op = expr.op;
      const target = expr.value.text;
      return (row) => {
        const v = row.get(field);
        return v !== undefined && eachValue(v, (s) => searchRelational(s, op, target));
      };
    }
    case "subsearch": {
      // The subsearch's results, as the search `format` would write them (src/commands/subsearch.ts).
      const rows = subsearches?.get(expr.span.start);
      const asSearch = rows ? resultsAsSearch(rows, expr.span, parseSearchText) : null;
      return asSearch ? compileSearch(asSearch, ctx, null) : () => false;
    }
  }
}

/** Plan the commands of every subsearch in `expr`, so that their problems are found before running. */
function checkSubsearches(expr: SearchExpr, ctx: PlanContext): void {
  for (const sub of collectSubsearches([{ kind: "search", expr, implicit: false, span: expr.span }]))
    sub.commands.forEach((c, i) => planCommand(c, { ...ctx, first: i === 0 }));
}

export const planSearch: CommandPlanner<SearchCommand> = (command, ctx) => {
  if (command.expr) checkSubsearches(command.expr, ctx);
  const predicate = command.expr ? compileSearch(command.expr, ctx.eval, ctx.subsearches) : () => true;
  return {
    name: "search",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: streamingFilter(predicate),
    columns: sameColumns,
  };
};
