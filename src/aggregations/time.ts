// Order-based aggregations (spl-semantics.md 7.1, Example 7.C).
//
// - first(f) / last(f): by arrival order ("the first seen value ... based on the order in which the
//   events are seen by the stats command", Aggregate functions page). Arrival is the input's `seq`, so
//   the result does not depend on the order in which add() happens to be called. With the default
//   newest-first order, first = most recent (10.1, quirk 17).
// - earliest(f) / latest(f): the value from the input with the smallest / largest _time; on a _time
//   tie, the first to arrive wins (for both). earliest_time(f) / latest_time(f): that input's _time
//   ("the UNIX time of the earliest occurrence of a value of the field").
// - rate(f): (latest(f) - earliest(f)) / (latest_time(f) - earliest_time(f)), as the Aggregate functions
//   page defines it; null unless both values are numeric and the two times differ.
//
// Each value of a multivalue field is a value of its own, in the field's order (7.1, [S9]): first() is
// the first value of the first row, last() the last value of the last row. For earliest/latest every
// value of one row shares the row's time and arrival, so the tie rule picks the row's first value.
// Inputs with no values (rows without the field) are ignored; for the time-based functions so are
// inputs whose _time is null (they cannot be placed in time).
import type { Scalar } from "../values/value.js";
import { numeric } from "./numeric.js";
import type { Accumulator, AggregationInput, AggregationSpec } from "./types.js";

function firstOrLast(name: "first" | "last"): AggregationSpec {
  return {
    name,
    argument: "required",
    make(): Accumulator {
      let best: { seq: number; value: Scalar } | null = null;
      return {
        add(input) {
          const n = input.values.length;
          if (n === 0) return;
          if (name === "first" ? best === null || input.seq < best.seq : best === null || input.seq >= best.seq) {
            best = { seq: input.seq, value: name === "first" ? input.values[0]! : input.values[n - 1]! };
          }
        },
        result: () => best?.value ?? null,
      };
    },
  };
}

export const first = firstOrLast("first");
export const last = firstOrLast("last");

interface Timed {
  readonly time: number;
  readonly seq: number;
  readonly value: Scalar;
}

/** Tracks the earliest and the latest timed value; ties on _time go to the first arrival. */
class TimeExtremes {
  earliest: Timed | null = null;
  latest: Timed | null = null;
  add(input: AggregationInput): void {
    const { time, seq } = input;
    if (time === null || Number.isNaN(time) || input.values.length === 0) return;
    const e = this.earliest;
    if (e === null || time < e.time || (time === e.time && seq < e.seq)) {
      this.earliest = { time, seq, value: input.values[0]! };
    }
    const l = this.latest;
    if (l === null || time > l.time || (time === l.time && seq < l.seq)) {
      this.latest = { time, seq, value: input.values[0]! };
    }
  }
}

function timed(name: string, pick: (t: TimeExtremes) => Scalar | null): AggregationSpec {
  return {
    name,
    argument: "required",
    make(): Accumulator {
      const t = new TimeExtremes();
      return { add: (input) => t.add(input), result: () => pick(t) };
    },
  };
}

export const earliest = timed("earliest", (t) => t.earliest?.value ?? null);
export const latest = timed("latest", (t) => t.latest?.value ?? null);
export const earliestTime = timed("earliest_time", (t) => t.earliest?.time ?? null);
export const latestTime = timed("latest_time", (t) => t.latest?.time ?? null);

export const rate = timed("rate", (t) => {
  if (t.earliest === null || t.latest === null) return null;
  const from = numeric(t.earliest.value);
  const to = numeric(t.latest.value);
  const span = t.latest.time - t.earliest.time;
  if (from === null || to === null || span === 0) return null;
  return (to - from) / span;
});
