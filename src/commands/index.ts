// The command registry: command name -> planner. A command without an entry is an
// `unsupported-command` error that names it, at its place in the query.
import { SplError } from "../diagnostics.js";
import type { Command } from "../syntax/ast.js";
import { planEval } from "./eval.js";
import { planFields } from "./fields.js";
import { planRename } from "./rename.js";
import { planSearch } from "./search.js";
import { planTable } from "./table.js";
import type { CommandPlan, PlanContext } from "./types.js";
import { planWhere } from "./where.js";
import { SPLUNK_COMMANDS } from "./known.js";
import { GENERIC_COMMANDS } from "./registry.js";
import { planStats } from "./stats.js";

export function planCommand(command: Command, ctx: PlanContext): CommandPlan {
  switch (command.kind) {
    case "search":
      return planSearch(command, ctx);
    case "eval":
      return planEval(command, ctx);
    case "where":
      return planWhere(command, ctx);
    case "rename":
      return planRename(command, ctx);
    case "table":
      return planTable(command, ctx);
    case "fields":
      return planFields(command, ctx);
    case "stats":
      return planStats(command, ctx);
    case "generic": {
      const planner = GENERIC_COMMANDS.get(command.name);
      if (planner) return planner(command, ctx);
      if (SPLUNK_COMMANDS.has(command.name))
        throw new SplError("unsupported-command", `The '${command.name}' command is not supported by spelunk yet`, command.nameSpan);
      throw new SplError("unsupported-command", `Unknown search command '${command.name}'.`, command.nameSpan);
    }
  }
}

/** Commands spelunk runs (for tab completion and the support table). */
export function supportedCommands(): string[] {
  return ["search", "eval", "where", "rename", "table", "fields", "stats", "eventstats", "streamstats", ...GENERIC_COMMANDS.keys()].sort();
}
