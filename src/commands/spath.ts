// spath (spl-semantics.md 7.8, 8.3, 8.6, Example 7.G; Splunk Search Reference "spath", S39):
// `spath [input=<f>] [output=<f>] [path=<p> | <p>]`. Input defaults to _raw.
// - Without a path, every leaf is extracted with Splunk's JSON names (src/events/flatten.ts), subject
//   to limits.conf `[spath] extraction_cutoff` (8.4).
// - With a path, the values it reaches go to `output` (default: the path itself); an array gives a
//   multivalue field, an object or array reached as a whole gives its JSON text. The path language and
//   its evaluator are the eval spath() function's (src/functions/jsonpath.ts), so the command and the
//   function agree: `{N}` counts from 1 (Q7).
//
// Choices (tests: test/golden/cmd-spath.yml, test/commands/spath.test.ts):
// - Q16: the 5000-byte cutoff applies to extract-all mode only. limits.conf says extraction_cutoff is
//   "for 'extract-all' spath extraction mode" (S35); an explicit path reads the whole input.
// - A path that reaches nothing sets nothing (an existing output field keeps its value).
// - A multivalue input is read from its first value, as functions that take one value do (4.4).
// - XML input (text starting with `<`) is refused at run time: spelunk has no XML reader, and an empty
//   result would be a silent wrong answer. Other text that is not JSON has nothing to extract.
import { SplError } from "../diagnostics.js";
import { DEFAULT_EXTRACTION_CUTOFF, flattenJsonText } from "../events/flatten.js";
import type { Row } from "../events/row.js";
import { parsePath, spathValues, type PathStep } from "../functions/jsonpath.js";
import type { GenericCommand, Span } from "../syntax/ast.js";
import { firstValue, mv, toText } from "../values/value.js";
import { badArgument, readArgs } from "./args.js";
import { streamingMap, type ColumnSpec, type CommandPlanner } from "./types.js";

const OPTIONS = ["input", "output", "path"];

/** A checked location path: XML attribute steps are unsupported, anything else malformed is bad. */
export function checkSpathPath(text: string, span: Span): PathStep[] {
  if (/\{\s*@/.test(text)) throw new SplError("unsupported-argument", `XML attribute steps such as {@name} are not supported by spelunk (spath reads JSON only): '${text}'`, span);
  const steps = text.trim() === "" ? null : parsePath(text);
  if (steps === null) throw badArgument(`Invalid spath path '${text}': expected names separated by '.', each followed by optional {} or {<number>}`, span);
  return steps;
}

export const planSpath: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, OPTIONS);
  const pathOpt = args.options.get("path");
  const [pos, extra] = args.positional;
  if (extra) throw badArgument("The 'spath' command takes one path", extra.span);
  if (pos && pathOpt) throw badArgument("The path is given twice (path= and a positional path)", pos.span);
  if (pos && pos.arg.kind !== "word" && pos.arg.kind !== "quoted") throw badArgument("Expected a location path", pos.span);
  const path = pathOpt ? { text: pathOpt.value, span: pathOpt.span } : pos ? { text: pos.text, span: pos.span } : null;
  const steps = path ? checkSpathPath(path.text, path.span) : null;
  const outputOpt = args.options.get("output");
  if (outputOpt && !path) throw badArgument("output= needs a path: without one spath extracts every field under its own name", outputOpt.span);
  const input = args.options.get("input")?.value ?? "_raw";
  const output = outputOpt?.value ?? path?.text ?? null;

  const apply = (row: Row): void => {
    const v = firstValue(row.get(input));
    if (v === null) return;
    const text = toText(v);
    if (/^\s*</.test(text))
      throw new SplError("runtime-error", `spath: the field '${input}' holds XML, which spelunk cannot read yet (JSON only)`, command.span);
    if (steps !== null && output !== null) {
      const values = spathValues(text, steps);
      if (values.length > 0) row.set(output, mv(values));
      return;
    }
    for (const [name, values] of flattenJsonText(text, { cutoffBytes: DEFAULT_EXTRACTION_CUTOFF })) row.set(name, mv(values));
  };

  return {
    name: "spath",
    span: command.span,
    streaming: true,
    make: streamingMap(apply),
    // As eval: a fixed column list gains the output field. Extract-all names are known only per row,
    // so a fixed list stays as it is.
    columns(input: ColumnSpec): ColumnSpec {
      if (input === null || output === null || input.some((c) => !c.wildcard && c.name === output)) return input;
      return [...input, { name: output, wildcard: false }];
    },
  };
};
