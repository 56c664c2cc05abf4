// Aggregations that treat values as text (spl-semantics.md 7.1; Splunk "Statistical and charting
// functions", "How field values are processed": count, dc, values, list, mode process field values as
// literal strings, so "1", "1.0" and "01" are three distinct values). A number produced by eval is
// keyed by the text it prints as (formatNumber), so eval's 1 and the extracted "1" are one value.
//
// Every function here sees each value of a multivalue field individually (7.1, [S9]), and an input
// with no values (a row without the field) contributes nothing, except to bare `count`.
import { compareStrings, mv, toText, type FieldValue, type Scalar } from "../values/value.js";
import type { Accumulator, AggregationInput, AggregationSpec } from "./types.js";

/** `[stats] list_maxsize` (limits.conf, default 100): list() keeps the first 100 values (7.1). */
export const LIST_MAX_SIZE = 100;

/**
 * count: how `count` tells rows from values.
 * - `count(f)` / `c(f)` counts the VALUES of f: "the number of occurrences of the field X" (Aggregate
 *   functions page, count(X)); a multivalue field counts each of its values (Q25, decided here, as every
 *   other stats function aggregates each value individually, 7.1); a row without f counts nothing.
 * - bare `count` / `c` counts ROWS: the caller passes one input per row (values [] as there is no
 *   argument), and every input counts as one, whatever its values. This is the `bare` spec below, which
 *   `makeAccumulator` picks when the aggregation has no argument.
 * Both give 0 when nothing was counted (7.1: `stats count` over no rows is one row count=0).
 */
const countRows: AggregationSpec = {
  name: "count",
  argument: "none",
  make(): Accumulator {
    let n = 0;
    return {
      add() {
        n++;
      },
      result: () => n,
    };
  },
};

export const count: AggregationSpec = {
  name: "count",
  argument: "optional",
  bare: countRows,
  make(): Accumulator {
    let n = 0;
    return {
      add(input: AggregationInput) {
        n += input.values.length;
      },
      result: () => n,
    };
  },
};

/** The distinct values seen so far, by text, each with the first scalar seen for that text. */
class Distinct {
  readonly byText = new Map<string, Scalar>();
  add(input: AggregationInput): void {
    for (const v of input.values) {
      const key = toText(v);
      if (!this.byText.has(key)) this.byText.set(key, v);
    }
  }
}

function distinctCount(name: string): AggregationSpec {
  return {
    name,
    argument: "required",
    make(): Accumulator {
      const d = new Distinct();
      return { add: (input) => d.add(input), result: () => d.byText.size };
    },
  };
}

/** dc(f), distinct_count(f): the number of distinct values (as text). 0 when there are none. */
export const dc = distinctCount("dc");

/**
 * estdc(f): computed exactly, as dc. Splunk estimates only when the field has at least
 * `[stats] approx_dc_threshold` (limits.conf, default 1000) distinct values and is exact below that;
 * spelunk is exact at every size, so estdc = dc always.
 */
export const estdc = distinctCount("estdc");

/**
 * estdc_error(f): "the theoretical error of the estimated count ... |estimate - real| / real" (Aggregate
 * functions page). As estdc is exact here, the error is 0 (null when there is no value at all).
 */
export const estdcError: AggregationSpec = {
  name: "estdc_error",
  argument: "required",
  make(): Accumulator {
    const d = new Distinct();
    return { add: (input) => d.add(input), result: () => (d.byText.size === 0 ? null : 0) };
  },
};

/**
 * values(f): the distinct values, sorted lexicographically in byte order ("10" before "9", uppercase
 * before lowercase: 7.1, Example 7.B). No size limit (`[stats] maxvalues=0`, 7.1).
 */
export const values: AggregationSpec = {
  name: "values",
  argument: "required",
  make(): Accumulator {
    const d = new Distinct();
    return {
      add: (input) => d.add(input),
      result(): FieldValue | null {
        const keys = [...d.byText.keys()].sort(compareStrings);
        return mv(keys.map((k) => d.byText.get(k)!));
      },
    };
  },
};

/** list(f): every value in arrival order, duplicates kept, the first LIST_MAX_SIZE only (7.1). */
export const list: AggregationSpec = {
  name: "list",
  argument: "required",
  make(): Accumulator {
    const out: Scalar[] = [];
    return {
      add(input) {
        for (const v of input.values) {
          if (out.length >= LIST_MAX_SIZE) return;
          out.push(v);
        }
      },
      result: () => mv(out),
    };
  },
};

/**
 * mode(f): the most frequent value (as text: "processes field values as strings", Aggregate functions
 * page). Splunk does not say which value wins a tie; spelunk returns the one seen first (arrival order).
 */
export const mode: AggregationSpec = {
  name: "mode",
  argument: "required",
  make(): Accumulator {
    // Map iteration follows insertion order, i.e. the order in which each value was first seen.
    const counts = new Map<string, { value: Scalar; n: number }>();
    return {
      add(input) {
        for (const v of input.values) {
          const key = toText(v);
          const entry = counts.get(key);
          if (entry) entry.n++;
          else counts.set(key, { value: v, n: 1 });
        }
      },
      result() {
        let best: { value: Scalar; n: number } | null = null;
        for (const entry of counts.values()) if (best === null || entry.n > best.n) best = entry;
        return best === null ? null : best.value;
      },
    };
  },
};
