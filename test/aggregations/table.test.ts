import { describe, it, expect } from "vitest";
import { AGGREGATIONS, makeAccumulator, resolveAggregation } from "../../src/aggregations/table.js";
import { LIST_MAX_SIZE } from "../../src/aggregations/counting.js";
import type { FieldValue, Scalar } from "../../src/values/value.js";

// Sources: "7.x" / "Example 7.X" / "Qn" = /work/shared/reference/spl-semantics.md; "AggFns" = Splunk
// Search Reference, "Aggregate functions"; "StatsFns" = "Statistical and charting functions" (How field
// values are processed); "limits.conf" = limits.conf.spec [stats]; "Answers 99632" = Splunk Answers,
// "what does perc95 and all those stats functions perc*" (Splunk Employee's worked examples); "Answers
// 623886" = Splunk Answers, "How to get the percentile 90 of the response time in Splunk" (2022);
// "decided" = a choice documented in src/aggregations where Splunk is silent.

/** One row reaching the aggregation: its values (a multivalue field gives several) and its _time. */
type Row = readonly Scalar[] | { readonly v: readonly Scalar[]; readonly t: number | null };

/** Runs `name` over rows in arrival order (seq = index); `bare` = written without an argument. */
function run(name: string, rows: readonly Row[], bare = false): FieldValue | null {
  const resolved = resolveAggregation(name);
  if (resolved === null) throw new Error(`unknown aggregation ${name}`);
  const acc = makeAccumulator(resolved, !bare);
  rows.forEach((r, seq) => {
    const values = Array.isArray(r) ? (r as readonly Scalar[]) : (r as { v: readonly Scalar[] }).v;
    const time = Array.isArray(r) ? seq : (r as { t: number | null }).t;
    acc.add({ values, time, seq });
  });
  return acc.result();
}

interface Case {
  readonly source: string;
  readonly fn: string;
  readonly rows: readonly Row[];
  readonly expected: FieldValue | null;
  readonly bare?: boolean;
}

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [`${c.source}: ${c.fn}${c.bare ? " (bare)" : ""} → ${JSON.stringify(c.expected)}`, c] as const))(
      "%s",
      (_label, c) => {
        const got = run(c.fn, c.rows, c.bare);
        if (typeof c.expected === "number" && !Number.isInteger(c.expected)) expect(got).toBeCloseTo(c.expected, 12);
        else expect(got).toEqual(c.expected);
      },
    );
  });
}

const none: Row[] = [];
const absent: Row[] = [[], [], []]; // three rows, none with the field

table("count, dc, values, list, mode (values as text)", [
  { source: "7.1", fn: "count", bare: true, rows: [["a"], [], ["b", "c"]], expected: 3 },
  { source: "7.1 (stats count over no rows is 0)", fn: "count", bare: true, rows: none, expected: 0 },
  { source: "7.1 + 10.4 (rows lacking f contribute nothing)", fn: "count", rows: [["a"], [], ["b"]], expected: 2 },
  { source: "Q25 decided + AggFns 'occurrences of the field': each value counts", fn: "count", rows: [["a", "b"], ["c"]], expected: 3 },
  { source: "7.1", fn: "count", rows: absent, expected: 0 },
  { source: "AggFns: c = count", fn: "c", rows: [["x"], ["y"]], expected: 2 },
  { source: "AggFns: c = count, bare", fn: "c", bare: true, rows: absent, expected: 3 },
  { source: "Example 7.B", fn: "dc", rows: [["b"], ["B"], ["a"], ["10"], ["9"], ["b"]], expected: 5 },
  { source: "7.1 (multivalue: each value)", fn: "dc", rows: [["a", "b"], ["b", "c"]], expected: 3 },
  { source: "StatsFns: '1', '1.0', '01' are distinct strings", fn: "dc", rows: [["1"], ["1.0"], ["01"], [1]], expected: 3 },
  { source: "7.1 (dc of nothing is 0)", fn: "dc", rows: absent, expected: 0 },
  { source: "AggFns: distinct_count = dc", fn: "distinct_count", rows: [["a"], ["a"]], expected: 1 },
  { source: "limits.conf approx_dc_threshold: estdc exact (= dc)", fn: "estdc", rows: [["a"], ["b"], ["a"]], expected: 2 },
  { source: "AggFns estdc_error: exact estimate has error 0", fn: "estdc_error", rows: [["a"], ["b"]], expected: 0 },
  { source: "decided: estdc_error of nothing", fn: "estdc_error", rows: absent, expected: null },
  { source: "Example 7.B (byte order: 10 < 9 < B < a < b)", fn: "values", rows: [["b"], ["B"], ["a"], ["10"], ["9"], ["b"]], expected: ["10", "9", "B", "a", "b"] },
  { source: "7.1 (values flattens multivalue)", fn: "values", rows: [["z", "y"], ["x"], ["y"]], expected: ["x", "y", "z"] },
  { source: "7.1 (mixed numbers sort as text)", fn: "values", rows: [[100], ["20"], [3], ["abc"]], expected: [100, "20", 3, "abc"] },
  { source: "mv(): one distinct value is a single value", fn: "values", rows: [["a"], ["a"]], expected: "a" },
  { source: "7.1 (no values: field absent)", fn: "values", rows: absent, expected: null },
  { source: "Example 7.B (arrival order, duplicates kept)", fn: "list", rows: [["b"], ["B"], ["a"], ["10"], ["9"], ["b"]], expected: ["b", "B", "a", "10", "9", "b"] },
  { source: "7.1 (multivalue: each value, in order)", fn: "list", rows: [["a", "b"], [], ["c"]], expected: ["a", "b", "c"] },
  { source: "7.1", fn: "list", rows: absent, expected: null },
  { source: "AggFns mode", fn: "mode", rows: [["a"], ["b"], ["b"], ["c"]], expected: "b" },
  { source: "AggFns mode (multivalue: each value)", fn: "mode", rows: [["a", "c"], ["c"], ["a", "c"]], expected: "c" },
  { source: "decided: mode tie → first seen", fn: "mode", rows: [["x"], ["y"], ["y"], ["x"]], expected: "x" },
  { source: "AggFns mode: values as strings ('1' and '1.0' differ)", fn: "mode", rows: [["1"], ["1.0"], ["1.0"]], expected: "1.0" },
  { source: "AggFns mode", fn: "mode", rows: absent, expected: null },
]);

describe("list cap (limits.conf list_maxsize=100, 7.1)", () => {
  it("7.1: keeps the first 100 values in arrival order", () => {
    const rows = Array.from({ length: 150 }, (_, i) => [String(i)]);
    const got = run("list", rows) as readonly Scalar[];
    expect(LIST_MAX_SIZE).toBe(100);
    expect(got).toHaveLength(100);
    expect(got[0]).toBe("0");
    expect(got[99]).toBe("99");
  });
  it("7.1: the cap counts values, not rows (multivalue rows)", () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`${i}a`, `${i}b`]);
    const got = run("list", rows) as readonly Scalar[];
    expect(got).toHaveLength(100);
    expect(got[99]).toBe("49b");
  });
  it("7.1: values() has no limit (maxvalues=0)", () => {
    const rows = Array.from({ length: 250 }, (_, i) => [String(i)]);
    expect(run("values", rows) as readonly Scalar[]).toHaveLength(250);
  });
});

table("sum, sumsq, avg, range, var, stdev (numeric values only)", [
  { source: "7.1", fn: "sum", rows: [["1"], [2], ["3.5"]], expected: 6.5 },
  { source: "7.1 + StatsFns (non-numeric ignored)", fn: "sum", rows: [["1"], ["abc"], ["2"], ["-"]], expected: 3 },
  { source: "7.1 (multivalue: each value)", fn: "sum", rows: [["1", "2"], ["3"]], expected: 6 },
  { source: "decided: no numeric value → null", fn: "sum", rows: [["abc"], []], expected: null },
  { source: "AggFns sumsq", fn: "sumsq", rows: [["1"], ["2"], ["x"], ["3"]], expected: 14 },
  { source: "AggFns sumsq", fn: "sumsq", rows: absent, expected: null },
  { source: "AggFns avg", fn: "avg", rows: [["1"], ["2"], ["3"], ["4"]], expected: 2.5 },
  { source: "AggFns: mean = avg; non-numeric ignored", fn: "mean", rows: [["2"], ["n/a"], ["4"]], expected: 3 },
  { source: "7.1 (multivalue)", fn: "avg", rows: [["1", "5"], ["3"]], expected: 3 },
  { source: "AggFns avg", fn: "avg", rows: absent, expected: null },
  { source: "AggFns range", fn: "range", rows: [["5"], ["-2"], ["x"], ["10"]], expected: 12 },
  { source: "AggFns range (multivalue)", fn: "range", rows: [["1", "9"]], expected: 8 },
  { source: "AggFns range", fn: "range", rows: [["abc"]], expected: null },
  // 2,4,4,4,5,5,7,9: mean 5, squared deviations 32 → varp 4, var 32/7.
  { source: "hand-computed", fn: "varp", rows: [[2], [4], [4], [4], [5], [5], [7], [9]], expected: 4 },
  { source: "hand-computed", fn: "stdevp", rows: [[2], [4], [4], [4], [5], [5], [7], [9]], expected: 2 },
  { source: "hand-computed", fn: "var", rows: [[2], [4], [4], [4], [5], [5], [7], [9]], expected: 32 / 7 },
  { source: "hand-computed", fn: "stdev", rows: [[2], [4], [4], [4], [5], [5], [7], [9]], expected: Math.sqrt(32 / 7) },
  { source: "hand-computed + non-numeric ignored + multivalue", fn: "var", rows: [["2", "4"], ["x"], ["6"]], expected: 4 },
  { source: "decided: constant series is exactly 0", fn: "stdev", rows: [["0.1"], ["0.1"], ["0.1"]], expected: 0 },
  { source: "decided: sample variance of one value is 0", fn: "var", rows: [["5"]], expected: 0 },
  { source: "AggFns stdev", fn: "stdev", rows: absent, expected: null },
  { source: "AggFns varp", fn: "varp", rows: [["a"]], expected: null },
]);

describe("avg floating point (AggFns avg, extended example 1)", () => {
  it("AggFns: avg of 100 values of 3.99 is 3.9900000000000055", () => {
    const rows = Array.from({ length: 100 }, () => ["3.99"]);
    expect(run("avg", rows)).toBe(3.9900000000000055);
  });
});

table("min, max (numeric if possible, else lexicographic)", [
  { source: "7.1 (numeric)", fn: "min", rows: [["10"], ["9"], ["100"]], expected: 9 },
  { source: "7.1 (numeric)", fn: "max", rows: [["10"], ["9"], ["100"]], expected: 100 },
  { source: "Example 7.C (min/max of _time)", fn: "min", rows: [[300], [200], [100]], expected: 100 },
  { source: "Example 7.C (min/max of _time)", fn: "max", rows: [[300], [200], [100]], expected: 300 },
  { source: "7.1 (non-numeric: lexicographic, byte order)", fn: "min", rows: [["b"], ["B"], ["a"]], expected: "B" },
  { source: "7.1 (non-numeric: lexicographic, byte order)", fn: "max", rows: [["b"], ["B"], ["a"]], expected: "b" },
  { source: "StatsFns 'numbers if possible' (mixed: numbers win, decided)", fn: "max", rows: [["abc"], ["5"], ["12"]], expected: 12 },
  { source: "StatsFns 'numbers if possible' (mixed: numbers win, decided)", fn: "min", rows: [["5"], ["abc"], ["-1"]], expected: -1 },
  { source: "StatsFns: '1', '1.0', '01' are the same number", fn: "max", rows: [["01"], ["1.0"]], expected: 1 },
  { source: "7.1 (multivalue: each value)", fn: "max", rows: [["1", "7"], ["3"]], expected: 7 },
  { source: "7.1 (multivalue: each value)", fn: "min", rows: [["4", "2"], ["3"]], expected: 2 },
  { source: "decided: nothing → null", fn: "min", rows: absent, expected: null },
  { source: "decided: nothing → null", fn: "max", rows: none, expected: null },
]);

// Sorted inputs; R = floor(p/100*n) (nearest-rank), F = p/100*(n-1) (interpolated), limits.conf.
const oneToTen: Row[] = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((x) => [x]);
const response: Row[] = ["1.379", "1.276", "1.351", "2.062", "1.465", "3.107", "1.621", "1.901", "1.562", "27.203"].map((x) => [x]);
const four: Row[] = [["4"], ["1"], ["3"], ["2"]];

table("median and percentiles", [
  { source: "Answers 99632: median of 1..10 is 6 (higher middle value)", fn: "median", rows: oneToTen, expected: 6 },
  { source: "Answers 99632: median {1,1,1,10,9,1,1,1,1,1} is 1", fn: "median", rows: [1, 1, 1, 10, 9, 1, 1, 1, 1, 1].map((x) => [x]), expected: 1 },
  { source: "Answers 99632: median of 11 values {10×5,5,5,1×4} is 5", fn: "median", rows: [10, 10, 10, 10, 10, 5, 5, 1, 1, 1, 1].map((x) => [x]), expected: 5 },
  { source: "hand-computed: odd count, middle value", fn: "median", rows: [["3"], ["1"], ["2"]], expected: 2 },
  { source: "7.1 (numeric only; multivalue each value)", fn: "median", rows: [["5", "x"], ["1", "9"]], expected: 5 },
  { source: "7.1", fn: "median", rows: [["n/a"]], expected: null },
  { source: "Answers 99632: exactperc95 (nearest rank) of 1..10 is 10", fn: "exactperc95", rows: oneToTen, expected: 10 },
  { source: "Answers 623886: exactperc90 of the ten response times is 27.203", fn: "exactperc90", rows: response, expected: 27.203 },
  { source: "Answers 623886: perc90 shows 5.51 (interpolated 3.107 + 0.1 × 24.096)", fn: "perc90", rows: response, expected: 5.5166 },
  { source: "Answers 623886: p90 = perc90", fn: "p90", rows: response, expected: 5.5166 },
  { source: "decided: upperperc90 = value at ceil(F) = ceil(8.1)", fn: "upperperc90", rows: response, expected: 27.203 },
  // [1,2,3,4]: perc25 F = 0.75 → 1×0.25 + 2×0.75; exactperc25 R = 1 → 2; upperperc25 ceil(0.75) = 1 → 2.
  { source: "limits.conf interpolated, hand-computed", fn: "perc25", rows: four, expected: 1.75 },
  { source: "limits.conf nearest-rank, hand-computed", fn: "exactperc25", rows: four, expected: 2 },
  { source: "decided (upper bracket), hand-computed", fn: "upperperc25", rows: four, expected: 2 },
  { source: "limits.conf interpolated, hand-computed: perc50 of 1..4", fn: "perc50", rows: four, expected: 2.5 },
  { source: "limits.conf nearest-rank, hand-computed: exactperc50 of 1..4", fn: "exactperc50", rows: four, expected: 3 },
  { source: "limits.conf interpolated, hand-computed: F = 8.55", fn: "perc95", rows: oneToTen, expected: 9.55 },
  { source: "hand-computed: upperperc95 = value at ceil(8.55)", fn: "upperperc95", rows: oneToTen, expected: 10 },
  { source: "AggFns: fractional percentile p99.9 (F = 8.991)", fn: "p99.9", rows: oneToTen, expected: 9.991 },
  { source: "hand-computed: whole rank, perc = upperperc", fn: "upperperc50", rows: [["1"], ["2"], ["3"]], expected: 2 },
  { source: "hand-computed: perc0 is the minimum", fn: "perc0", rows: four, expected: 1 },
  { source: "hand-computed: perc100 is the maximum", fn: "perc100", rows: four, expected: 4 },
  { source: "limits.conf nearest-rank, rank n clamped to the last value", fn: "exactperc100", rows: four, expected: 4 },
  { source: "hand-computed: one value", fn: "perc75", rows: [["42"]], expected: 42 },
  { source: "7.1 (non-numeric ignored, multivalue each value)", fn: "perc50", rows: [["1", "abc"], ["3"]], expected: 2 },
  { source: "7.1", fn: "perc95", rows: absent, expected: null },
  { source: "7.1", fn: "exactperc95", rows: [["abc"]], expected: null },
  { source: "7.1", fn: "upperperc95", rows: none, expected: null },
]);

// Rows carry their own _time; arrival order is the array order (seq). Example 7.C: default order
// reaching stats is newest first: new(300), mid(200), old(100).
const example7C: Row[] = [{ v: ["new"], t: 300 }, { v: ["mid"], t: 200 }, { v: ["old"], t: 100 }];
const ties: Row[] = [{ v: ["a"], t: 100 }, { v: ["b"], t: 200 }, { v: ["c"], t: 100 }, { v: ["d"], t: 200 }];

table("first, last, earliest, latest, earliest_time, latest_time, rate", [
  { source: "Example 7.C", fn: "first", rows: example7C, expected: "new" },
  { source: "Example 7.C", fn: "last", rows: example7C, expected: "old" },
  { source: "Example 7.C", fn: "earliest", rows: example7C, expected: "old" },
  { source: "Example 7.C", fn: "latest", rows: example7C, expected: "new" },
  { source: "AggFns earliest_time (Example 7.C times)", fn: "earliest_time", rows: example7C, expected: 100 },
  { source: "AggFns latest_time (Example 7.C times)", fn: "latest_time", rows: example7C, expected: 300 },
  { source: "decided: earliest tie → first arrival", fn: "earliest", rows: ties, expected: "a" },
  { source: "decided: latest tie → first arrival", fn: "latest", rows: ties, expected: "b" },
  { source: "10.4 (rows without the field ignored)", fn: "first", rows: [[], ["x"], ["y"]], expected: "x" },
  { source: "10.4 (rows without the field ignored)", fn: "last", rows: [["x"], ["y"], []], expected: "y" },
  { source: "10.4 (rows without the field ignored)", fn: "earliest", rows: [{ v: [], t: 1 }, { v: ["x"], t: 5 }], expected: "x" },
  { source: "7.1 (multivalue: first value of the first row)", fn: "first", rows: [["a", "b"], ["c"]], expected: "a" },
  { source: "7.1 (multivalue: last value of the last row)", fn: "last", rows: [["a"], ["b", "c"]], expected: "c" },
  { source: "decided: multivalue at the latest time → the row's first value", fn: "latest", rows: [{ v: ["p", "q"], t: 9 }], expected: "p" },
  { source: "first/last keep the value as given (strings, numbers)", fn: "first", rows: [[42], ["x"]], expected: 42 },
  { source: "decided: no _time → cannot be placed in time", fn: "earliest", rows: [{ v: ["x"], t: null }], expected: null },
  { source: "7.1", fn: "first", rows: absent, expected: null },
  { source: "7.1", fn: "last", rows: none, expected: null },
  { source: "7.1", fn: "earliest", rows: absent, expected: null },
  { source: "7.1", fn: "latest_time", rows: absent, expected: null },
  // rate = (latest - earliest) / (latest_time - earliest_time): (40 - 10) / (160 - 100).
  { source: "AggFns rate", fn: "rate", rows: [{ v: ["40"], t: 160 }, { v: ["25"], t: 130 }, { v: ["10"], t: 100 }], expected: 0.5 },
  { source: "AggFns rate: needs numeric earliest/latest", fn: "rate", rows: [{ v: ["x"], t: 2 }, { v: ["1"], t: 1 }], expected: null },
  { source: "AggFns rate: needs different times", fn: "rate", rows: [{ v: ["5"], t: 1 }, { v: ["9"], t: 1 }], expected: null },
  { source: "AggFns rate", fn: "rate", rows: absent, expected: null },
]);

describe("resolveAggregation and makeAccumulator", () => {
  it("AggFns: aliases resolve to the same spec", () => {
    expect(resolveAggregation("c")?.spec).toBe(resolveAggregation("count")?.spec);
    expect(resolveAggregation("distinct_count")?.spec).toBe(resolveAggregation("dc")?.spec);
    expect(resolveAggregation("mean")?.spec).toBe(resolveAggregation("avg")?.spec);
    expect(resolveAggregation("p95")?.spec).toBe(resolveAggregation("perc95")?.spec);
  });
  it("numbered names carry their percentile, integer or fractional", () => {
    expect(resolveAggregation("perc95")).toMatchObject({ spec: { name: "perc" }, param: 95 });
    expect(resolveAggregation("p99.9")).toMatchObject({ spec: { name: "perc" }, param: 99.9 });
    expect(resolveAggregation("exactperc50")).toMatchObject({ spec: { name: "exactperc" }, param: 50 });
    expect(resolveAggregation("upperperc5")).toMatchObject({ spec: { name: "upperperc" }, param: 5 });
    expect(resolveAggregation("PERC90")).toMatchObject({ spec: { name: "perc" }, param: 90 });
  });
  it("unknown names, bare numbered families and percentiles out of 0-100 are null", () => {
    for (const name of ["nosuch", "perc", "p", "exactperc", "perc101", "p-5", "percentile95", "count5", "perc9x"]) {
      expect(resolveAggregation(name)).toBeNull();
    }
  });
  it("every table entry resolves, except the numbered families written bare", () => {
    for (const [name, spec] of AGGREGATIONS) {
      expect(resolveAggregation(name) === null).toBe(spec.numbered === true);
    }
  });
  it("Q25: count uses its bare form only without an argument", () => {
    const resolved = resolveAggregation("count")!;
    const rows = makeAccumulator(resolved, false);
    const vals = makeAccumulator(resolved, true);
    for (const [seq, values] of [[], ["a", "b"], ["c"], []].entries()) {
      rows.add({ values, time: null, seq });
      vals.add({ values, time: null, seq });
    }
    expect(rows.result()).toBe(4); // bare count: every row
    expect(vals.result()).toBe(3); // count(f): every value; rows without f count nothing
    expect(resolved.spec.bare?.argument).toBe("none");
  });
  it("Example 7.A: count and values(eventName) for the alice group", () => {
    const group = [["A"], ["D"]];
    expect(run("count", group, true)).toBe(2);
    expect(run("values", group)).toEqual(["A", "D"]);
  });
  it("streamstats-style use: result() between adds stays correct (7.2)", () => {
    const acc = makeAccumulator(resolveAggregation("median")!, true);
    const seen: (FieldValue | null)[] = [];
    for (const [seq, x] of [5, 1, 3].entries()) {
      acc.add({ values: [x], time: seq, seq });
      seen.push(acc.result());
    }
    expect(seen).toEqual([5, 5, 3]);
  });
});
