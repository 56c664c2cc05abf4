// xmlkv (Splunk Search Reference "xmlkv"): `xmlkv [<field>] [maxinputs=<int>]` sets a field for each
// XML element of the field (default _raw). The command is Splunk's script etc/apps/search/bin/xmlkv.py
// (public copies of a Splunk install), whose steps this follows:
// 1. the field's text is unescaped (xml.sax.saxutils.unescape: &lt; &gt; then &amp;) again and again
//    until it no longer changes, and the unescaped text is written back to the field;
// 2. every match of `<(.*?)(?:\s[^>]*)?>([^<]*)</\1>` sets field <1> to <2>, left to right, so a later
//    element of the same name wins; an element holding other elements, a self-closing element or one
//    whose closing tag does not repeat its name sets nothing.
// Python's `.` is any character but a newline, hence `[^\n]` below. A multivalue field is read as its
// values joined by newlines (the script receives the field as one text; inferred), each value written
// back unescaped. maxinputs only sizes the batches the script is called with: accepted, no effect.
import type { GenericCommand } from "../syntax/ast.js";
import { mv, toText, valuesOf } from "../values/value.js";
import { badArgument, fieldNames, intOption, readArgs } from "./args.js";
import { sameColumns, type CommandPlanner } from "./types.js";

const XML_KV = /<([^\n]*?)(?:\s[^>]*)?>([^<]*)<\/\1>/g;

/** xml.sax.saxutils.unescape, repeated until the text no longer changes. */
function unescapeAll(text: string): string {
  for (;;) {
    const out = text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
    if (out === text) return out;
    text = out;
  }
}

export const planXmlkv: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["maxinputs"]);
  intOption(args.options.get("maxinputs"), 50000, 1);
  const odd = args.positional.find((p) => p.arg.kind !== "word" && p.arg.kind !== "quoted");
  if (odd) throw badArgument("xmlkv: expected a field name", odd.span);
  const [target, extra] = fieldNames(args.positional);
  if (extra) throw badArgument("The 'xmlkv' command takes one field", extra.span);
  const field = target?.name ?? "_raw";
  return {
    name: "xmlkv",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        const value = row.get(field);
        if (value !== undefined) {
          const before = valuesOf(value).map(toText);
          const after = before.map(unescapeAll);
          if (after.some((t, i) => t !== before[i])) row.set(field, mv(after));
          for (const m of after.join("\n").matchAll(XML_KV)) if (m[1]) row.set(m[1], m[2] ?? "");
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    // The fields found depend on each row's text: the columns are the rows' fields, as before.
    columns: sameColumns,
  };
};
