// Shared by the commands that reorder, cut or copy rows (sort, dedup, head, tail, reverse, fillnull,
// mvexpand, makemv, convert): sort clauses and their comparison (sort, dedup sortby), a stable sort,
// row copies and the small argument shapes those commands share.
import { MapRow, type Row } from "../events/row.js";
import type { GenericArg, Span } from "../syntax/ast.js";
import { compareStrings, isMulti, toNumber, toText, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, type PositionalArg } from "./args.js";
import type { ColumnSpec, Sink } from "./types.js";

// ---------------------------------------------------------------- sort clauses (S36)

/** How a sort key compares values: sort field options auto() (the default), num(), str(), ip() (S36). */
export type SortType = "auto" | "num" | "str" | "ip";

export interface SortKey {
  readonly field: string;
  readonly type: SortType;
  readonly descending: boolean;
  readonly span: Span;
}

const SORT_TYPES: ReadonlyMap<string, SortType> = new Map<string, SortType>([
  ["auto", "auto"],
  ["num", "num"],
  ["str", "str"],
  ["ip", "ip"],
]);

/** A positional argument cut at its commas: `-count,+user` is two pieces (commas only separate keys). */
export interface Piece {
  readonly text: string;
  readonly span: Span;
  /** The argument the piece comes from (a parenthesised group keeps its contents). */
  readonly arg: GenericArg;
  readonly quoted: boolean;
}

/** Split word arguments at commas; quoted strings and parenthesised groups stay whole. */
export function piecesOf(args: readonly PositionalArg[]): Piece[] {
  const out: Piece[] = [];
  for (const a of args) {
    if (a.quoted || a.arg.kind !== "word") {
      out.push({ text: a.text, span: a.span, arg: a.arg, quoted: a.quoted });
      continue;
    }
    let offset = a.span.start;
    for (const part of a.text.split(",")) {
      if (part !== "") out.push({ text: part, span: { start: offset, end: offset + part.length }, arg: a.arg, quoted: false });
      offset += part.length + 1;
    }
  }
  return out;
}

/** The one field name inside `f(...)`: a word or a quoted string. */
export function fieldInParens(group: Piece, what: string): string {
  const inner = group.arg.kind === "parens" ? group.arg.args : [];
  const only = inner[0];
  if (inner.length !== 1 || !only || (only.kind !== "word" && only.kind !== "quoted"))
    throw badArgument(`${what} takes one field name in its parentheses`, group.span);
  return only.text;
}

/** `f` immediately followed by `( ... )`, as in `num(x)` or `ctime(_time)`. */
export function isCall(word: Piece, next: Piece | undefined): next is Piece {
  return next !== undefined && next.arg.kind === "parens" && next.span.start === word.span.end;
}

/**
 * A sort-by clause: `[+|-]<field>` or `[+|-]num|str|ip|auto(<field>)`, separated by commas or spaces,
 * a sign possibly written apart (`sort - _time`), and a trailing `d`/`desc` that reverses every key
 * ("sort A, -B, C desc sorts A descending, B ascending, C descending", S36).
 */
export function parseSortClause(args: readonly PositionalArg[], command: string): SortKey[] {
  const pieces = piecesOf(args);
  const keys: SortKey[] = [];
  let sign: { text: string; span: Span } | null = null;
  let reverse = false;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (p.arg.kind === "parens" || p.arg.kind === "subsearch") throw badArgument(`${command}: expected a field name`, p.span);
    let text = p.text;
    if (!p.quoted && (text === "+" || text === "-")) {
      if (sign) throw badArgument(`${command}: expected a field name after '${sign.text}'`, p.span);
      sign = { text, span: p.span };
      continue;
    }
    let descending = sign?.text === "-";
    if (!p.quoted && /^[+-]/.test(text)) {
      if (sign) throw badArgument(`${command}: two signs before one field`, p.span);
      descending = text.startsWith("-");
      text = text.slice(1);
    }
    const last = i === pieces.length - 1;
    if (!p.quoted && last && !sign && text === p.text && keys.length > 0 && ["d", "desc"].includes(text.toLowerCase())) {
      reverse = true;
      continue;
    }
    const type = p.quoted ? undefined : SORT_TYPES.get(text.toLowerCase());
    const next = pieces[i + 1];
    let field = text;
    let keyType: SortType = "auto";
    let end = p.span.end;
    if (type && isCall(p, next)) {
      field = fieldInParens(next, `${text}()`);
      keyType = type;
      end = next.span.end;
      i++;
    }
    if (field === "") throw badArgument(`${command}: expected a field name`, p.span);
    keys.push({ field, type: keyType, descending, span: { start: sign?.span.start ?? p.span.start, end } });
    sign = null;
  }
  if (sign) throw badArgument(`${command}: expected a field name after '${sign.text}'`, sign.span);
  return reverse ? keys.map((k) => ({ ...k, descending: !k.descending })) : keys;
}

// ---------------------------------------------------------------- comparing values

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as a number, or null. */
function ipv4(v: Scalar): number | null {
  const m = IPV4.exec(toText(v).trim());
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

const byNumber = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Typed comparisons of two values. auto decides per pair ("the sort order is determined between each
 * pair of values", SPL2 sort command usage; 7.4): two numbers numerically, two IPv4 addresses as
 * addresses ("if the field contains IP address values, the collating sequence is for IP addresses"),
 * anything else in byte order (Example 7.E). num() and ip() put the values they cannot read after the
 * ones they can, in byte order among themselves: where they go is not documented.
 */
const SCALAR_COMPARE: Readonly<Record<SortType, (a: Scalar, b: Scalar) => number>> = {
  auto: (a, b) => {
    const na = toNumber(a);
    const nb = toNumber(b);
    if (na !== null && nb !== null) return byNumber(na, nb);
    const ia = ipv4(a);
    const ib = ipv4(b);
    if (ia !== null && ib !== null) return byNumber(ia, ib);
    return compareStrings(toText(a), toText(b));
  },
  num: (a, b) => typedOrText(toNumber(a), toNumber(b), a, b),
  ip: (a, b) => typedOrText(ipv4(a), ipv4(b), a, b),
  str: (a, b) => compareStrings(toText(a), toText(b)),
};

function typedOrText(na: number | null, nb: number | null, a: Scalar, b: Scalar): number {
  if (na !== null && nb !== null) return byNumber(na, nb);
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return compareStrings(toText(a), toText(b));
}

/**
 * Two field values: multivalue fields compare value by value, a list that is a prefix of the other
 * first (not documented; this is how Splunk's newline-joined multivalue text would compare).
 */
export function compareValues(a: FieldValue, b: FieldValue, type: SortType): number {
  const cmp = SCALAR_COMPARE[type];
  const la = isMulti(a) ? a : [a as Scalar];
  const lb = isMulti(b) ? b : [b as Scalar];
  for (let i = 0; i < la.length && i < lb.length; i++) {
    const c = cmp(la[i]!, lb[i]!);
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** A row with its sort values read once (reading an event's fields can cost a JSON extraction). */
interface Keyed {
  readonly row: Row;
  readonly values: ReadonlyArray<FieldValue | undefined>;
}

/**
 * Order rows by the keys, stably. Rows missing a key's field come after the others whichever the
 * direction ("treated as the largest value ascending and the smallest descending", S36, 7.4).
 */
export function sortRows(rows: readonly Row[], keys: readonly SortKey[]): Row[] {
  const keyed: Keyed[] = rows.map((row) => ({ row, values: keys.map((k) => row.get(k.field)) }));
  const cmp = (x: Keyed, y: Keyed): number => {
    for (let i = 0; i < keys.length; i++) {
      const a = x.values[i];
      const b = y.values[i];
      if (a === undefined || b === undefined) {
        if (a === b) continue;
        return a === undefined ? 1 : -1;
      }
      const c = compareValues(a, b, keys[i]!.type);
      if (c !== 0) return keys[i]!.descending ? -c : c;
    }
    return 0;
  };
  return mergeSort(keyed, cmp).map((k) => k.row);
}

/**
 * A stable merge sort. Per-pair auto comparison is not always transitive (`1a` < `2` < `10` < `1a`), so
 * the result must not depend on an engine's sort algorithm: this one is fixed.
 */
export function mergeSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  let src = items.slice();
  let dst = new Array<T>(src.length);
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = cmp(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

// ---------------------------------------------------------------- rows and operators

/** A new row with every field of `row` (names() then get): _raw and _time included. */
export function copyRow(row: Row): MapRow {
  const fields = new Map<string, FieldValue>();
  for (const name of row.names()) {
    const v = row.get(name);
    if (v !== undefined) fields.set(name, v);
  }
  return new MapRow(fields);
}

/** An operator that holds every row and hands the list to `emit` when the input ends. */
export function blocking(emit: (rows: Row[], next: Sink) => void): (next: Sink) => Sink {
  return (next) => {
    let rows: Row[] = [];
    return {
      push(row) {
        rows.push(row);
      },
      finish() {
        const held = rows;
        rows = [];
        emit(held, next);
        next.finish();
      },
    };
  };
}

/** Columns after a command that adds fields: the same, plus the new names (wildcards stay patterns). */
export function withColumns(input: ColumnSpec, added: readonly string[]): ColumnSpec {
  if (input === null) return null;
  const out = input.slice();
  for (const name of added) if (!out.some((c) => c.name === name)) out.push({ name, wildcard: name.includes("*") });
  return out;
}

/** A count written as a whole number (`head 5`, `sort 100`, `dedup 2`), or null for any other word. */
export function countOf(a: PositionalArg | undefined): number | null {
  if (!a || a.quoted || a.arg.kind !== "word" || !/^\d+$/.test(a.text)) return null;
  return Number(a.text);
}

/** Exactly one field name (mvexpand, makemv): anything more is an error at the first extra argument. */
export function oneField(args: readonly PositionalArg[], command: string, span: Span): { name: string; span: Span } {
  const pieces = piecesOf(args);
  const first = pieces[0];
  if (!first) throw badArgument(`${command} needs a field name`, span);
  const extra = pieces[1];
  if (extra) throw badArgument(`${command} takes one field, found '${extra.text}'`, extra.span);
  if (first.arg.kind === "parens" || first.arg.kind === "subsearch") throw badArgument(`${command}: expected a field name`, first.span);
  return { name: first.text, span: first.span };
}
