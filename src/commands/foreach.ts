// foreach (Search Reference: foreach, mode=multifield, the default): for each field whose name matches
// one of the wildcard field names, run the bracketed eval template with <<FIELD>> replaced by the field's
// name, <<MATCHSTR>> by what the wildcards matched, and <<MATCHSEG1>>..<<MATCHSEG3>> by what each
// wildcard matched. fieldstr=, matchstr=, matchseg1..3= rename the placeholders.
import { SplError } from "../diagnostics.js";
import { compileExpr } from "../functions/compile.js";
import type { Compiled } from "../functions/types.js";
import type { Span } from "../syntax/ast.js";
import type { GenericCommand } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { compareStrings } from "../values/value.js";
import { readArgs } from "./args.js";
import { wildcardCaptures } from "./fieldlist.js";
import type { CommandPlanner } from "./types.js";

interface Template {
  readonly text: string;
  readonly span: Span;
}

/** The eval assignments of one instance of the template, compiled once per distinct text. */
type Assignments = ReadonlyArray<{ readonly field: string; readonly fn: Compiled }>;

export const planForeach: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3", "mode"]);
  const mode = args.options.get("mode");
  if (mode && mode.value.toLowerCase() !== "multifield")
    throw new SplError("unsupported-argument", `foreach mode=${mode.value} is not supported by spelunk yet (only multifield)`, mode.span);
  const placeholder = (key: string, fallback: string) => args.options.get(key)?.value ?? fallback;
  const names = {
    field: placeholder("fieldstr", "<<FIELD>>"),
    match: placeholder("matchstr", "<<MATCHSTR>>"),
    segs: [placeholder("matchseg1", "<<MATCHSEG1>>"), placeholder("matchseg2", "<<MATCHSEG2>>"), placeholder("matchseg3", "<<MATCHSEG3>>")],
  };
  const brackets = args.positional.filter((p) => p.arg.kind === "brackets" || p.arg.kind === "subsearch");
  if (brackets.length !== 1) throw new SplError("bad-argument", "foreach needs one [template]", command.span);
  const b = brackets[0]!;
  const template: Template = { text: ctx.source.slice(b.span.start + 1, b.span.end - 1), span: b.span };
  const patterns = args.positional.filter((p) => p !== b).flatMap((p) => p.text.split(",").filter(Boolean));
  if (patterns.length === 0) throw new SplError("bad-argument", "foreach needs at least one field name", command.span);

  const cache = new Map<string, Assignments>();
  const instantiate = (field: string, captures: readonly string[]): Assignments => {
    let text = template.text.split(names.field).join(field).split(names.match).join(captures.join(""));
    names.segs.forEach((seg, i) => (text = text.split(seg).join(captures[i] ?? "")));
    let hit = cache.get(text);
    if (hit) return hit;
    let query;
    try {
      // The template is a pipeline of commands (no implicit search), as after a pipe.
      query = parse("| " + text.trim());
    } catch (e) {
      throw new SplError("bad-argument", `foreach template for '${field}': ${(e as Error).message}`, template.span);
    }
    const out: Array<{ field: string; fn: Compiled }> = [];
    query.commands.forEach((c) => {
      if (c.kind !== "eval")
        throw new SplError("unsupported-argument", `foreach templates may hold eval commands only in spelunk (found ${c.kind === "search" && c.implicit ? "a search" : c.kind})`, template.span);
      for (const a of c.assignments) out.push({ field: a.field, fn: compileExpr(a.expr, ctx.eval) });
    });
    hit = out;
    if (cache.size > 10_000) cache.clear();
    cache.set(text, hit);
    return hit;
  };
  // Check the template before any row runs, with a stand-in field name.
  instantiate("field", ["f"]);

  return {
    name: "foreach",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: (next) => ({
      push(row) {
        const fields = row.names().sort(compareStrings);
        for (const pattern of patterns) {
          for (const field of fields) {
            if (field.startsWith("_") && !pattern.startsWith("_")) continue;
            const caps = wildcardCaptures(pattern, field);
            if (caps === null) continue;
            for (const { field: target, fn } of instantiate(field, caps)) {
              const v = fn(row);
              if (typeof v === "boolean") throw new SplError("runtime-error", `Fields cannot be assigned a boolean result (field '${target}')`, template.span);
              row.set(target, v);
            }
          }
        }
        next.push(row);
      },
      finish() {
        next.finish();
      },
    }),
    columns: (input) => input,
  };
};
