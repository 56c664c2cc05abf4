// map (Search Reference, "map"): a looping operator that runs a search once for each input result,
// over the same events, and gives the results of all those searches, one search after another.
// - `map search="<search>"`, or `map [<search>]` (the older form: the brackets hold the search to run
//   for each result, not a subsearch run once); a saved search's name is refused (spelunk has none).
// - `$name$` in the search is replaced by the value of the field `name` of the input result, as
//   written (no quotes are added); `$_serial_id$` by the 1-based number of the search. A `$name$`
//   that names no field of the result is left as it is (the docs: "$variable$ strings that match
//   field names in the input results" are substituted). A multivalue field gives its values one per
//   line (spelunk's reading; the docs say nothing; see test/golden/open-questions.yml).
// - maxsearches (default 10): only the first that many results are searched for, with a warning when
//   there are more (the docs: "A message is generated"); 0 runs no search.
// map is a dataset processing command that waits on other searches: it does not run as an operator in
// the pipeline but as a stage (CommandPlan.stage): runSearch runs the commands before it, then it,
// then the commands after it (runStaged in types.ts).
import type { Row } from "../events/row.js";
import type { GenericCommand } from "../syntax/ast.js";
import { formatNumber, valuesOf } from "../values/value.js";
import { badArgument, intOption, readArgs } from "./args.js";
import { SplError } from "../diagnostics.js";
import type { CommandPlan, CommandPlanner, Sink } from "./types.js";

/** The map search for one input result: `$field$` tokens replaced (see the header). */
export function substituteTokens(search: string, row: Row, serial: number): string {
  return search.replace(/\$([^$\s]+)\$/g, (token, name: string) => {
    if (name === "_serial_id") return String(serial);
    const v = row.get(name);
    if (v === undefined) return token;
    return valuesOf(v)
      .map((x) => (typeof x === "number" ? formatNumber(x) : x))
      .join("\n");
  });
}

export const planMap: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["search", "maxsearches"]);
  const maxSearches = intOption(args.options.get("maxsearches"), 10);
  const option = args.options.get("search");
  let search: string;
  if (option) {
    if (args.positional.length > 0) throw badArgument("map takes search=\"<search>\" or [<search>], not both", args.positional[0]!.span);
    search = option.value;
  } else {
    const [first, ...rest] = args.positional;
    if (!first) throw badArgument('map needs the search to run: search="<search>"', command.span);
    if (rest.length > 0) throw badArgument(`map takes one search, found '${rest[0]!.text}' after it`, rest[0]!.span);
    if (first.arg.kind === "subsearch") {
      const { span } = first.arg;
      search = ctx.source.slice(span.start + 1, span.end - 1);
    } else if (first.arg.kind === "brackets") {
      // Brackets that do not parse as a search yet (eval s=$_serial_id$): they may once the tokens
      // are replaced, and each search is parsed then.
      search = first.arg.text;
    } else
      throw new SplError("unsupported-argument", `map ${first.text}: running a saved search is not supported (spelunk has no saved searches); give the search as search="<search>"`, first.span);
  }
  if (search.trim() === "") throw badArgument("map's search is empty", option?.span ?? command.span);
  return {
    name: "map",
    span: command.span,
    streaming: false,
    make(_next: Sink): Sink {
      throw new SplError("unsupported-command", "map runs searches of its own: spelunk runs it in the main pipeline and in appendpipe, not inside this command", command.span);
    },
    columns: () => null,
    async stage(rows, run) {
      if (rows.length > maxSearches)
        run.warn(`map: ${rows.length} results, maxsearches=${maxSearches}: only the first ${maxSearches} searches were run`, command.span);
      const out: Row[] = [];
      for (let i = 0; i < Math.min(rows.length, maxSearches); i++) {
        for (const r of await run.search(substituteTokens(search, rows[i]!, i + 1), command.span, `map search ${i + 1}`)) out.push(r);
      }
      return out;
    },
  } satisfies CommandPlan;
};
