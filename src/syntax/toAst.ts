// One Ohm operation, `ast`, turns a successful match of grammar/spl.ohm into the plain AST of ast.ts.
import type * as ohm from "ohm-js";
import type * as A from "./ast.js";
import { splGrammar } from "./grammar.js";

type Node = ohm.Node;

function span(node: Node): A.Span {
  return { start: node.source.startIdx, end: node.source.endIdx };
}

/** Resolve the backslash escapes of a double-quoted SPL string (4.1: `\"`, `\\`, `\t`, `\n`...;
 * unknown escapes such as `\d` or `\1` are kept as written so regular expressions survive). */
export function unquote(text: string): string {
  const body = text.slice(1, -1);
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i]!;
    switch (n) {
      case "\"":
      case "\\":
        out += n;
        break;
      case "'":
        out += text[0] === "'" ? "'" : "\\'";
        break;
      case "t":
        out += "\t";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      default:
        out += "\\" + n;
    }
  }
  return out;
}

function list<T>(node: Node): T[] {
  return node.asIteration().children.map((c: Node) => c["ast"]() as T);
}

function binaryChain(first: Node, ops: Node, rest: Node, opOf: (n: Node) => A.EvalBinaryOp): A.EvalExpr {
  let left = first["ast"]() as A.EvalExpr;
  for (let i = 0; i < ops.children.length; i++) {
    const right = rest.children[i]!["ast"]() as A.EvalExpr;
    left = {
      kind: "binary",
      op: opOf(ops.children[i]!),
      left,
      right,
      span: { start: left.span.start, end: right.span.end },
    };
  }
  return left;
}

function searchValue(modifier: string | null, textNode: Node, whole: Node): A.SearchValue {
  const raw = textNode.sourceString;
  const quoted = raw.startsWith("\"");
  return {
    kind: "value",
    // In an unquoted term a backslash escapes a quote, a pipe or itself.
    text: quoted ? unquote(raw) : raw.replace(/\\(["\\|])/g, "$1"),
    quoted,
    modifier: modifier === null ? null : modifier.toUpperCase() === "CASE" ? "CASE" : "TERM",
    span: span(whole),
  };
}

/** A search field name as written: quoted names are unquoted. */
function fieldText(node: Node): string {
  const raw = node.sourceString;
  return raw.startsWith("\"") ? unquote(raw) : raw;
}

/** A field name or pattern: its quoted and unquoted parts joined (`"Web".*` is `Web.*`); `quoted`
 * when any part was quoted. */
function fieldPatternName(node: Node): A.FieldName {
  const raw = node.sourceString;
  let name = "";
  let quoted = false;
  for (let i = 0; i < raw.length; ) {
    if (raw[i] !== "\"") {
      name += raw[i++];
      continue;
    }
    let j = i + 1;
    while (j < raw.length && raw[j] !== "\"") j += raw[j] === "\\" ? 2 : 1;
    name += unquote(raw.slice(i, j + 1));
    quoted = true;
    i = j + 1;
  }
  return { kind: "fieldName", name, quoted, span: span(node) };
}

let semantics: ohm.Semantics | undefined;

export function astSemantics(): ohm.Semantics {
  if (semantics) return semantics;
  const s = splGrammar().createSemantics();
  s.addOperation("ast", {
    Query(pipeline, _end) {
      const commands = pipeline["ast"]() as A.Command[];
      return { kind: "query", commands, span: span(this) } satisfies A.Query;
    },
    Pipeline(first, rest) {
      const head = first["ast"]() as A.Command;
      return [head, ...rest.children.map((c: Node) => c["ast"]() as A.Command)];
    },
    PipedCommand(_bar, command) {
      return command["ast"]();
    },
    FirstCommand_generating(_bar, command) {
      return command["ast"]();
    },
    FirstCommand_explicit(command) {
      return command["ast"]();
    },
    FirstCommand_implicit(expr) {
      const e = expr.children[0];
      return {
        kind: "search",
        expr: e ? (e["ast"]() as A.SearchExpr) : null,
        implicit: true,
        span: span(this),
      } satisfies A.SearchCommand;
    },
    SearchCommand(_kw, expr) {
      const e = expr.children[0];
      return {
        kind: "search",
        expr: e ? (e["ast"]() as A.SearchExpr) : null,
        implicit: false,
        span: span(this),
      } satisfies A.SearchCommand;
    },
    SearchExpr(first, _and, rest) {
      const operands = [first["ast"]() as A.SearchExpr, ...rest.children.map((c: Node) => c["ast"]() as A.SearchExpr)];
      return operands.length === 1 ? operands[0] : ({ kind: "and", operands, span: span(this) } satisfies A.SearchAnd);
    },
    SearchOr(first, _or, rest) {
      const operands = [first["ast"]() as A.SearchExpr, ...rest.children.map((c: Node) => c["ast"]() as A.SearchExpr)];
      return operands.length === 1 ? operands[0] : ({ kind: "or", operands, span: span(this) } satisfies A.SearchOr);
    },
    SearchNot_not(_not, operand) {
      return { kind: "not", operand: operand["ast"]() as A.SearchExpr, span: span(this) } satisfies A.SearchNot;
    },
    SearchAtom_paren(_open, expr, _close) {
      return expr["ast"]();
    },
    SearchAtom_in(field, _in, _open, _lead, values, _trail, _close) {
      return {
        kind: "in",
        field: fieldText(field),
        values: list<A.SearchValue>(values),
        span: span(this),
      } satisfies A.SearchIn;
    },
    SearchAtom_compare(field, op, value) {
      return {
        kind: "compare",
        field: fieldText(field),
        op: op.sourceString as A.SearchCompareOp,
        value: value["ast"]() as A.SearchValue,
        span: span(this),
      } satisfies A.SearchCompare;
    },
    SearchValue_modified(modifier, _open, text, _close) {
      return searchValue(modifier.sourceString, text, this);
    },
    SearchValue_plain(text) {
      return searchValue(null, text, this);
    },
    searchTerm_modified(modifier, _open, text, _close) {
      return { kind: "term", value: searchValue(modifier.sourceString, text, this), span: span(this) } satisfies A.SearchTerm;
    },
    searchTerm_plain(text) {
      return { kind: "term", value: searchValue(null, text, this), span: span(this) } satisfies A.SearchTerm;
    },
    Subsearch(_open, body, _close) {
      return { kind: "subsearch", commands: body["ast"]() as A.Command[], span: span(this) } satisfies A.Subsearch;
    },
    SubsearchBody_piped(_bar, first, rest) {
      return [first["ast"]() as A.Command, ...rest.children.map((c: Node) => c["ast"]() as A.Command)];
    },
    SubsearchBody_command(_name, first, rest) {
      return [first["ast"]() as A.Command, ...rest.children.map((c: Node) => c["ast"]() as A.Command)];
    },
    SubsearchBody_search(pipeline) {
      return pipeline["ast"]();
    },

    EvalCommand(_kw, assignments) {
      return { kind: "eval", assignments: list<A.EvalAssignment>(assignments), span: span(this) } satisfies A.EvalCommand;
    },
    EvalAssignment(target, _eq, expr) {
      const raw = target.sourceString;
      const name = raw.startsWith("'") || raw.startsWith("\"") ? unquote(raw) : raw;
      return { kind: "assignment", field: name, expr: expr["ast"]() as A.EvalExpr, span: span(this) } satisfies A.EvalAssignment;
    },
    WhereCommand(_kw, expr) {
      return { kind: "where", expr: expr["ast"]() as A.EvalExpr, span: span(this) } satisfies A.WhereCommand;
    },
    EvalXor(first, ops, rest) {
      return binaryChain(first, ops, rest, () => "XOR");
    },
    EvalOr(first, ops, rest) {
      return binaryChain(first, ops, rest, () => "OR");
    },
    EvalAnd(first, ops, rest) {
      return binaryChain(first, ops, rest, () => "AND");
    },
    EvalNot_not(_not, operand) {
      return { kind: "unary", op: "NOT", operand: operand["ast"]() as A.EvalExpr, span: span(this) } satisfies A.EvalUnary;
    },
    EvalCompare_compare(left, op, right) {
      return {
        kind: "binary",
        op: op.sourceString as A.EvalBinaryOp,
        left: left["ast"]() as A.EvalExpr,
        right: right["ast"]() as A.EvalExpr,
        span: span(this),
      } satisfies A.EvalBinary;
    },
    EvalCompare_like(left, _like, right) {
      return {
        kind: "binary",
        op: "LIKE",
        left: left["ast"]() as A.EvalExpr,
        right: right["ast"]() as A.EvalExpr,
        span: span(this),
      } satisfies A.EvalBinary;
    },
    EvalCompare_in(operand, _in, _open, values, _close) {
      return {
        kind: "in",
        operand: operand["ast"]() as A.EvalExpr,
        values: list<A.EvalExpr>(values),
        span: span(this),
      } satisfies A.EvalIn;
    },
    EvalAdditive(first, ops, rest) {
      return binaryChain(first, ops, rest, (n) => n.sourceString as A.EvalBinaryOp);
    },
    EvalMultiplicative(first, ops, rest) {
      return binaryChain(first, ops, rest, (n) => n.sourceString as A.EvalBinaryOp);
    },
    EvalUnary_neg(_minus, operand) {
      return { kind: "unary", op: "-", operand: operand["ast"]() as A.EvalExpr, span: span(this) } satisfies A.EvalUnary;
    },
    EvalUnary_pos(_plus, operand) {
      return { kind: "unary", op: "+", operand: operand["ast"]() as A.EvalExpr, span: span(this) } satisfies A.EvalUnary;
    },
    EvalPrimary_paren(_open, expr, _close) {
      return expr["ast"]();
    },
    EvalPrimary_call(name, _open, args, _close) {
      return {
        kind: "call",
        name: name.sourceString.toLowerCase(),
        args: list<A.EvalExpr>(args),
        span: span(this),
        nameSpan: span(name),
      } satisfies A.EvalCall;
    },
    EvalPrimary_number(n) {
      return { kind: "number", value: Number(n.sourceString), text: n.sourceString, span: span(this) } satisfies A.EvalNumber;
    },
    EvalPrimary_string(s) {
      return { kind: "string", value: unquote(s.sourceString), span: span(this) } satisfies A.EvalString;
    },
    EvalPrimary_quotedField(s) {
      return { kind: "field", name: unquote(s.sourceString), quoted: true, span: span(this) } satisfies A.EvalField;
    },
    EvalPrimary_field(s) {
      return { kind: "field", name: s.sourceString, quoted: false, span: span(this) } satisfies A.EvalField;
    },

    RenameCommand(_kw, pairs, _trail) {
      return { kind: "rename", pairs: list<A.RenamePair>(pairs), span: span(this) } satisfies A.RenameCommand;
    },
    RenamePair(from, _as, to) {
      return {
        kind: "renamePair",
        from: fieldPatternName(from).name,
        to: fieldPatternName(to).name,
        span: span(this),
      } satisfies A.RenamePair;
    },
    TableCommand(_kw, fields, _trail) {
      return {
        kind: "table",
        fields: fields.asIteration().children.map(fieldPatternName),
        span: span(this),
      } satisfies A.TableCommand;
    },
    FieldsCommand(_kw, mode, fields, _trail) {
      return {
        kind: "fields",
        mode: mode.sourceString === "-" ? "-" : "+",
        fields: fields.asIteration().children.map(fieldPatternName),
        span: span(this),
      } satisfies A.FieldsCommand;
    },

    StatsCommand(kw, options, aggregations, _trail, by) {
      const variant = kw.sourceString.toLowerCase() as A.StatsCommand["variant"];
      const byNode = by.children[0];
      return {
        kind: "stats",
        variant,
        options: options.children.map((o: Node) => o["ast"]() as A.StatsOption),
        aggregations: list<A.Aggregation>(aggregations),
        by: byNode ? (byNode["ast"]() as A.FieldName[]) : [],
        span: span(this),
      } satisfies A.StatsCommand;
    },
    StatsOption(name, _eq, value) {
      const raw = value.sourceString;
      return {
        kind: "option",
        name: name.sourceString.toLowerCase(),
        value: raw.startsWith("\"") ? unquote(raw) : raw,
        span: span(this),
      } satisfies A.StatsOption;
    },
    StatsAggregation_call(name, open, arg, close, as) {
      const asNode = as.children[0];
      return {
        kind: "aggregation",
        func: name.sourceString.toLowerCase(),
        argument: arg["ast"]() as A.Aggregation["argument"],
        as: asNode ? (asNode["ast"]() as string) : null,
        text: this.sourceString.slice(0, close.source.endIdx - this.source.startIdx),
        span: span(this),
      } satisfies A.Aggregation;
    },
    StatsAggregation_bare(name, as) {
      const asNode = as.children[0];
      return {
        kind: "aggregation",
        func: name.sourceString.toLowerCase(),
        argument: null,
        as: asNode ? (asNode["ast"]() as string) : null,
        text: name.sourceString,
        span: span(this),
      } satisfies A.Aggregation;
    },
    AggregationArgument_eval(_eval, _open, expr, _close) {
      return { kind: "eval", expr: expr["ast"]() as A.EvalExpr };
    },
    AggregationArgument_field(f) {
      return { kind: "field", name: fieldPatternName(f).name };
    },
    StatsAs(_as, name) {
      return fieldPatternName(name).name;
    },
    StatsBy(_by, fields, _trail) {
      return fields.asIteration().children.map(fieldPatternName);
    },
    GenericCommand(name, args) {
      return {
        kind: "generic",
        name: name.sourceString.toLowerCase(),
        args: args.children.map((c: Node) => c["ast"]() as A.GenericArg),
        span: span(this),
        nameSpan: span(name),
      } satisfies A.GenericCommand;
    },
    GenericArg_subsearch(sub) {
      return sub["ast"]();
    },
    GenericArg_brackets(_open, text, _close) {
      return { kind: "brackets", text: text.sourceString, span: span(this) };
    },
    GenericArg_paren(_open, args, _close) {
      return { kind: "parens", args: args.children.map((c: Node) => c["ast"]() as A.GenericArg), span: span(this) };
    },
    GenericArg_quoted(q) {
      return { kind: "quoted", text: unquote(q.sourceString), quote: "\"", span: span(this) };
    },
    GenericArg_singleQuoted(q) {
      return { kind: "quoted", text: unquote(q.sourceString), quote: "'", span: span(this) };
    },
    GenericArg_word(w) {
      return { kind: "word", text: w.sourceString, span: span(this) };
    },
  });
  semantics = s;
  return s;
}
