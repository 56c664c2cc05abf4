// The eval function table (spl-semantics.md 4.4): every function, by name, assembled from the families.
// Functions not listed here are `unsupported-function` errors at the call's position (compile.ts).
import { CONDITIONAL_FUNCTIONS } from "./conditional.js";
import { CONVERSION_FUNCTIONS } from "./conversion.js";
import { HASH_FUNCTIONS } from "./hash.js";
import { JSON_FUNCTIONS } from "./json.js";
import { MATH_FUNCTIONS } from "./math.js";
import { MULTIVALUE_FUNCTIONS } from "./multivalue.js";
import { TEXT_FUNCTIONS } from "./text.js";
import { TIME_FUNCTIONS } from "./time.js";
import type { FunctionSpec } from "./types.js";

const FAMILIES: readonly (readonly FunctionSpec[])[] = [
  CONDITIONAL_FUNCTIONS,
  TEXT_FUNCTIONS,
  CONVERSION_FUNCTIONS,
  MATH_FUNCTIONS,
  MULTIVALUE_FUNCTIONS,
  TIME_FUNCTIONS,
  HASH_FUNCTIONS,
  JSON_FUNCTIONS,
];

function assemble(): Map<string, FunctionSpec> {
  const table = new Map<string, FunctionSpec>();
  for (const family of FAMILIES) {
    for (const spec of family) {
      if (table.has(spec.name)) throw new Error(`internal: eval function '${spec.name}' is defined twice`);
      table.set(spec.name, spec);
    }
  }
  return table;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = assemble();
