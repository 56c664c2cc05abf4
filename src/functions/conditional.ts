// Comparison and conditional functions, and the informational ones (isnull, isnum, typeof...):
// Splunk's "Comparison and Conditional functions" and "Informational functions" pages, spl-semantics.md 4.4.
import { SplError } from "../diagnostics.js";
import { isMulti, valuesOf, toText, type EvalValue } from "../values/value.js";
import { inCidr, parseAnyCidr } from "./cidr.js";
import { custom, literalRegex, strict } from "./define.js";
import { badArgument, isNumberValue, isTextTyped, literalString, patternOf, str } from "./helpers.js";
import { compare, like, truth } from "./operators.js";
import { compileSearchString } from "./searchmatch.js";
import type { FunctionSpec } from "./types.js";

/** A one-value informational test; a multivalue field is none of number, integer or string. */
function informational(name: string, test: (v: string | number, textTyped: boolean) => boolean): FunctionSpec {
  return custom(name, 1, 1, ([arg], _ctx, call) => {
    const a = arg!;
    const textTyped = isTextTyped(call.args[0]);
    return (row) => {
      const v = a(row);
      if (v === null || typeof v === "boolean" || isMulti(v)) return false;
      return test(v as string | number, textTyped);
    };
  }, { boolean: true });
}

/** Pairs of (condition, value): case() returns the value of the first true condition, validate() of the
 * first condition that is not true. An odd number of arguments is an arity error at the call. */
function pairs(name: string, pick: (t: boolean | null) => boolean): FunctionSpec {
  return custom(name, 2, Infinity, (args, _ctx, call) => {
    if (args.length % 2 !== 0) throw new SplError("function-arity", `The '${name}' function takes pairs of condition and value.`, call.span);
    return (row) => {
      for (let i = 0; i < args.length; i += 2) if (pick(truth(args[i]!(row)))) return args[i + 1]!(row);
      return null;
    };
  });
}

export const CONDITIONAL_FUNCTIONS: FunctionSpec[] = [
  custom("if", 3, 3, ([c, t, f]) => (row) => (truth(c!(row)) === true ? t!(row) : f!(row))),
  pairs("case", (t) => t === true),
  // validate: the message of the first condition that is not true (a null comparison is not true, 10.4).
  pairs("validate", (t) => t !== true),
  custom("coalesce", 1, Infinity, (args) => (row) => {
    for (const a of args) {
      const v = a(row);
      if (v !== null) return v;
    }
    return null;
  }),
  strict("nullif", 2, 2, ([a, b]) => (compare("==", a!, b!) === true ? null : a!)),
  strict("null", 0, 0, () => null),
  strict("true", 0, 0, () => true, { boolean: true }),
  strict("false", 0, 0, () => false, { boolean: true }),

  strict("isnull", 1, 1, ([v]) => v === null, { boolean: true }),
  strict("isnotnull", 1, 1, ([v]) => v !== null, { boolean: true }),
  informational("isnum", (v, textTyped) => isNumberValue(v, textTyped)),
  // An integer is a whole number, or numeric text without a point or exponent ("3.0" is a double).
  informational("isint", (v, textTyped) =>
    typeof v === "number" ? Number.isInteger(v) : !textTyped && /^\s*[+-]?\d+\s*$/.test(v)),
  informational("isstr", (v, textTyped) => !isNumberValue(v, textTyped)),
  custom("typeof", 1, 1, ([arg], _ctx, call) => {
    const a = arg!;
    const textTyped = isTextTyped(call.args[0]);
    return (row) => {
      const v = a(row);
      if (v === null) return "Invalid";
      if (typeof v === "boolean") return "Boolean";
      if (isMulti(v)) return "Multivalue";
      return isNumberValue(v as string | number, textTyped) ? "Number" : "String";
    };
  }),

  strict("like", 2, 2, ([v, p]) => like(v!, p!), { boolean: true }),
  custom("match", 2, 2, ([subject, pattern], _ctx, call) => {
    const fixed = literalRegex(call, 1);
    return (row) => {
      const v = subject!(row);
      const re = fixed ?? patternOf(pattern!(row));
      if (v === null || re === null) return null;
      return valuesOf(v).some((x) => re.test(toText(x)));
    };
  }, { boolean: true }),
  custom("searchmatch", 1, 1, (_args, ctx, call) => {
    const text = literalString(call, 0);
    if (text === null) throw badArgument(call, 0, "The 'searchmatch' function takes a literal search string in double quotes.");
    const predicate = compileSearchString(text, ctx, call.args[0]!.span);
    return (row) => predicate(row);
  }, { boolean: true }),
  custom("in", 1, Infinity, ([field, ...values]) => (row) => {
    const x = field!(row);
    if (x === null) return null;
    for (const v of values) if (compare("==", x, v(row)) === true) return true;
    return false;
  }, { boolean: true }),
  custom("cidrmatch", 2, 2, ([cidrArg, ipArg], _ctx, call) => {
    const literal = literalString(call, 0);
    const fixed = literal === null ? null : parseAnyCidr(literal);
    if (literal !== null && fixed === null) throw badArgument(call, 0, `Invalid CIDR subnet "${literal}" for cidrmatch().`);
    return (row): EvalValue => {
      const c = fixed ?? parseAnyCidr(str(cidrArg!(row)) ?? "");
      const ip = ipArg!(row);
      if (ip === null) return null;
      if (c === null) return false;
      return valuesOf(ip).some((x) => inCidr(toText(x), c));
    };
  }, { boolean: true }),
];

