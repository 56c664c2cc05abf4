// lookup (Search Reference "lookup" [S38]; spl-semantics.md 7.11):
//   lookup [local=<bool>] [update=<bool>] <table> (<lookup-field> [AS <event-field>])...
//          [OUTPUT | OUTPUTNEW (<lookup-destfield> [AS <event-destfield>])...]
// Fields are separated by spaces or commas; OUTPUT, OUTPUTNEW and AS are case-insensitive keywords
// (unless quoted). The table comes from PlanContext.lookups (src/lookups) and is resolved at plan time.
//
// For each row, every value of the event fields is looked up (a multivalue field value by value); each
// value takes at most max_matches rows in file order, padded with default_match up to min_matches
// (src/lookups/settings.ts). Every output is the list of the matched rows' cells, empty cells left out,
// as one value or a multivalue field.
// - No OUTPUT clause: every table field except the match fields, as OUTPUT.
// - OUTPUT overwrites the output fields. Reading chosen: it does so even when nothing matched, so an
//   existing output field is removed ("OUTPUT overwrites", 7.11; only OUTPUTNEW keeps fields).
// - OUTPUTNEW sets only the output fields the row does not have (S38: the lookup is not performed for
//   events in which the output fields already exist; with several outputs, each is decided on its own).
// - A row without one of the event fields is not looked up at all: it passes unchanged, and gets no
//   default_match (reading chosen; Knowledge Manager manual, field matching rules: "Splunk software
//   treats NULL values as matching values and does not replace them with the default_match value").
// - local= and update= are accepted: they only choose where the lookup runs and refresh real-time
//   searches (S38), neither of which changes the results of an offline search.
import type { Row } from "../events/row.js";
import { lookupMatcher } from "../lookups/match.js";
import { requireLookup, rulesAt } from "../lookups/require.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { mv, toText, valuesOf } from "../values/value.js";
import { badArgument, boolOption, readArgs, type PositionalArg } from "./args.js";
import { addColumns, streamingMap, type CommandPlanner } from "./types.js";

interface Token {
  readonly text: string;
  /** Quoted names are never keywords. */
  readonly quoted: boolean;
  readonly span: Span;
}

interface FieldPair {
  /** The lookup table's field. */
  readonly table: string;
  /** The row's field. */
  readonly event: string;
  readonly span: Span;
}

/** Positional arguments as field-name tokens: commas separate like spaces. */
export function fieldTokens(args: readonly PositionalArg[]): Token[] {
  const out: Token[] = [];
  for (const a of args) {
    if (a.arg.kind === "parens" || a.arg.kind === "subsearch") throw badArgument("expected a field name", a.span);
    if (a.quoted) {
      out.push({ text: a.text, quoted: true, span: a.span });
      continue;
    }
    let offset = a.span.start;
    for (const part of a.text.split(",")) {
      if (part !== "") out.push({ text: part, quoted: false, span: { start: offset, end: offset + part.length } });
      offset += part.length + 1;
    }
  }
  return out;
}

const keyword = (t: Token | undefined, ...words: string[]): boolean => t !== undefined && !t.quoted && words.includes(t.text.toUpperCase());

/** `<field> [AS <name>]` pairs from `tokens[i]` until a token that `stop` accepts. */
function readPairs(tokens: readonly Token[], i: number, stop: (t: Token) => boolean): { pairs: FieldPair[]; next: number } {
  const pairs: FieldPair[] = [];
  while (i < tokens.length && !stop(tokens[i]!)) {
    const field = tokens[i]!;
    if (keyword(field, "AS")) throw badArgument("expected a field name before AS", field.span);
    if (keyword(tokens[i + 1], "AS")) {
      const as = tokens[i + 1]!;
      const name = tokens[i + 2];
      if (!name || keyword(name, "AS", "OUTPUT", "OUTPUTNEW")) throw badArgument("expected a field name after AS", as.span);
      pairs.push({ table: field.text, event: name.text, span: field.span });
      i += 3;
    } else {
      pairs.push({ table: field.text, event: field.text, span: field.span });
      i += 1;
    }
  }
  return { pairs, next: i };
}

export const planLookup: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["local", "update"]);
  boolOption(args.options.get("local"), false);
  boolOption(args.options.get("update"), false);
  const tokens = fieldTokens(args.positional);
  const nameToken = tokens[0];
  if (!nameToken) throw badArgument("The 'lookup' command needs a lookup table name", command.nameSpan);

  const isOutput = (t: Token) => keyword(t, "OUTPUT", "OUTPUTNEW");
  const inputs = readPairs(tokens, 1, isOutput);
  if (inputs.pairs.length === 0) throw badArgument("The 'lookup' command needs at least one field to match", (tokens[1] ?? nameToken).span);
  let mode: "OUTPUT" | "OUTPUTNEW" = "OUTPUT";
  let outputs: FieldPair[] | null = null;
  const clause = tokens[inputs.next];
  if (clause) {
    mode = clause.text.toUpperCase() as "OUTPUT" | "OUTPUTNEW";
    const read = readPairs(tokens, inputs.next + 1, isOutput);
    if (read.next < tokens.length) throw badArgument("only one OUTPUT or OUTPUTNEW clause is allowed", tokens[read.next]!.span);
    if (read.pairs.length === 0) throw badArgument(`expected a field name after ${clause.text}`, clause.span);
    outputs = read.pairs;
  }

  const table = requireLookup(ctx, nameToken.text, nameToken.span);
  const rules = rulesAt(table, nameToken.span);
  const known = new Set(table.fields);
  for (const p of inputs.pairs)
    if (!known.has(p.table))
      throw badArgument(`Could not find all of the specified lookup fields in the lookup table: '${p.table}' is not a field of '${table.name}' (${table.fields.join(", ")})`, p.span);
  for (const p of outputs ?? [])
    if (!known.has(p.table))
      throw badArgument(`Could not find all of the specified destination fields in the lookup table: '${p.table}' is not a field of '${table.name}' (${table.fields.join(", ")})`, p.span);
  const matchFields = new Set(inputs.pairs.map((p) => p.table));
  const outs = outputs ?? table.fields.filter((f) => !matchFields.has(f)).map((f) => ({ table: f, event: f, span: nameToken.span }));

  const matcher = lookupMatcher(table, rules, inputs.pairs.map((p) => p.table));
  const rows = table.rows;

  /** Matched row indexes (null: a default_match row) for every combination of the event values. */
  const matches = (keys: readonly (readonly string[])[]): Array<number | null> => {
    const found: Array<number | null> = [];
    const combo: string[] = [];
    const walk = (k: number): void => {
      if (k === keys.length) {
        const hit = matcher.match(combo, rules.maxMatches);
        found.push(...hit);
        for (let n = hit.length; n < rules.minMatches; n++) found.push(null);
        return;
      }
      for (const v of keys[k]!) {
        combo[k] = v;
        walk(k + 1);
      }
    };
    walk(0);
    return found;
  };

  const apply = (row: Row): void => {
    const keys = inputs.pairs.map((p) => valuesOf(row.get(p.event)).map(toText));
    if (keys.some((k) => k.length === 0)) return;
    const found = matches(keys);
    for (const o of outs) {
      const values: string[] = [];
      for (const idx of found) {
        const v = idx === null ? rules.defaultMatch : (rows[idx]!.get(o.table) ?? "");
        if (v !== "") values.push(v);
      }
      const value = mv(values);
      if (mode === "OUTPUT") row.set(o.event, value);
      else if (value !== null && row.get(o.event) === undefined) row.set(o.event, value);
    }
  };

  return {
    name: "lookup",
    span: command.span,
    streaming: true,
    make: streamingMap(apply),
    columns: (input) => addColumns(input, outs.map((o) => o.event)),
  };
};
