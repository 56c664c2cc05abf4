// regex (Splunk Search Reference "regex", spl-semantics.md source S51): keeps the rows whose field
// (default _raw) matches an unanchored PCRE, or with `!=` the rows whose field does not match.
// Forms: `regex "<re>"`, `regex <field>="<re>"`, `regex <field>!="<re>"`; NOT is not valid (S51).
//
// Choices where S51 is silent (tests: test/golden/cmd-regex.yml):
// - a row without the field has no value that matches: `=` drops it, `!=` keeps it ("keep results
//   that do not match");
// - a multivalue field matches when any value matches, so `!=` keeps it only when no value does.
import { SplError } from "../diagnostics.js";
import type { GenericArg, GenericCommand, Span } from "../syntax/ast.js";
import { toText, valuesOf } from "../values/value.js";
import { badArgument } from "./args.js";
import { compileAt } from "./rex.js";
import { sameColumns, streamingFilter, type CommandPlanner } from "./types.js";

interface RegexArgs {
  readonly field: string;
  readonly negate: boolean;
  readonly pattern: string;
  readonly span: Span;
}

const FIELD_OP = /^([^=!]+)(!=|=)(.*)$/s;

function argText(a: GenericArg | undefined): string | null {
  return a && (a.kind === "word" || a.kind === "quoted") ? a.text : null;
}

/** Read the arguments by hand: `field=` followed by a quoted string is not an option here. */
function readRegexArgs(command: GenericCommand): RegexArgs {
  const args = command.args;
  const first = args[0];
  if (!first) throw badArgument("The 'regex' command needs a regular expression in double quotes", command.span);
  let used = 1;
  let result: RegexArgs;
  if (first.kind === "quoted") {
    result = { field: "_raw", negate: false, pattern: first.text, span: first.span };
  } else if (first.kind === "word") {
    if (first.text.toUpperCase() === "NOT") throw badArgument("NOT is not valid in the 'regex' command: use <field>!=\"<regex>\"", first.span);
    let m = FIELD_OP.exec(first.text);
    // `field = "re"` written with spaces.
    const op = argText(args[1]);
    if (!m && (op === "=" || op === "!=") && args[1]?.kind === "word") {
      m = FIELD_OP.exec(first.text + op);
      used = 2;
    }
    if (!m) {
      result = { field: "_raw", negate: false, pattern: first.text, span: first.span };
    } else if (m[3] !== "") {
      result = { field: m[1]!, negate: m[2] === "!=", pattern: m[3]!, span: first.span };
    } else {
      const value = args[used];
      const pattern = argText(value);
      if (pattern === null || !value) throw badArgument(`Expected a regular expression in double quotes after '${first.text}${used === 2 ? op : ""}'`, value?.span ?? first.span);
      result = { field: m[1]!, negate: m[2] === "!=", pattern, span: value.span };
      used++;
    }
  } else {
    throw badArgument("Expected a regular expression in double quotes", first.span);
  }
  const extra = args[used];
  if (extra) throw badArgument("The 'regex' command takes one <field>=<regex> or <regex>", extra.span);
  return result;
}

export const planRegex: CommandPlanner<GenericCommand> = (command) => {
  const { field, negate, pattern, span } = readRegexArgs(command);
  if (pattern === "") throw new SplError("bad-argument", "The regular expression of 'regex' is empty", span);
  const re = compileAt(pattern, span, false);
  return {
    name: "regex",
    span: command.span,
    streaming: true,
    make: streamingFilter((row) => {
      const matched = valuesOf(row.get(field)).some((v) => re.test(toText(v)));
      return matched !== negate;
    }),
    columns: sameColumns,
  };
};
