// The SPL abstract syntax tree: plain readonly data. Every node has a `kind` and a `span` in the
// text the parser saw (the macro-expanded text; src/macros maps spans back to the user's text).

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Query {
  readonly kind: "query";
  readonly commands: readonly Command[];
  readonly span: Span;
}

export type Command =
  | SearchCommand
  | EvalCommand
  | WhereCommand
  | RenameCommand
  | TableCommand
  | FieldsCommand
  | StatsCommand
  | GenericCommand;

/** `search <expr>`; `implicit` for the first command of a query that does not start with `|`. */
export interface SearchCommand {
  readonly kind: "search";
  readonly expr: SearchExpr | null;
  readonly implicit: boolean;
  readonly span: Span;
}

export type SearchExpr = SearchAnd | SearchOr | SearchNot | SearchCompare | SearchIn | SearchTerm | Subsearch;

export interface SearchAnd {
  readonly kind: "and";
  readonly operands: readonly SearchExpr[];
  readonly span: Span;
}
export interface SearchOr {
  readonly kind: "or";
  readonly operands: readonly SearchExpr[];
  readonly span: Span;
}
export interface SearchNot {
  readonly kind: "not";
  readonly operand: SearchExpr;
  readonly span: Span;
}

export type SearchCompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A value on the right of a search comparison, or a bare term. */
export interface SearchValue {
  readonly kind: "value";
  /** The text with quotes removed and escapes resolved. */
  readonly text: string;
  readonly quoted: boolean;
  /** `CASE(x)` makes matching case-sensitive; `TERM(x)` matches one whole indexed token (1.3, 1.4). */
  readonly modifier: "CASE" | "TERM" | null;
  readonly span: Span;
}

export interface SearchCompare {
  readonly kind: "compare";
  readonly field: string;
  readonly op: SearchCompareOp;
  readonly value: SearchValue;
  readonly span: Span;
}

export interface SearchIn {
  readonly kind: "in";
  readonly field: string;
  readonly values: readonly SearchValue[];
  readonly span: Span;
}

export interface SearchTerm {
  readonly kind: "term";
  readonly value: SearchValue;
  readonly span: Span;
}

export interface Subsearch {
  readonly kind: "subsearch";
  readonly commands: readonly Command[];
  readonly span: Span;
}

export interface EvalCommand {
  readonly kind: "eval";
  readonly assignments: readonly EvalAssignment[];
  readonly span: Span;
}

export interface EvalAssignment {
  readonly kind: "assignment";
  readonly field: string;
  readonly expr: EvalExpr;
  readonly span: Span;
}

export interface WhereCommand {
  readonly kind: "where";
  readonly expr: EvalExpr;
  readonly span: Span;
}

export type EvalExpr = EvalNumber | EvalString | EvalField | EvalCall | EvalBinary | EvalUnary | EvalIn;

export interface EvalNumber {
  readonly kind: "number";
  readonly value: number;
  /** The literal as written, for printing. */
  readonly text: string;
  readonly span: Span;
}
export interface EvalString {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}
export interface EvalField {
  readonly kind: "field";
  readonly name: string;
  /** Written as 'name' in the query. */
  readonly quoted: boolean;
  readonly span: Span;
}
export interface EvalCall {
  readonly kind: "call";
  /** Lower-cased function name. */
  readonly name: string;
  readonly args: readonly EvalExpr[];
  readonly span: Span;
  /** Span of the function name alone, for diagnostics. */
  readonly nameSpan: Span;
}

export type EvalBinaryOp =
  | "+"
  | "-"
  | "."
  | "*"
  | "/"
  | "%"
  | "="
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "LIKE"
  | "AND"
  | "OR"
  | "XOR";

export interface EvalBinary {
  readonly kind: "binary";
  readonly op: EvalBinaryOp;
  readonly left: EvalExpr;
  readonly right: EvalExpr;
  readonly span: Span;
}
export interface EvalUnary {
  readonly kind: "unary";
  readonly op: "-" | "+" | "NOT";
  readonly operand: EvalExpr;
  readonly span: Span;
}
export interface EvalIn {
  readonly kind: "in";
  readonly operand: EvalExpr;
  readonly values: readonly EvalExpr[];
  readonly span: Span;
}

export interface RenameCommand {
  readonly kind: "rename";
  readonly pairs: readonly RenamePair[];
  readonly span: Span;
}
export interface RenamePair {
  readonly kind: "renamePair";
  readonly from: string;
  readonly to: string;
  readonly span: Span;
}

export interface TableCommand {
  readonly kind: "table";
  readonly fields: readonly FieldName[];
  readonly span: Span;
}

export interface FieldsCommand {
  readonly kind: "fields";
  readonly mode: "+" | "-";
  readonly fields: readonly FieldName[];
  readonly span: Span;
}

/** stats, eventstats and streamstats (spl-semantics.md 7.1, 7.2). */
export interface StatsCommand {
  readonly kind: "stats";
  readonly variant: "stats" | "eventstats" | "streamstats";
  readonly options: readonly StatsOption[];
  readonly aggregations: readonly Aggregation[];
  readonly by: readonly FieldName[];
  readonly span: Span;
}

export interface StatsOption {
  readonly kind: "option";
  /** Lower-cased option name. */
  readonly name: string;
  readonly value: string;
  readonly span: Span;
}

export interface Aggregation {
  readonly kind: "aggregation";
  /** Lower-cased function name (count, dc, values, perc95...). */
  readonly func: string;
  readonly argument: { readonly kind: "field"; readonly name: string } | { readonly kind: "eval"; readonly expr: EvalExpr } | null;
  /** The output field name given with AS, if any. */
  readonly as: string | null;
  /** The aggregation as written, without its AS part: the default output name (`count(user)`). */
  readonly text: string;
  readonly span: Span;
}

/** A field name or wildcard pattern in a field list (`table`, `fields`, `rename`). */
export interface FieldName {
  readonly kind: "fieldName";
  readonly name: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** Any command without a grammar of its own: kept as loose arguments so that planning can name it. */
export interface GenericCommand {
  readonly kind: "generic";
  readonly name: string;
  readonly args: readonly GenericArg[];
  readonly span: Span;
  readonly nameSpan: Span;
}

export type GenericArg =
  | { readonly kind: "word"; readonly text: string; readonly span: Span }
  | { readonly kind: "quoted"; readonly text: string; readonly quote: "\"" | "'"; readonly span: Span }
  | { readonly kind: "parens"; readonly args: readonly GenericArg[]; readonly span: Span }
  /** Brackets whose content is not a pipeline (a foreach template): the text between them. */
  | { readonly kind: "brackets"; readonly text: string; readonly span: Span }
  | Subsearch;
