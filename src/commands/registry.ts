// Commands parsed by the loose GenericCommand rule and planned from their arguments (src/commands/args.ts):
// command name -> planner. Aliases map several names to one planner.
import type { GenericCommand } from "../syntax/ast.js";
import { planDataModelCommand } from "./datamodel.js";
import { planForeach } from "./foreach.js";
import { planAppend, planAppendpipe, planJoin } from "./join.js";
import { planMakeresults } from "./makeresults.js";
import { planMap } from "./map.js";
import { planBin } from "./bin.js";
import { planFromjson } from "./fromjson.js";
import { planIplocation } from "./iplocation.js";
import { planRegex } from "./regex.js";
import { planReplace } from "./replace.js";
import { planRex } from "./rex.js";
import { planSpath } from "./spath.js";
import { planInputlookup } from "./inputlookup.js";
import { planLookup } from "./lookup.js";
import { planOutputlookup } from "./outputlookup.js";
import { planConvert } from "./convert.js";
import { planDedup } from "./dedup.js";
import { planFillnull } from "./fillnull.js";
import { planHead } from "./head.js";
import { planMakemv } from "./makemv.js";
import { planMvexpand } from "./mvexpand.js";
import { planReverse } from "./reverse.js";
import { planSort } from "./sort.js";
import { planTail } from "./tail.js";
import { planAddtotals } from "./addtotals.js";
import { planAnomalydetection } from "./anomalydetection.js";
import { planChart } from "./chart.js";
import { planRare } from "./rare.js";
import { planTimechart } from "./timechart.js";
import { planTop } from "./top.js";
import { planTransaction } from "./transaction.js";
import { planXmlkv } from "./xmlkv.js";
import type { CommandPlanner } from "./types.js";

export const GENERIC_COMMANDS: ReadonlyMap<string, CommandPlanner<GenericCommand>> = new Map<string, CommandPlanner<GenericCommand>>([
  ["anomalydetection", planAnomalydetection],
  ["lookup", planLookup],
  ["inputlookup", planInputlookup],
  ["outputlookup", planOutputlookup],
  ["makeresults", planMakeresults],
  ["join", planJoin],
  ["foreach", planForeach],
  ["append", planAppend],
  ["appendpipe", planAppendpipe],
  ["map", planMap],
  ["tstats", planDataModelCommand],
  ["mstats", planDataModelCommand],
  ["datamodel", planDataModelCommand],
  ["from", planDataModelCommand],
  ["rex", planRex],
  ["regex", planRegex],
  ["replace", planReplace],
  ["spath", planSpath],
  ["fromjson", planFromjson],
  ["bin", planBin],
  ["bucket", planBin],
  ["iplocation", planIplocation],
  ["sort", planSort],
  ["dedup", planDedup],
  ["head", planHead],
  ["tail", planTail],
  ["reverse", planReverse],
  ["fillnull", planFillnull],
  ["mvexpand", planMvexpand],
  ["makemv", planMakemv],
  ["convert", planConvert],
  ["top", planTop],
  ["rare", planRare],
  ["timechart", planTimechart],
  ["chart", planChart],
  ["addtotals", planAddtotals],
  ["transaction", planTransaction],
  ["xmlkv", planXmlkv],
]);
