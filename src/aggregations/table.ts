// The stats-family function table (spl-semantics.md 7.1, 7.2): one entry per name, aliases included.
// A name not found here (nor a numbered percentile such as perc95) is unsupported: resolveAggregation
// returns null and the planner reports it by name.
//
// Families live in their own files: counting.ts (count, dc, values, list, mode: values as text),
// numeric.ts (sum, avg, min, max, var...: numeric values only), percentile.ts (median, perc...),
// time.ts (first, last, earliest, latest, rate).
import { count, dc, estdc, estdcError, list, mode, values } from "./counting.js";
import {
  avg,
  max,
  min,
  populationVariance,
  range,
  sampleVariance,
  stdev,
  stdevp,
  sum,
  sumsq,
} from "./numeric.js";
import { exactperc, median, perc, upperperc } from "./percentile.js";
import { earliest, earliestTime, first, last, latest, latestTime, rate } from "./time.js";
import type { Accumulator, AggregationSpec } from "./types.js";

/**
 * Every aggregation by lower-case name. Aliases map to the same spec: `c` = count,
 * `distinct_count` = dc, `mean` = avg, `p` = perc. `estdc` is computed exactly, so it equals dc
 * (counting.ts says why). The numbered families (perc, p, exactperc, upperperc) are listed under their
 * base name for completeness but are only usable with a number: use resolveAggregation.
 */
export const AGGREGATIONS: ReadonlyMap<string, AggregationSpec> = new Map<string, AggregationSpec>([
  ["count", count],
  ["c", count],
  ["dc", dc],
  ["distinct_count", dc],
  ["estdc", estdc],
  ["estdc_error", estdcError],
  ["values", values],
  ["list", list],
  ["mode", mode],
  ["sum", sum],
  ["sumsq", sumsq],
  ["avg", avg],
  ["mean", avg],
  ["min", min],
  ["max", max],
  ["range", range],
  ["var", sampleVariance],
  ["varp", populationVariance],
  ["stdev", stdev],
  ["stdevp", stdevp],
  ["median", median],
  ["perc", perc],
  ["p", perc],
  ["exactperc", exactperc],
  ["upperperc", upperperc],
  ["first", first],
  ["last", last],
  ["earliest", earliest],
  ["latest", latest],
  ["earliest_time", earliestTime],
  ["latest_time", latestTime],
  ["rate", rate],
]);

/** A numbered name: the family, then the percentile (perc95, p99.9, exactperc50, upperperc90). */
const NUMBERED = /^(exactperc|upperperc|perc|p)(\d+(?:\.\d+)?)$/;

/**
 * The spec for an aggregation name as written (case-insensitive), with the number of a numbered
 * percentile (perc95 → perc with param 95). null when the name is unknown, when a numbered family is
 * written without its number (`perc`), or when the percentile is outside 0-100.
 */
export function resolveAggregation(name: string): { spec: AggregationSpec; param?: number } | null {
  const lower = name.toLowerCase();
  const direct = AGGREGATIONS.get(lower);
  if (direct !== undefined) return direct.numbered ? null : { spec: direct };
  const m = NUMBERED.exec(lower);
  if (m === null) return null;
  const spec = AGGREGATIONS.get(m[1]!);
  const param = Number(m[2]);
  if (spec === undefined || !(param >= 0 && param <= 100)) return null;
  return { spec, param };
}

/**
 * A fresh accumulator for one group. `hasArgument` is whether the aggregation was written with a field
 * or eval argument: without one, a spec's `bare` form is used (bare `count` counts rows, count.ts).
 */
export function makeAccumulator(
  resolved: { spec: AggregationSpec; param?: number },
  hasArgument: boolean,
): Accumulator {
  const spec = !hasArgument && resolved.spec.bare !== undefined ? resolved.spec.bare : resolved.spec;
  return spec.make(resolved.param);
}
