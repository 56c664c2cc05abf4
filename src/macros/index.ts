// Search macros: definitions, loading, expansion and the expanded-to-original source map.
export {
  MacroTable,
  checkDefinition,
  isArgumentName,
  isPlainMacroName,
  securityContentDefaults,
  stanzaName,
  type MacroDefinition,
  type MacroResolver,
} from "./table.js";
export { loadMacroDir, loadMacroFile, loadMacros, parseMacroYaml, parseMacrosConf } from "./load.js";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_EXPANSIONS,
  DEFAULT_MAX_LENGTH,
  expandMacros,
  type EvalResult,
  type ExpandOptions,
  type ExpandResult,
} from "./expand.js";
export { SourceMap, type MapSegment } from "./sourcemap.js";
