// Stats-family aggregation functions (spl-semantics.md 7.1): one table, src/aggregations/table.ts.
import type { FieldValue, Scalar } from "../values/value.js";

/** One input to an aggregation: the values a row contributes (a multivalue field contributes each of its
 * values; a row without the field contributes nothing), plus the row's _time and arrival position. */
export interface AggregationInput {
  readonly values: readonly Scalar[];
  /** The row's _time (epoch seconds), or null when it has none. */
  readonly time: number | null;
  /** Arrival order: 0 for the first row that reaches the command. */
  readonly seq: number;
}

/** A running aggregate for one group. */
export interface Accumulator {
  add(input: AggregationInput): void;
  /** The aggregate so far; null when there is none (the output field is then absent). */
  result(): FieldValue | null;
}

export interface AggregationSpec {
  /** Lower-case name as written in SPL (`count`, `dc`, `perc`...). */
  readonly name: string;
  /** Whether the function takes a field: "required", "optional" (count) or "none". */
  readonly argument: "required" | "optional" | "none";
  /** `param` is the number in names like perc95 / p95 / exactperc99 (undefined otherwise). */
  make(param?: number): Accumulator;
  /**
   * Set for a function whose meaning changes when it is written without an argument: the spec to use
   * for the bare form. Bare `count` counts rows (every input counts as one, whatever its values);
   * `count(f)` counts values (Q25). Use `makeAccumulator` in table.ts, which applies this.
   */
  readonly bare?: AggregationSpec;
  /** True for the families whose name carries a number (perc95, p95, exactperc99.5, upperperc90);
   * the number is required and `resolveAggregation` parses it. */
  readonly numbered?: boolean;
}
