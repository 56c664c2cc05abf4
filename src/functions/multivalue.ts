// Multivalue eval functions (Splunk's "Multivalue eval functions" page, spl-semantics.md 4.4, Example 4.C).
// split() is in text.ts.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import { relativeTime } from "../values/time.js";
import { compareStrings, mv, toText, valuesOf, type EvalValue, type FieldValue, type Scalar } from "../values/value.js";
import { custom, literalRegex, strict } from "./define.js";
import { badArgument, fieldsOf, num, patternOf, str } from "./helpers.js";
import { truth } from "./operators.js";
import type { FunctionSpec } from "./types.js";

/** A view of a row in which one field has a single value (mvfilter, mvmap evaluate once per value). */
class BoundRow implements Row {
  value: Scalar = "";
  constructor(
    private readonly row: Row,
    private readonly name: string,
  ) {}
  get(name: string): FieldValue | undefined {
    return name === this.name ? this.value : this.row.get(name);
  }
  set(name: string, value: FieldValue | null | undefined): void {
    this.row.set(name, value);
  }
  names(): string[] {
    return this.row.names();
  }
}

/** Largest mvrange() result; a bigger range gives null rather than exhausting memory. */
const MAX_RANGE = 1_000_000;

/** mvrange's step: a number, or a timespan such as "7d" that steps through UNIX times in the search's
 * time zone (the page's example steps 7 days from 1514834731). */
function rangeStep(step: EvalValue, tz: string): ((t: number) => number | null) | null {
  const n = num(step);
  if (n !== null) return n === 0 ? null : (t) => t + n;
  const s = str(step);
  const m = s === null ? null : /^\s*([+-]?)(\d*)([a-zA-Z]+)\s*$/.exec(s);
  if (!m) return null;
  const spec = (m[1] === "-" ? "-" : "+") + (m[2] || "1") + m[3];
  if (relativeTime(0, spec, tz) === null || Number(m[2] || "1") === 0) return null;
  return (t) => relativeTime(t, spec, tz);
}

export const MULTIVALUE_FUNCTIONS: FunctionSpec[] = [
  // "If the field has no values, this function returns NULL."
  strict("mvcount", 1, 1, ([v]) => (v === null ? null : valuesOf(v!).length)),
  strict("mvindex", 2, 3, ([v, s, e]) => {
    // 0-based, negative from the end, end inclusive; "If the indexes are out of range or invalid, the
    // result is NULL" (the page).
    const values = valuesOf(v);
    const n = values.length;
    const first = num(s!);
    if (n === 0 || first === null) return null;
    const start = Math.trunc(first) < 0 ? Math.trunc(first) + n : Math.trunc(first);
    if (start < 0 || start >= n) return null;
    if (e === undefined) return values[start]!;
    const last = num(e);
    if (last === null) return null;
    const end = Math.trunc(last) < 0 ? Math.trunc(last) + n : Math.trunc(last);
    if (end < start || end >= n) return null;
    return mv(values.slice(start, end + 1));
  }),
  strict("mvjoin", 2, 2, ([v, d]) => {
    const delim = str(d!);
    if (v === null || delim === null) return null;
    return valuesOf(v!).map(toText).join(delim);
  }),
  // mvappend flattens its arguments; null arguments add nothing (4.4).
  strict("mvappend", 1, Infinity, (args) => mv(args.flatMap((a) => valuesOf(a)))),
  // mvdedup keeps the first of equal values (equal as text: 1 and "1" are the same value).
  strict("mvdedup", 1, 1, ([v]) => {
    const seen = new Set<string>();
    const out: Scalar[] = [];
    for (const x of valuesOf(v)) {
      const key = toText(x);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(x);
      }
    }
    return mv(out);
  }),
  // Lexicographic by UTF-8 bytes: "10, 9, 70, 100 are sorted lexicographically as 10, 100, 70, 9".
  strict("mvsort", 1, 1, ([v]) => mv([...valuesOf(v)].sort((a, b) => compareStrings(toText(a), toText(b))))),
  custom("mvfind", 2, 2, ([field, pattern], _ctx, call) => {
    const fixed = literalRegex(call, 1);
    return (row) => {
      const v = field!(row);
      const re = fixed ?? patternOf(pattern!(row));
      if (v === null || re === null) return null;
      const i = valuesOf(v).findIndex((x) => re.test(toText(x)));
      return i < 0 ? null : i;
    };
  }),
  // mvzip pairs values like Python's zip (it stops at the shorter field); the delimiter defaults to ",".
  strict("mvzip", 2, 3, ([a, b, d]) => {
    const delim = d === undefined ? "," : str(d);
    if (a === null || b === null || delim === null) return null;
    const left = valuesOf(a!);
    const right = valuesOf(b!);
    const n = Math.min(left.length, right.length);
    return mv(Array.from({ length: n }, (_, i) => toText(left[i]!) + delim + toText(right[i]!)));
  }),
  custom("mvrange", 2, 3, ([s, e, st], ctx, call) => (row) => {
    const start = num(s!(row));
    const end = num(e!(row));
    const step = rangeStep(st === undefined ? 1 : st(row), ctx.tz);
    if (start === null || end === null || step === null) return null;
    // The end is not included; a step that moves away from the end gives nothing.
    const up = (step(start) ?? start) > start;
    if (up ? start >= end : start <= end) return null;
    const out: number[] = [];
    for (let t: number | null = start; t !== null && (up ? t < end : t > end); t = step(t)) {
      // A range too long to hold is a clear error, not a hang or an exhausted memory.
      if (out.length >= MAX_RANGE)
        throw new SplError("runtime-error", `mvrange would make more than ${MAX_RANGE.toLocaleString("en-US")} values`, call.span);
      if (out.length > 0 && (up ? t <= out[out.length - 1]! : t >= out[out.length - 1]!)) return null;
      out.push(t);
    }
    return mv(out);
  }),
  custom("mvfilter", 1, 1, ([predicate], _ctx, call) => {
    // "The Boolean expression can reference ONLY ONE field at a time."
    const fields = fieldsOf(call.args[0]!);
    if (fields.length !== 1)
      throw badArgument(call, 0, `The mvfilter predicate must reference exactly one field; it references ${fields.length === 0 ? "none" : fields.map((f) => `'${f}'`).join(", ")}.`);
    const name = fields[0]!;
    return (row) => {
      const v = row.get(name);
      if (v === undefined) return null;
      const view = new BoundRow(row, name);
      return mv(valuesOf(v).filter((x) => {
        view.value = x;
        return truth(predicate!(view)) === true;
      }));
    };
  }),
  custom("mvmap", 2, 2, ([source, expression], _ctx, call) => {
    // The expression is evaluated with the field of the first argument bound to each value in turn; the
    // first argument may be an expression over that field (the page: mvmap(mvindex(results,1,2), ...)).
    const fields = fieldsOf(call.args[0]!);
    if (fields.length !== 1)
      throw badArgument(call, 0, "The first argument of mvmap must be a field, or an expression over exactly one field.");
    const name = fields[0]!;
    return (row) => {
      const v = source!(row);
      if (v === null) return null;
      const view = new BoundRow(row, name);
      const out: Scalar[] = [];
      for (const x of valuesOf(v)) {
        view.value = x;
        out.push(...valuesOf(expression!(view)));
      }
      return mv(out);
    };
  }),
];
