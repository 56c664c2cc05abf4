// bin / bucket (spl-semantics.md 7.10, Example 7.J; Splunk Search Reference "bin"; Search Manual
// "Search using time bins and spans"): `bin [span=..] [bins=N] [minspan=..] [start=..] [end=..]
// [aligntime=..] <field> [AS <newfield>]` replaces each value with its bin.
// - Time bins (the field is _time, or the span has a time unit) give the bin's lower bound as an epoch
//   number. Spans of seconds, minutes and hours count from epoch 0 (UTC) or from aligntime; spans of
//   days, weeks, months, quarters and years start at local midnight / the first of the month in the
//   search's time zone ("a span of a day or more is aligned to midnight in the timezone of the user";
//   aligntime is ignored for them, docs). Multi-day and multi-month spans count from 1970-01-01 local,
//   so weeks start on Thursdays (inferred).
// - Number bins (a span without a unit on another field) give the range `lower-upper`, end not
//   inclusive (Search Manual: bins such as 0-10, 10-20).
// - Without a span the span is inferred from the data (so the command sees every row first): the
//   smallest power of ten that splits [min, max] (widened, never narrowed, by start/end) into at most
//   `bins` bins (default 100, limits.conf [discretize]); minspan is a floor on it (rounded up to a
//   power of ten, inferred). Splunk's choice of automatic *time* spans is not documented, so
//   `bin _time` without span= is refused rather than guessed; so are log spans and
//   aligntime=earliest|latest (the search's time range is not known to commands).
// Rows without the field, and values that are not numbers, are left as they are.
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { relativeTime } from "../values/time.js";
import { SECONDS_PER_DAY, civilFromDays, localToEpoch, offsetAt, resolveZone, type Zone } from "../values/timezone.js";
import { formatNumber, mv, toNumber, valuesOf, type Scalar } from "../values/value.js";
import { badArgument, intOption, readArgs, type OptionArg, type PositionalArg } from "./args.js";
import type { ColumnSpec, CommandPlan, CommandPlanner, PlanContext, Sink } from "./types.js";

const OPTIONS = ["span", "bins", "minspan", "start", "end", "aligntime"];

type TimeUnit = { readonly kind: "seconds"; readonly n: number } | { readonly kind: "days"; readonly n: number } | { readonly kind: "months"; readonly n: number };

// Time scales (bin docs, span-length; SPL2 "Specifying time spans" lists the same names).
const UNITS: ReadonlyMap<string, TimeUnit> = new Map<string, TimeUnit>([
  ...["us"].map((u) => [u, { kind: "seconds", n: 1e-6 }] as const),
  ...["ms"].map((u) => [u, { kind: "seconds", n: 0.001 }] as const),
  ...["cs"].map((u) => [u, { kind: "seconds", n: 0.01 }] as const),
  ...["ds"].map((u) => [u, { kind: "seconds", n: 0.1 }] as const),
  ...["s", "sec", "secs", "second", "seconds"].map((u) => [u, { kind: "seconds", n: 1 }] as const),
  ...["m", "min", "mins", "minute", "minutes"].map((u) => [u, { kind: "seconds", n: 60 }] as const),
  ...["h", "hr", "hrs", "hour", "hours"].map((u) => [u, { kind: "seconds", n: 3600 }] as const),
  ...["d", "day", "days"].map((u) => [u, { kind: "days", n: 1 }] as const),
  ...["w", "week", "weeks"].map((u) => [u, { kind: "days", n: 7 }] as const),
  ...["mon", "month", "months"].map((u) => [u, { kind: "months", n: 1 }] as const),
  ...["q", "qtr", "qtrs", "quarter", "quarters"].map((u) => [u, { kind: "months", n: 3 }] as const),
  ...["y", "yr", "yrs", "year", "years"].map((u) => [u, { kind: "months", n: 12 }] as const),
]);

type SpanSpec = { readonly kind: "number"; readonly size: number; readonly decimals: number } | { readonly kind: "time"; readonly unit: TimeUnit };

function parseSpan(o: OptionArg): SpanSpec {
  if (/log/i.test(o.value)) throw new SplError("unsupported-argument", `Logarithmic spans are not supported by spelunk yet: '${o.value}'`, o.span);
  const m = /^(\d+(?:\.(\d+))?|\.(\d+))?([A-Za-z]+)?$/.exec(o.value);
  if (!m || (m[1] === undefined && m[4] === undefined)) throw badArgument(`Invalid span '${o.value}': expected a number with an optional time unit (s, m, h, d, w, mon, q, y)`, o.span);
  const n = m[1] === undefined ? 1 : Number(m[1]);
  if (!(n > 0)) throw badArgument(`Invalid span '${o.value}': the span must be greater than 0`, o.span);
  if (m[4] === undefined) return { kind: "number", size: n, decimals: (m[2] ?? m[3] ?? "").length };
  const unit = UNITS.get(m[4].toLowerCase());
  if (!unit) throw badArgument(`Invalid span '${o.value}': unknown time unit '${m[4]}'`, o.span);
  if (unit.kind !== "seconds" && !Number.isInteger(n)) throw badArgument(`Invalid span '${o.value}': spans of days or months must be whole numbers`, o.span);
  return { kind: "time", unit: { kind: unit.kind, n: unit.n * n } };
}

function numberOption(o: OptionArg | undefined): number | null {
  if (!o) return null;
  const n = toNumber(o.value);
  if (n === null) throw badArgument(`Invalid value '${o.value}' for option '${o.key}': expected a number`, o.span);
  return n;
}

/** The lower bound of the time bin holding `t`. */
function timeBinner(unit: TimeUnit, zone: Zone, align: number): (t: number) => number {
  if (unit.kind === "seconds") return (t) => align + Math.floor((t - align) / unit.n) * unit.n;
  const localDay = (t: number): number => Math.floor((t + offsetAt(zone, Math.floor(t))) / SECONDS_PER_DAY);
  if (unit.kind === "days")
    return (t) => {
      const { y, m, d } = civilFromDays(Math.floor(localDay(t) / unit.n) * unit.n);
      return localToEpoch(zone, y, m, d, 0, 0, 0);
    };
  return (t) => {
    const { y, m } = civilFromDays(localDay(t));
    const month = Math.floor(((y - 1970) * 12 + m - 1) / unit.n) * unit.n;
    const year = 1970 + Math.floor(month / 12);
    return localToEpoch(zone, year, month - (year - 1970) * 12 + 1, 1, 0, 0, 0);
  };
}

/** The `lower-upper` label of the number bin holding `v`. */
function numberBinner(size: number, decimals: number): (v: number) => string {
  const text = (x: number): string => formatNumber(Number(x.toFixed(Math.min(decimals, 20))));
  return (v) => {
    let q = Math.floor(v / size);
    // 0.3 / 0.1 is 2.9999999999999996 in binary floating point: the bin above is the right one.
    if ((q + 1) * size <= v + size * 1e-9) q++;
    return `${text(q * size)}-${text((q + 1) * size)}`;
  };
}

/** The field and the optional `AS <newfield>`. */
function target(positional: readonly PositionalArg[], command: GenericCommand): { field: string; out: string } {
  const words = positional.map((p) => {
    if (p.arg.kind !== "word" && p.arg.kind !== "quoted") throw badArgument("Expected a field name", p.span);
    return p;
  });
  const [field, as, out, extra] = words;
  if (!field) throw badArgument("The 'bin' command needs a field", command.span);
  if (!as) return { field: field.text, out: field.text };
  if (as.quoted || as.text.toLowerCase() !== "as") throw badArgument("Expected AS <newfield> after the field", as.span);
  if (!out) throw badArgument("Expected a field name after AS", as.span);
  if (extra) throw badArgument("The 'bin' command takes one field", extra.span);
  return { field: field.text, out: out.text };
}

/** Replace the field's numeric values with their bins; a row without a number is left alone. */
function binRow(row: Row, field: string, out: string, binner: (v: number) => Scalar): void {
  const value = row.get(field);
  if (value === undefined) return;
  let changed = false;
  const values = valuesOf(value).map((x) => {
    const n = toNumber(x);
    if (n === null || !Number.isFinite(n)) return x;
    changed = true;
    return binner(n);
  });
  if (changed) row.set(out, mv(values));
}

/** The automatic number span: the smallest power of ten that makes at most `bins` bins. */
function autoBinner(rows: readonly Row[], field: string, opts: { bins: number; start: number | null; end: number | null; minspan: number | null }): ((v: number) => string) | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows)
    for (const x of valuesOf(row.get(field))) {
      const n = toNumber(x);
      if (n === null || !Number.isFinite(n)) continue;
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
    }
  if (lo > hi) return null;
  // start and end only widen the range (docs).
  if (opts.start !== null) lo = Math.min(lo, opts.start);
  if (opts.end !== null) hi = Math.max(hi, opts.end);
  const raw = Math.max((hi - lo) / opts.bins, opts.minspan ?? 0);
  // A single value (no range) gets bins of 1 (inferred).
  const exponent = raw > 0 ? Math.ceil(Math.log10(raw) - 1e-12) : 0;
  return numberBinner(10 ** exponent, Math.max(0, -exponent));
}

export const planBin: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, OPTIONS);
  const { field, out } = target(args.positional, command);
  const spanOpt = args.options.get("span");
  const binsOpt = args.options.get("bins");
  const bins = intOption(binsOpt, 100, 1);
  const start = numberOption(args.options.get("start"));
  const end = numberOption(args.options.get("end"));
  const minspanOpt = args.options.get("minspan");
  const minspan = numberOption(minspanOpt);
  if (minspan !== null && minspanOpt && !(minspan > 0)) throw badArgument("minspan must be greater than 0", minspanOpt.span);
  const align = alignment(args.options.get("aligntime"), ctx);

  let binner: ((v: number) => Scalar) | null = null;
  if (spanOpt) {
    // span wins over bins (Search Manual: "if span and bins are both given, bins is ignored").
    const span = parseSpan(spanOpt);
    if (span.kind === "number" && field !== "_time") binner = numberBinner(span.size, span.decimals);
    else {
      const unit: TimeUnit = span.kind === "number" ? { kind: "seconds", n: span.size } : span.unit;
      binner = timeBinner(unit, resolveZone(ctx.eval.tz), align);
    }
  } else if (field === "_time") {
    throw new SplError(
      "unsupported-argument",
      "spelunk cannot infer a time span for 'bin _time' (Splunk's automatic time spans are not documented): give span=, for example span=1h",
      binsOpt?.span ?? command.span,
    );
  }
  return binPlan(command, field, out, binner, { bins, start, end, minspan });
};

/** aligntime=<time-specifier>: an epoch or a relative time from the search's start ("@d+3h"). */
function alignment(o: OptionArg | undefined, ctx: PlanContext): number {
  if (!o) return 0;
  if (/^(earliest|latest)$/i.test(o.value))
    throw new SplError("unsupported-argument", `aligntime=${o.value} needs the search's time range, which spelunk does not give to commands yet: use a time such as @d+3h`, o.span);
  const t = relativeTime(ctx.eval.now, o.value, ctx.eval.tz);
  if (t === null) throw badArgument(`Invalid aligntime '${o.value}': expected an epoch time or a relative time such as @d+3h`, o.span);
  return t;
}

function binPlan(command: GenericCommand, field: string, out: string, binner: ((v: number) => Scalar) | null, auto: Parameters<typeof autoBinner>[2]): CommandPlan {
  return {
    name: "bin",
    span: command.span,
    // Without a span the bins depend on every row's value.
    streaming: binner !== null,
    make: (next): Sink => {
      if (binner !== null)
        return {
          push(row) {
            binRow(row, field, out, binner);
            next.push(row);
          },
          finish() {
            next.finish();
          },
        };
      const held: Row[] = [];
      return {
        push(row) {
          held.push(row);
        },
        finish() {
          const inferred = autoBinner(held, field, auto);
          for (const row of held) {
            if (inferred) binRow(row, field, out, inferred);
            next.push(row);
          }
          held.length = 0;
          next.finish();
        },
      };
    },
    // AS adds a field to a fixed column list (as eval does); binning in place creates nothing new.
    columns(input: ColumnSpec): ColumnSpec {
      if (input === null || out === field || input.some((c) => !c.wildcard && c.name === out)) return input;
      return [...input, { name: out, wildcard: false }];
    },
  };
}

