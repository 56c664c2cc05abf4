// Commands that read Splunk's accelerated data models or metrics indexes (tstats, mstats, datamodel,
// `from datamodel:`). spelunk has raw events only, so these are planned just far enough to name what
// they need, and stop the search with that error: never a silent empty result.
import { SplError } from "../diagnostics.js";
import type { GenericArg, GenericCommand } from "../syntax/ast.js";
import type { CommandPlanner } from "./types.js";

function words(args: readonly GenericArg[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.kind === "word" || a.kind === "quoted") out.push(a.text);
    else if (a.kind === "parens") out.push(...words(a.args));
  }
  return out;
}

/** The data model a tstats/datamodel/from command names (`datamodel=Endpoint.Processes`, `datamodel:"X"`). */
export function dataModelOf(command: GenericCommand): string | null {
  const ws = words(command.args);
  for (let i = 0; i < ws.length; i++) {
    const m = /^datamodel[=:](.*)$/i.exec(ws[i]!);
    if (m) return m[1] !== "" ? m[1]! : (ws[i + 1] ?? null);
  }
  if (command.name === "datamodel") return ws[0] ?? null;
  return null;
}

export const planDataModelCommand: CommandPlanner<GenericCommand> = (command) => {
  const model = dataModelOf(command);
  const what = model ? `the accelerated data model '${model}'` : command.name === "mstats" ? "a metrics index" : "an accelerated data model";
  throw new SplError(
    "unsupported-command",
    `The '${command.name}' command reads ${what}, which spelunk does not have: spelunk runs over raw events only`,
    command.nameSpan,
  );
};
