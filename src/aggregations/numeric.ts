// Numeric aggregations (spl-semantics.md 7.1: avg, sum, stdev... use only numeric values; Splunk
// "Statistical and charting functions": "All of the values are processed as numbers, and any non-numeric
// values are ignored"). A value is numeric when toNumber accepts it (a number, or a string that looks
// like a plain decimal number, 4.1). Each value of a multivalue field counts on its own (7.1, [S9]).
// Every function gives null when no numeric value was seen.
import { compareStrings, toNumber, type Scalar } from "../values/value.js";
import type { Accumulator, AggregationInput, AggregationSpec } from "./types.js";

/** A value as a number, or null when it is not numeric (NaN from eval counts as not numeric). */
export function numeric(v: Scalar): number | null {
  const x = toNumber(v);
  return x === null || Number.isNaN(x) ? null : x;
}

/** The running moments of the numeric values: count, sum, sum of squares, min, max. */
class Moments {
  n = 0;
  sum = 0;
  sumsq = 0;
  min = Infinity;
  max = -Infinity;
  add(input: AggregationInput): void {
    for (const v of input.values) {
      const x = numeric(v);
      if (x === null) continue;
      this.n++;
      // Plain left-to-right double addition: the Aggregate functions page shows avg of 100 values of 3.99
      // as 3.9900000000000055, which is what this gives (a compensated sum would give 3.99).
      this.sum += x;
      this.sumsq += x * x;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
    }
  }
}

function fromMoments(name: string, compute: (m: Moments) => number | null): AggregationSpec {
  return {
    name,
    argument: "required",
    make(): Accumulator {
      const m = new Moments();
      return { add: (input) => m.add(input), result: () => (m.n === 0 ? null : compute(m)) };
    },
  };
}

export const sum = fromMoments("sum", (m) => m.sum);
export const sumsq = fromMoments("sumsq", (m) => m.sumsq);
/** avg(f), mean(f): sum / count of the numeric values. */
export const avg = fromMoments("avg", (m) => m.sum / m.n);
/** range(f): max - min of the numeric values. */
export const range = fromMoments("range", (m) => m.max - m.min);

/**
 * Variance from count, sum and sum of squares, the figures Splunk's summary indexing keeps for stdev/var
 * (sistats writes psrsvd_ct_X, psrsvd_sm_X, psrsvd_ss_X), so the low bits follow the same formula.
 * Rounding can make a constant series come out a hair below zero; that is clamped to 0.
 * Sample variance of a single value (n - 1 = 0) is 0 [inferred: Splunk shows stdev 0 for one event,
 * which is why anomaly searches guard with `stdev > 0`].
 */
function variance(m: Moments, sample: boolean): number {
  const squares = m.sumsq - (m.sum * m.sum) / m.n;
  const divisor = sample ? m.n - 1 : m.n;
  if (divisor === 0) return 0;
  return Math.max(0, squares / divisor);
}

/** var(f): sample variance; varp(f): population variance; stdev/stdevp their square roots. */
export const sampleVariance = fromMoments("var", (m) => variance(m, true));
export const populationVariance = fromMoments("varp", (m) => variance(m, false));
export const stdev = fromMoments("stdev", (m) => Math.sqrt(variance(m, true)));
export const stdevp = fromMoments("stdevp", (m) => Math.sqrt(variance(m, false)));

/**
 * min(f) / max(f): numeric when the values are numeric; for non-numeric values the lexicographic
 * (byte-order) min/max (7.1). Mixed case: when at least one value is numeric the result is the numeric
 * min/max and the strings are ignored. Source: "Statistical and charting functions" says min and max
 * "process values as numbers if possible" and the Aggregate functions page uses lexicographic order
 * "if the values ... are non-numeric". This differs from eval's min()/max(), where "strings are
 * greater than numbers" (Q20); stats follows its own page. [inferred for the mixed case]
 * A numeric result is a number ("1", "1.0" and "01" are the same numeric value, so the text is not kept).
 */
function extreme(name: "min" | "max"): AggregationSpec {
  // sign > 0 when `a` should replace the current extreme `b`.
  const sign = name === "min" ? -1 : 1;
  return {
    name,
    argument: "required",
    make(): Accumulator {
      let num: number | null = null;
      let str: string | null = null;
      return {
        add(input) {
          for (const v of input.values) {
            const x = numeric(v);
            if (x !== null) {
              if (num === null || sign * (x - num) > 0) num = x;
            } else if (typeof v === "string") {
              if (str === null || sign * compareStrings(v, str) > 0) str = v;
            }
          }
        },
        result: () => num ?? str,
      };
    },
  };
}

export const min = extreme("min");
export const max = extreme("max");
