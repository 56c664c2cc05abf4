// convert (spl-semantics.md 7.12, Example 7.J, Example 2.B; Search Reference "convert", S38):
// `convert [timeformat=<string>] (<function>(<wc-field>) [AS <field>])...`. Each function rewrites the
// values of the fields it names (wildcards allowed), in place or into the AS field, "the original field
// and values remain intact". none(<wc-field>) keeps matching fields out of the other functions'
// wildcards. ctime and mktime use timeformat (default %m/%d/%Y %H:%M:%S) in the search's time zone.
import type { Row } from "../events/row.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { strftime, strptime } from "../values/time.js";
import { isNumericString, mv, toNumber, toText, valuesOf, type FieldValue, type Scalar } from "../values/value.js";
import { badArgument, readArgs, type PositionalArg } from "./args.js";
import { fieldPattern, fillWildcards, wildcardCaptures, type FieldPattern } from "./fieldlist.js";
import { fieldInParens, isCall, piecesOf, withColumns } from "./rowcommands-util.js";
import type { CommandPlanner } from "./types.js";

export const DEFAULT_TIMEFORMAT = "%m/%d/%Y %H:%M:%S";

interface ConvertContext {
  readonly timeformat: string;
  readonly tz: string;
}

/**
 * What happens to a value a function cannot convert: `keep` it as it is (not documented for most
 * functions; spelunk converts only what it can read), leave the whole field `untouched` when any value
 * fails (auto: "if not all values ... can be converted ..., the field is left untouched"), or `remove`
 * the value (num: "like auto(), except non-convertible values are removed").
 */
type Unconvertible = "keep" | "untouched" | "remove";

interface ConvertFunction {
  /** The converted value, or null when this value cannot be converted. */
  convert(v: Scalar, ctx: ConvertContext): Scalar | null;
  readonly unconvertible: Unconvertible;
}

/** A number at the start of a text (rmunit). */
const LEADING_NUMBER = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/;
/** A number followed by a unit made of letters only ("5kb", "2.5 GB"): what auto reads past. */
const NUMBER_WITH_UNIT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*[A-Za-z]+\s*$/;
/** [D+]HH:MM:SS (dur2sec). */
const DURATION = /^\s*(?:(\d+)\+)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/;
/** [MM:]SS.SSS (mstime). */
const MINUTES_SECONDS = /^\s*(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/;
/** A positive number and an optional k, m or g (memk). */
const MEMORY = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kKmMgG]?)\s*$/;
const KILOBYTES_PER: Readonly<Record<string, number>> = { "": 1, k: 1, m: 1024, g: 1024 * 1024 };

/**
 * auto's "best conversion" (the Search Reference does not list the conversions it tries; [inferred]):
 * a number as it is, then the text without its commas, then a number followed by a unit of letters.
 * Text stays text, as rmcomma's documented output "1000000.00" does; numbers from eval stay numbers.
 */
function autoNumber(v: Scalar): Scalar | null {
  if (typeof v === "number") return v;
  if (isNumericString(v)) return v;
  const bare = v.replace(/,/g, "");
  if (/\d/.test(bare) && isNumericString(bare)) return bare;
  return NUMBER_WITH_UNIT.exec(bare)?.[1] ?? null;
}

const FUNCTIONS: ReadonlyMap<string, ConvertFunction> = new Map<string, ConvertFunction>([
  // "Convert an epoch time to an ascii human readable time."
  ["ctime", { unconvertible: "keep", convert: (v, c) => { const n = toNumber(v); return n === null ? null : strftime(n, c.timeformat, c.tz); } }],
  // "Convert a human readable time string to an epoch time."
  ["mktime", { unconvertible: "keep", convert: (v, c) => strptime(toText(v), c.timeformat, c.tz) }],
  // "Convert a duration format [D+]HH:MM:SS to seconds."
  ["dur2sec", { unconvertible: "keep", convert: (v) => {
    const m = DURATION.exec(toText(v));
    return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : null;
  } }],
  // "Convert a [MM:]SS.SSS format to seconds."
  ["mstime", { unconvertible: "keep", convert: (v) => {
    const m = MINUTES_SECONDS.exec(toText(v));
    return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : null;
  } }],
  // "A positive number followed by an optional k, m or g ... If no letter is specified, kilobytes is
  // assumed. The output field is a number expressing quantity of kilobytes."
  ["memk", { unconvertible: "keep", convert: (v) => {
    const m = MEMORY.exec(toText(v));
    return m ? Number(m[1]) * KILOBYTES_PER[(m[2] ?? "").toLowerCase()]! : null;
  } }],
  // "Removes all commas from value, for example rmcomma(1,000,000.00) returns 1000000.00."
  ["rmcomma", { unconvertible: "keep", convert: (v) => (typeof v === "number" ? v : v.replace(/,/g, "")) }],
  // "Looks for numbers at the beginning of the value and removes trailing text."
  ["rmunit", { unconvertible: "keep", convert: (v) => (typeof v === "number" ? v : LEADING_NUMBER.exec(v)?.[1] ?? null) }],
  ["auto", { unconvertible: "untouched", convert: autoNumber }],
  ["num", { unconvertible: "remove", convert: autoNumber }],
]);

/** The new value of a field, or `untouched` when nothing changes. */
function convertField(v: FieldValue, fn: ConvertFunction, ctx: ConvertContext): FieldValue | null | "untouched" {
  const values = valuesOf(v);
  const results = values.map((x) => fn.convert(x, ctx));
  if (fn.unconvertible === "untouched" && results.includes(null)) return "untouched";
  if (fn.unconvertible === "remove") return mv(results.filter((r): r is Scalar => r !== null));
  return mv(results.map((r, i) => r ?? values[i]!));
}

interface Conversion {
  readonly fn: ConvertFunction;
  readonly source: FieldPattern;
  /** The AS field (may hold wildcards filled from the source's), or null to convert in place. */
  readonly target: string | null;
}

/** Reads `fn(field) [AS name]` groups, commas between them allowed; none() patterns come back apart. */
function readConversions(command: GenericCommand, positional: readonly PositionalArg[]): { conversions: Conversion[]; excluded: FieldPattern[] } {
  const pieces = piecesOf(positional);
  const conversions: Conversion[] = [];
  const excluded: FieldPattern[] = [];
  for (let i = 0; i < pieces.length; ) {
    const p = pieces[i]!;
    const next = pieces[i + 1];
    if (p.quoted || p.arg.kind !== "word" || !isCall(p, next))
      throw badArgument("convert: expected a conversion such as ctime(<field>) [AS <name>]", p.span);
    const name = p.text.toLowerCase();
    const fn = FUNCTIONS.get(name);
    if (!fn && name !== "none")
      throw badArgument(`Unknown convert function '${p.text}' (convert has: ${[...FUNCTIONS.keys(), "none"].join(", ")})`, p.span);
    const source = fieldPattern(fieldInParens(next, `${name}()`));
    i += 2;
    let target: string | null = null;
    const as = pieces[i];
    if (as && !as.quoted && as.arg.kind === "word" && as.text.toLowerCase() === "as") {
      const t = pieces[i + 1];
      if (!t || t.arg.kind === "parens" || t.arg.kind === "subsearch") throw badArgument("convert: expected a field name after AS", as.span);
      target = t.text;
      checkTarget(source, target, t.span);
      i += 2;
    }
    if (!fn) {
      if (target !== null) throw badArgument("none() takes no AS", as!.span);
      excluded.push(source);
    } else conversions.push({ fn, source, target });
  }
  if (conversions.length === 0) throw badArgument("convert needs at least one conversion such as ctime(<field>)", command.span);
  return { conversions, excluded };
}

function checkTarget(source: FieldPattern, target: string, span: Span): void {
  if (target.includes("*") && !source.wildcard) throw badArgument("an AS name with * needs a wildcard field to take its text from", span);
  if (!target.includes("*") && source.wildcard) throw badArgument("the AS name of a wildcard field needs a * to tell the fields apart", span);
}

export const planConvert: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["timeformat"]);
  const cctx: ConvertContext = { timeformat: args.options.get("timeformat")?.value ?? DEFAULT_TIMEFORMAT, tz: ctx.eval.tz };
  const { conversions, excluded } = readConversions(command, args.positional);

  /** The (source, target) fields a conversion applies to in this row. */
  const fieldsOf = (row: Row, c: Conversion): Array<[string, string]> => {
    if (!c.source.wildcard) return [[c.source.name, c.target ?? c.source.name]];
    const out: Array<[string, string]> = [];
    for (const name of row.names()) {
      if (!c.source.matches(name) || excluded.some((x) => x.matches(name))) continue;
      out.push([name, c.target === null ? name : fillWildcards(c.target, wildcardCaptures(c.source.name, name) ?? [])]);
    }
    return out;
  };

  return {
    name: "convert",
    span: command.span,
    streaming: true,
    // Each row is changed on its own (types.ts, orderSensitive).
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        for (const c of conversions) {
          for (const [source, target] of fieldsOf(row, c)) {
            const v = row.get(source);
            if (v === undefined) continue;
            const out = convertField(v, c.fn, cctx);
            if (out !== "untouched") row.set(target, out);
          }
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns: (input) => withColumns(input, conversions.flatMap((c) => (c.target === null ? [] : [c.target]))),
  };
};
