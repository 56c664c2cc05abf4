// makemv (spl-semantics.md 7.9, Example 7.H; Search Reference "makemv", S38):
// `makemv [delim=<string> | tokenizer=<regex>] [allowempty=<bool>] [setsv=<bool>] <field>`.
// Splits the field's value on every occurrence of the delimiter (default a single space), or keeps the
// first capturing group of each match of the tokenizer. Empty values (repeated delimiters, zero-length
// matches) are dropped unless allowempty=true. "makemv does not apply to internal fields" (names
// starting with an underscore): those are left as they are.
import { SplError } from "../diagnostics.js";
import type { GenericCommand } from "../syntax/ast.js";
import { compilePcre, RegexError } from "../values/regex.js";
import { mv, toText, valuesOf, type Scalar } from "../values/value.js";
import { badArgument, boolOption, readArgs, type OptionArg } from "./args.js";
import { oneField } from "./rowcommands-util.js";
import { sameColumns, type CommandPlanner } from "./types.js";

export const DEFAULT_DELIMITER = " ";

/** The tokenizer's pattern, checked for a capturing group (its first group gives the values). */
function tokenizer(o: OptionArg): RegExp {
  let re: RegExp;
  try {
    re = compilePcre(o.value, true);
  } catch (e) {
    if (e instanceof RegexError) throw badArgument(e.message, o.span);
    throw e;
  }
  // An alternative that matches the empty string reports how many groups the pattern has.
  const groups = new RegExp(`${re.source}|`, re.flags.replace("g", "")).exec("")!.length - 1;
  if (groups < 1) throw badArgument("makemv tokenizer= needs a capturing group: its first group gives the values", o.span);
  return re;
}

export const planMakemv: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["delim", "tokenizer", "allowempty", "setsv"]);
  const field = oneField(args.positional, "makemv", command.span);
  const delimOption = args.options.get("delim");
  const tokenizerOption = args.options.get("tokenizer");
  if (delimOption && tokenizerOption) throw badArgument("makemv takes delim= or tokenizer=, not both", tokenizerOption.span);
  const setsv = args.options.get("setsv");
  // setsv is documented, but not what its single value holds: refuse rather than guess.
  if (boolOption(setsv, false)) throw new SplError("unsupported-argument", "makemv setsv=true is not supported by spelunk", setsv!.span);
  const allowEmpty = boolOption(args.options.get("allowempty"), false);
  const delim = delimOption?.value ?? DEFAULT_DELIMITER;
  if (delim === "") throw badArgument("makemv delim= must not be empty", delimOption!.span);
  const re = tokenizerOption ? tokenizer(tokenizerOption) : null;

  const split = (text: string): string[] => {
    const parts = re ? Array.from(text.matchAll(re), (m) => m[1] ?? "") : text.split(delim);
    return allowEmpty ? parts : parts.filter((p) => p !== "");
  };

  const internal = field.name.startsWith("_");
  return {
    name: "makemv",
    span: command.span,
    streaming: true,
    // Each row is changed on its own (types.ts, orderSensitive).
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        const v = row.get(field.name);
        if (v !== undefined && !internal) {
          const out: Scalar[] = [];
          // A field that is already multivalue has each value split, in order; a value that splits into
          // nothing leaves no field (neither case is documented).
          for (const x of valuesOf(v)) out.push(...split(toText(x)));
          row.set(field.name, mv(out));
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns: sameColumns,
  };
};
