// rare (Splunk Search Reference "rare"): top with the order reversed, least common values first
// ("This command operates identically to the top command, except that the rare command finds the least
// frequent values"). The counting is top's (top.ts).
import type { GenericCommand } from "../syntax/ast.js";
import { planCounting, RARE } from "./top.js";
import type { CommandPlan } from "./types.js";

export const planRare = (command: GenericCommand): CommandPlan => planCounting(command, RARE);
