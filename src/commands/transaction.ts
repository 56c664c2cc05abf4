// transaction (Splunk Search Reference "transaction"): `transaction [<field>...] [maxspan=] [maxpause=]
// [maxevents=] [startswith=] [endswith=] [keepevicted=] [mvlist=] [nullstr=]` groups events into
// transactions: one result per transaction with the _time of its earliest member, _raw of every
// member (oldest first, one per line), the union of the members' other fields, and duration,
// eventcount, closed_txn, field_match_sum and linecount (the page's Extended example 7 lists them).
//
// How it runs. The page says the command reads events newest first ("Descending chronological order
// required"; "because the transaction command sees events in reverse chronological order, it closes a
// transaction when it satisfies the start condition"), so:
// - Each event joins the open transaction that shares one of the fields' values with it and has no
//   other value for a field it has (so event=1 host=a, event=2 host=a cookie=b, event=3 cookie=b make
//   one transaction, Usage "Specifying multiple fields"); events without any of the fields belong to
//   none (inferred). Without fields every event can join the open transaction.
// - An event matching endswith opens a new transaction (the one open before it never got its end).
//   An event matching startswith joins and then closes its transaction.
// - maxspan (the first member to arrive minus this event's time), maxpause (the previous member's time
//   minus this event's) and maxevents close the open transaction when the event would break them, and
//   the event opens a new one. Measuring from the first arrival reproduces the page's example of events
//   in ascending order, which maxspan=11s leaves in one 90-second transaction. "Events that exceed the
//   maxspan limit" start a new transaction: a span equal to the limit still fits (the page also says
//   "must span less than"; the reading is a choice).
// - closed_txn is 1 for a transaction closed by startswith, maxspan, maxpause or maxevents, else 0
//   (keepevicted). A transaction that lacks its startswith or endswith event is evicted: output only
//   with keepevicted=true, with closed_txn=0. Without startswith and endswith, the transactions still
//   open when the events run out are output with closed_txn=0, as the page's example 7 shows.
// - Merged fields: mvlist=false gives the distinct values in lexicographic order; mvlist=true (or a
//   list of fields) every member's values in time order (the page's "arrival order"; inferred), with
//   nullstr for a member without the field.
// - connected (default true): with connected=false an event may join a transaction that holds none of
//   its values, if none of them conflicts (a Splunk engineer's answer, "what does connected mean in
//   transaction", community.splunk.com/t5/Splunk-Search/what-does-connected-mean-in-transaction/m-p/9718).
//   With one field it changes nothing: every transaction holds a value of that field, so an event
//   joins only the one with its value either way. With several fields, which transaction such an
//   event joins is not documented: connected=false is then an error.
// Transactions come out newest first (by their _time). Not supported (errors): unifyends, keeporphans,
// maxopentxn, maxopenevents, mvraw, delim, name.
import { SplError } from "../diagnostics.js";
import { MapRow, type Row } from "../events/row.js";
import { compileExpr } from "../functions/compile.js";
import type { GenericCommand } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { compareStrings, mv, toText, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, boolOption, fieldNames, intOption, parseEvalAt, readArgs, type OptionArg, type PositionalArg } from "./args.js";
import { compileSearch } from "./search.js";
import type { CommandPlanner, PlanContext, Sink } from "./types.js";

const OPTIONS = ["maxspan", "maxpause", "maxevents", "startswith", "endswith", "keepevicted", "mvlist", "nullstr", "connected"];

type Filter = (row: Row) => boolean;

const SECONDS: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** maxspan/maxpause=<int>[s|m|h|d]; a negative value is no limit (null). */
function durationOption(o: OptionArg | undefined): number | null {
  if (!o) return null;
  const m = /^(-?\d+)([smhd]?)$/i.exec(o.value);
  if (!m) throw badArgument(`Invalid value '${o.value}' for option '${o.key}': expected <int>[s|m|h|d]`, o.span);
  const n = Number(m[1]) * SECONDS[m[2]!.toLowerCase()]!;
  return n < 0 ? null : n;
}

/** A search expression written inside the query at `offset`, parsed as `search <text>`. */
function searchFilter(ctx: PlanContext, text: string, offset: number): Filter {
  const prefix = "search ";
  const shift = offset - prefix.length;
  try {
    const command = parse(prefix + text).commands;
    const only = command[0];
    if (command.length !== 1 || only?.kind !== "search" || !only.expr) throw new SplError("bad-argument", "Expected a search expression", { start: prefix.length, end: prefix.length + text.length });
    return compileSearch(only.expr, ctx.eval);
  } catch (e) {
    const span = e instanceof SplError ? e.diagnostic.span : null;
    if (!(e instanceof SplError) || !span) throw e;
    const at = (n: number): number => Math.max(offset, n + shift);
    throw new SplError(e.diagnostic.code, e.message, { start: at(span.start), end: at(span.end) });
  }
}

/** startswith=/endswith=: a search expression (quoted, bare or in parentheses) or eval(<expr>). A
 * parenthesised group follows the option at once: `endswith=eval(...)`, `startswith=(a=b)`. */
function filterOption(o: OptionArg | undefined, positional: readonly PositionalArg[], used: Set<PositionalArg>, ctx: PlanContext): Filter | null {
  if (!o) return null;
  const group = positional.find((p) => p.arg.kind === "parens" && p.span.start === o.span.end);
  if (group) {
    used.add(group);
    if (o.value.toLowerCase() === "eval") {
      const fn = compileExpr(parseEvalAt(ctx, { start: group.span.start + 1, end: group.span.end - 1 }), ctx.eval);
      return (row) => fn(row) === true;
    }
    if (o.value === "") return searchFilter(ctx, ctx.source.slice(group.span.start, group.span.end), group.span.start);
  }
  if (o.value === "" || group) throw badArgument(`Invalid value for option '${o.key}': expected a search expression or eval(<expression>)`, o.span);
  return searchFilter(ctx, o.value, o.span.end - o.value.length - (o.quoted ? 1 : 0));
}

/** mvlist=true|false|<field-list>: which merged fields list every member's values. */
function mvlistOption(o: OptionArg | undefined): (field: string) => boolean {
  if (!o) return () => false;
  if (/^(true|t|1|yes|y|false|f|0|no|n)$/i.test(o.value)) {
    const all = boolOption(o, false);
    return () => all;
  }
  const fields = new Set(o.value.split(/[\s,]+/).filter((f) => f !== ""));
  return (f) => fields.has(f);
}

interface Member {
  readonly row: Row;
  readonly time: number | null;
  readonly seq: number;
}

interface Txn {
  readonly members: Member[];
  /** The values of the transaction's fields seen so far. */
  readonly values: Map<string, string>;
  /** Time of the first member to arrive (maxspan) and of the last (maxpause). */
  anchor: number | null;
  last: number | null;
  hasStart: boolean;
  hasEnd: boolean;
  touched: number;
}

function rowTime(row: Row): number | null {
  const t = row.get("_time");
  if (typeof t === "number") return t;
  return typeof t === "string" && t.trim() !== "" && Number.isFinite(Number(t)) ? Number(t) : null;
}

export const planTransaction: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, OPTIONS);
  const used = new Set<PositionalArg>();
  const startswith = filterOption(args.options.get("startswith"), args.positional, used, ctx);
  const endswith = filterOption(args.options.get("endswith"), args.positional, used, ctx);
  const rest = args.positional.filter((p) => !used.has(p));
  const odd = rest.find((p) => p.arg.kind !== "word" && p.arg.kind !== "quoted");
  if (odd) throw badArgument("transaction: expected a field name or an option", odd.span);
  const fields = fieldNames(rest).map((f) => f.name);
  const connected = args.options.get("connected");
  if (!boolOption(connected, true) && new Set(fields).size > 1)
    throw new SplError("unsupported-argument", "transaction connected=false with several fields is not supported: which transaction an event that shares no value joins is not documented (with one field, connected=false changes nothing)", connected!.span);
  const maxspan = durationOption(args.options.get("maxspan"));
  const maxpause = durationOption(args.options.get("maxpause"));
  const maxevents = intOption(args.options.get("maxevents"), 1000, Number.MIN_SAFE_INTEGER);
  const keepevicted = boolOption(args.options.get("keepevicted"), false);
  const listed = mvlistOption(args.options.get("mvlist"));
  const nullstr = args.options.get("nullstr")?.value ?? "NULL";

  /** The transaction fields an event has, as text. */
  const keyValues = (row: Row): Map<string, string> => {
    const out = new Map<string, string>();
    for (const f of fields) {
      const v = row.get(f);
      if (v !== undefined) out.set(f, valuesOf(v).map(toText).join("\n"));
    }
    return out;
  };

  const breaks = (t: Txn, time: number | null): boolean =>
    (maxevents >= 0 && t.members.length >= maxevents) ||
    (maxspan !== null && time !== null && t.anchor !== null && t.anchor - time > maxspan) ||
    (maxpause !== null && time !== null && t.last !== null && t.last - time > maxpause);

  /** The result row of a transaction. */
  const build = (t: Txn, closed: boolean): MapRow => {
    const members = [...t.members].sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || b.seq - a.seq);
    const times = members.map((m) => m.time).filter((x): x is number => x !== null);
    const out = new Map<string, FieldValue>();
    const names: string[] = [];
    const seen = new Set<string>();
    for (const m of members)
      for (const n of m.row.names())
        if (!seen.has(n) && n !== "_time" && n !== "_raw") {
          seen.add(n);
          names.push(n);
        }
    for (const name of names) {
      const per = members.map((m) => valuesOf(m.row.get(name)));
      let merged: readonly Scalar[];
      if (listed(name)) merged = per.flatMap((vs) => (vs.length === 0 ? [nullstr] : vs));
      else {
        const distinct = new Map<string, Scalar>();
        for (const vs of per) for (const v of vs) if (!distinct.has(toText(v))) distinct.set(toText(v), v);
        merged = [...distinct.keys()].sort(compareStrings).map((k) => distinct.get(k)!);
      }
      const value = mv(merged);
      if (value !== null) out.set(name, value);
    }
    const raws = members.map((m) => m.row.get("_raw"));
    if (raws.some((r) => r !== undefined)) out.set("_raw", raws.map((r) => valuesOf(r).map(toText).join("\n")).join("\n"));
    const earliest = times.reduce((a, b) => Math.min(a, b), Infinity);
    const latest = times.reduce((a, b) => Math.max(a, b), -Infinity);
    if (times.length > 0) out.set("_time", earliest);
    out.set("duration", times.length > 0 ? latest - earliest : 0);
    out.set("eventcount", members.length);
    out.set("closed_txn", closed ? 1 : 0);
    out.set("field_match_sum", members.reduce((s, m) => s + fields.filter((f) => m.row.get(f) !== undefined).length, 0));
    out.set("linecount", raws.reduce((s: number, r) => s + (r === undefined ? 1 : valuesOf(r).map(toText).join("\n").split("\n").length), 0));
    return new MapRow(out);
  };

  return {
    name: "transaction",
    span: command.span,
    streaming: false,
    make(next: Sink): Sink {
      const open = new Set<Txn>();
      const index = new Map<string, Set<Txn>>();
      const results: Array<{ row: MapRow; time: number | null }> = [];
      let seq = 0;
      const indexKey = (f: string, v: string): string => `${f}\u0000${v}`;

      const close = (t: Txn, closedBy: boolean): void => {
        open.delete(t);
        for (const [f, v] of t.values) index.get(indexKey(f, v))?.delete(t);
        const complete = (!startswith || t.hasStart) && (!endswith || t.hasEnd);
        if (!complete && !keepevicted) return;
        const row = build(t, complete && closedBy);
        const time = row.get("_time");
        results.push({ row, time: typeof time === "number" ? time : null });
      };

      /** The open transaction this event can join: it shares a value and contradicts none. */
      const find = (values: Map<string, string>): Txn | null => {
        if (fields.length === 0) return open.values().next().value ?? null;
        let best: Txn | null = null;
        for (const [f, v] of values)
          for (const t of index.get(indexKey(f, v)) ?? [])
            if ([...values].every(([g, w]) => (t.values.get(g) ?? w) === w) && (!best || t.touched > best.touched)) best = t;
        return best;
      };

      return {
        push(row) {
          const values = keyValues(row);
          if (fields.length > 0 && values.size === 0) return;
          const time = rowTime(row);
          const isEnd = endswith?.(row) ?? false;
          const isStart = startswith?.(row) ?? false;
          let t = find(values);
          if (t && isEnd) {
            close(t, false);
            t = null;
          }
          if (t && breaks(t, time)) {
            close(t, true);
            t = null;
          }
          if (!t) {
            t = { members: [], values: new Map(), anchor: time, last: time, hasStart: false, hasEnd: isEnd, touched: 0 };
            open.add(t);
          }
          t.members.push({ row, time, seq });
          t.touched = seq++;
          if (time !== null) t.last = time;
          for (const [f, v] of values)
            if (!t.values.has(f)) {
              t.values.set(f, v);
              const key = indexKey(f, v);
              const set = index.get(key);
              if (set) set.add(t);
              else index.set(key, new Set([t]));
            }
          if (isStart) {
            t.hasStart = true;
            close(t, true);
          }
        },
        finish() {
          for (const t of [...open]) close(t, false);
          // Newest first; transactions with the same time in the order they were closed.
          const newest = (x: number | null): number => x ?? Number.NEGATIVE_INFINITY;
          results.sort((a, b) => (newest(b.time) > newest(a.time) ? 1 : newest(b.time) < newest(a.time) ? -1 : 0));
          for (const r of results) next.push(r.row);
          results.length = 0;
          next.finish();
        },
      };
    },
    columns: () => null,
  };
};

