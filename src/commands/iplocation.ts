// iplocation (Splunk Search Reference "iplocation"): adds City, Country, Region, lat, lon (and more
// with allfields=true) from a GeoIP database (Splunk ships MaxMind's GeoLite2-City.mmdb). spelunk has
// no GeoIP database and no option to point to one yet, so the command is refused when the search is
// planned: an empty or made-up location would be a silent wrong answer (DESIGN.md: unsupported means
// loud).
import { SplError } from "../diagnostics.js";
import type { GenericCommand } from "../syntax/ast.js";
import type { CommandPlanner } from "./types.js";

export const planIplocation: CommandPlanner<GenericCommand> = (command) => {
  throw new SplError(
    "unsupported-argument",
    "The 'iplocation' command needs a GeoIP database (Splunk uses MaxMind's GeoLite2-City.mmdb); spelunk has no option to point to one yet",
    command.span,
  );
};
