// top and rare (Splunk Search Reference "top", "rare"): `top [N] [options] <field-list> [BY <field-list>]`
// counts each combination of the fields' values and keeps the most common (top) or least common (rare)
// ones, per combination of the by-fields, with a count and a percent.
// - A row missing one of the fields, or one of the by-fields, is not counted; a multivalue field counts
//   under each of its values (as stats by, spl-semantics.md 7.1, 10.4).
// - percent is the share of the rows counted in the group (the pages: "the percentage of events ...
//   that contain the field values"), printed with six decimals as the top page's example shows
//   (33.333333).
// - Order: top by count descending, ties lexicographically last first: the top page ("Lexicographic
//   order of results") shows `top limit=1` keeping the lexicographically last of equal counts. rare is
//   "identical to top" with the order reversed: count ascending, ties lexicographically first first.
//   Groups come in by-field order, as stats groups do (10.3; the top page's example lists Alex, Kai,
//   Morgan).
// - The OTHER row (top useother=true) holds the rows past the limit, and is added only when there are
//   some (inferred).
// rare takes neither N nor useother/otherstr: its page lists neither.
import { MapRow, type Row } from "../events/row.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { compareStrings, formatFixed, toText, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, intOption, readArgs, type CommandArgs } from "./args.js";
import { countOf, piecesOf } from "./rowcommands-util.js";
import type { CommandPlan, Sink } from "./types.js";

interface Mode {
  readonly name: "top" | "rare";
  readonly options: readonly string[];
  readonly takesCount: boolean;
  /** Compares two counts: most common first for top, least common first for rare. */
  readonly byCount: (a: number, b: number) => number;
  /** Ties: lexicographically last first for top, first first for rare. */
  readonly byValue: (a: readonly Scalar[], b: readonly Scalar[]) => number;
}

function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareStrings(toText(a[i]!), toText(b[i]!));
    if (c !== 0) return c;
  }
  return 0;
}

export const TOP: Mode = {
  name: "top",
  options: ["countfield", "limit", "otherstr", "percentfield", "showcount", "showperc", "useother"],
  takesCount: true,
  byCount: (a, b) => b - a,
  byValue: (a, b) => compareTuples(b, a),
};

export const RARE: Mode = {
  name: "rare",
  options: ["countfield", "limit", "percentfield", "showcount", "showperc"],
  takesCount: false,
  byCount: (a, b) => a - b,
  byValue: compareTuples,
};

interface Fields {
  readonly fields: readonly string[];
  readonly by: readonly string[];
  readonly count: number | null;
}

/** `[N] <field-list> [BY <field-list>]`, commas allowed between fields. */
function readFields(args: CommandArgs, mode: Mode): Fields {
  const first = args.positional[0];
  const count = countOf(first);
  if (count !== null && !mode.takesCount) throw badArgument(`The '${mode.name}' command takes limit=, not a leading count`, first!.span);
  const pieces = piecesOf(count === null ? args.positional : args.positional.slice(1));
  const fields: string[] = [];
  const by: string[] = [];
  let target = fields;
  let bySpan: Span | null = null;
  for (const p of pieces) {
    if (p.arg.kind !== "word" && p.arg.kind !== "quoted") throw badArgument(`${mode.name}: expected a field name`, p.span);
    if (!p.quoted && p.text.toLowerCase() === "by" && target === fields) {
      target = by;
      bySpan = p.span;
      continue;
    }
    target.push(p.text);
  }
  if (fields.length === 0) throw badArgument(`The '${mode.name}' command needs at least one field`, args.command.span);
  if (bySpan && by.length === 0) throw badArgument("Expected a field name after BY", bySpan);
  return { fields, by, count };
}

/** Every combination of the fields' values (a multivalue field gives one per value); none when a
 * field is missing. */
function combinations(row: Row, fields: readonly string[]): Scalar[][] {
  let combos: Scalar[][] = [[]];
  for (const f of fields) {
    const values = valuesOf(row.get(f));
    if (values.length === 0) return [];
    combos = combos.flatMap((c) => values.map((v) => [...c, v]));
  }
  return combos;
}

const keyOf = (values: readonly Scalar[]): string => values.map(toText).join("\u0000");

interface Tally {
  readonly values: readonly Scalar[];
  count: number;
}

interface Group {
  readonly values: readonly Scalar[];
  readonly tallies: Map<string, Tally>;
  total: number;
}

export function planCounting(command: GenericCommand, mode: Mode): CommandPlan {
  const args = readArgs(command, mode.options);
  const { fields, by, count } = readFields(args, mode);
  const limitOption = args.options.get("limit");
  if (count !== null && limitOption) throw badArgument(`${mode.name} takes a count or limit=, not both`, limitOption.span);
  const limit = count ?? intOption(limitOption, 10);
  const countField = args.options.get("countfield")?.value ?? "count";
  const percentField = args.options.get("percentfield")?.value ?? "percent";
  const showCount = boolOption(args.options.get("showcount"), true);
  const showPerc = boolOption(args.options.get("showperc"), true);
  const useOther = boolOption(args.options.get("useother"), false);
  const otherStr = args.options.get("otherstr")?.value ?? "OTHER";
  const outputs = [...by, ...fields, ...(showCount ? [countField] : []), ...(showPerc ? [percentField] : [])];

  const emit = (next: Sink, group: Group, values: readonly Scalar[], n: number): void => {
    const out = new Map<string, FieldValue>();
    by.forEach((f, i) => out.set(f, group.values[i]!));
    fields.forEach((f, i) => out.set(f, values[i]!));
    if (showCount) out.set(countField, n);
    if (showPerc) out.set(percentField, formatFixed((n / group.total) * 100, 6));
    next.push(new MapRow(out));
  };

  return {
    name: mode.name,
    span: command.span,
    streaming: false,
    // Counts and the value order of ties do not depend on the order rows arrive in.
    orderSensitive: false,
    make(next: Sink): Sink {
      const groups = new Map<string, Group>();
      return {
        push(row) {
          const groupKeys = combinations(row, by);
          if (groupKeys.length === 0) return;
          const tuples = combinations(row, fields);
          for (const g of groupKeys) {
            const gk = keyOf(g);
            let group = groups.get(gk);
            if (!group) {
              group = { values: g, tallies: new Map(), total: 0 };
              groups.set(gk, group);
            }
            for (const t of tuples) {
              const tk = keyOf(t);
              const tally = group.tallies.get(tk);
              if (tally) tally.count++;
              else group.tallies.set(tk, { values: t, count: 1 });
              group.total++;
            }
          }
        },
        finish() {
          const sorted = [...groups.values()].filter((g) => g.total > 0).sort((a, b) => compareTuples(a.values, b.values));
          for (const group of sorted) {
            const ranked = [...group.tallies.values()].sort((a, b) => mode.byCount(a.count, b.count) || mode.byValue(a.values, b.values));
            const n = limit === 0 ? ranked.length : Math.min(limit, ranked.length);
            for (const t of ranked.slice(0, n)) emit(next, group, t.values, t.count);
            const rest = ranked.slice(n);
            if (useOther && rest.length > 0)
              emit(
                next,
                group,
                fields.map(() => otherStr),
                rest.reduce((s, t) => s + t.count, 0),
              );
          }
          groups.clear();
          next.finish();
        },
      };
    },
    columns: () => outputs.map((name) => ({ name, wildcard: false })),
  };
}

export const planTop = (command: GenericCommand): CommandPlan => planCounting(command, TOP);
