// Percentiles and median (numeric values only, spl-semantics.md 7.1). Splunk's documentation is thin
// here; what spelunk does and why:
//
// limits.conf.spec, [stats] perc_method ("percentiles (and medians=50 percentile)") defines two methods
// over the n sorted values:
//   nearest-rank: the value at 0-based rank R = floor((percentile/100) * n)        (the default)
//   interpolated: F = (percentile/100) * (n - 1), R1 = floor(F), R2 = ceil(F),
//                 answer = (v[R2] * (F - R1)) + (v[R1] * (1 - (F - R1)))
// Both formulas are followed literally, in that order of operations, so that the floating-point
// results (e.g. 29/100*100 = 28.999...) match a Splunk that computes them as written.
//
// - exactperc<N>: nearest-rank. Evidence: limits.conf default; a Splunk Employee's worked examples on
//   Splunk Answers ("what does perc95 and all those stats functions perc*": values 1..10 give median 6
//   and perc95 10); a 2022 Splunk Answers thread ("How to get the percentile 90 of the response time")
//   where exactperc90 of ten values returns the largest one (27.203), i.e. rank floor(0.9*10) = 9.
// - median: nearest-rank, i.e. exactperc50: for an even count it is the higher of the two middle values
//   (median of 1..10 is 6, same Splunk Answers example).
// - perc<N> / p<N>: interpolated. Splunk computes perc from a digest (rdigest/tdigest, exact for small
//   inputs) and documents it only as approximate; the same 2022 thread shows perc90 of those ten
//   values as 5.51, which is the interpolated value 3.107 + 0.1 * (27.203 - 3.107) = 5.5166, not a
//   value of the data. [inferred; older Splunk (2012-2013) answers describe nearest-rank for perc]
// - upperperc<N>: "the approximate upper bound" of the range whose "lower end" perc returns (Aggregate
//   functions page). With exact data that range is [v[R1], v[R2]] of the interpolated method, so
//   upperperc = v[ceil(F)]; it equals perc when F is a whole rank. [inferred]
//
// N may be fractional (p99.9: the docs give "floating point numbers ... such as 99.95"); table.ts
// accepts 0 <= N <= 100. A rank past the end is clamped to the last value.
import { numeric } from "./numeric.js";
import type { Accumulator, AggregationSpec } from "./types.js";

type Pick = (sorted: readonly number[], percentile: number) => number;

/** The value at 0-based rank floor((p/100) * n), clamped to the last value. */
export const nearestRank: Pick = (sorted, p) => {
  const rank = Math.floor((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 0), sorted.length - 1)]!;
};

/** Linear interpolation between the ranks around F = (p/100) * (n - 1). */
export const interpolated: Pick = (sorted, p) => {
  const f = Math.min(Math.max((p / 100) * (sorted.length - 1), 0), sorted.length - 1);
  const r1 = Math.floor(f);
  const r2 = Math.ceil(f);
  if (r1 === r2) return sorted[r1]!;
  return sorted[r2]! * (f - r1) + sorted[r1]! * (1 - (f - r1));
};

/** The upper end of the interpolation bracket: the value at rank ceil(F). */
export const upperRank: Pick = (sorted, p) => {
  const f = Math.min(Math.max((p / 100) * (sorted.length - 1), 0), sorted.length - 1);
  return sorted[Math.ceil(f)]!;
};

/** Collects the numeric values; sorts once when the result is asked for. */
function percentileAccumulator(percentile: number, pick: Pick): Accumulator {
  const xs: number[] = [];
  let sorted = true;
  return {
    add(input) {
      for (const v of input.values) {
        const x = numeric(v);
        if (x === null) continue;
        if (xs.length > 0 && x < xs[xs.length - 1]!) sorted = false;
        xs.push(x);
      }
    },
    result() {
      if (xs.length === 0) return null;
      if (!sorted) {
        xs.sort((a, b) => a - b);
        sorted = true;
      }
      return pick(xs, percentile);
    },
  };
}

function family(name: string, pick: Pick): AggregationSpec {
  return {
    name,
    argument: "required",
    numbered: true,
    make(param?: number): Accumulator {
      // resolveAggregation always supplies the number for a numbered family; 50 is only a fallback for
      // a caller that builds the spec by hand.
      return percentileAccumulator(param ?? 50, pick);
    },
  };
}

export const perc = family("perc", interpolated);
export const exactperc = family("exactperc", nearestRank);
export const upperperc = family("upperperc", upperRank);

export const median: AggregationSpec = {
  name: "median",
  argument: "required",
  make: () => percentileAccumulator(50, nearestRank),
};
